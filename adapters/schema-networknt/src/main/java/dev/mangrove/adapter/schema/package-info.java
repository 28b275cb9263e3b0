/** The {@code SchemaValidator} port over com.networknt:json-schema-validator. */
package dev.mangrove.adapter.schema;

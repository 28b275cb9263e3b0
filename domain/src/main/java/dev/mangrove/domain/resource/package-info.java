/** Databases, collections, mounts and the resolution of request paths to resources (docs/api.md#resources). */
package dev.mangrove.domain.resource;

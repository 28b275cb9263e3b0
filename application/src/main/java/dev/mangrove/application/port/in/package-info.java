/** Inbound ports: the use cases adapters drive, with their self-validating commands and queries. */
package dev.mangrove.application.port.in;

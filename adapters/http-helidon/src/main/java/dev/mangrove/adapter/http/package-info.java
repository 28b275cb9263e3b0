/** The HTTP adapter: Helidon SE routing, request parsing, renderers and problem+json errors. */
package dev.mangrove.adapter.http;

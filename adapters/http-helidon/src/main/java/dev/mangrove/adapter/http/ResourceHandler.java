package dev.mangrove.adapter.http;

/** Serves one operation of a resource: builds the command, calls one use case, writes the representation. */
@FunctionalInterface
interface ResourceHandler {
    void handle(Exchange x);
}

/** The services that implement the use cases over the outbound ports. */
package dev.mangrove.application.service;

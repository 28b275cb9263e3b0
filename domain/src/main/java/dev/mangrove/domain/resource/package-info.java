/** Databases, collections, mounts and the resolution of request paths to resources (SPEC §2). */
package dev.mangrove.domain.resource;

/** Aggregation pipelines: which stages and operators a client may run (SPEC §7.2). */
package dev.mangrove.domain.aggregation;

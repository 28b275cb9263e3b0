/** Aggregation pipelines: which stages and operators a client may run (docs/plugins.md#aggregate). */
package dev.mangrove.domain.aggregation;

/** The built-in embedding plugin: DBRefs replaced by the documents they reference (docs/plugins.md#embedding). */
package dev.mangrove.plugin.embedding;

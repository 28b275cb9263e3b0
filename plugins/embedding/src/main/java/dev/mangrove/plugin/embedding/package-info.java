/** The built-in embedding plugin: DBRefs replaced by the documents they reference (SPEC §7.3). */
package dev.mangrove.plugin.embedding;

/** The built-in aggregate plugin (docs/plugins.md#aggregate). */
package dev.mangrove.plugin.aggregate;

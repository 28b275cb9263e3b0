/** The built-in distinct plugin (docs/plugins.md#distinct). */
package dev.mangrove.plugin.distinct;

/** The example external plugin (docs/plugins.md). */
package dev.mangrove.plugin.hello;

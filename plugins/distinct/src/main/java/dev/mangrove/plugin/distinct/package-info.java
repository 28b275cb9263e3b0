/** The built-in distinct plugin (SPEC §7.1). */
package dev.mangrove.plugin.distinct;

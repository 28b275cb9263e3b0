/** The built-in aggregate plugin (SPEC §7.2). */
package dev.mangrove.plugin.aggregate;

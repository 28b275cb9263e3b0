/** The plugin SPI: framework-free contracts that plugins implement (SPEC §7). */
package dev.mangrove.plugin.spi;

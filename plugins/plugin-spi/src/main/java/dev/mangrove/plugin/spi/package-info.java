/** The plugin SPI: framework-free contracts that plugins implement (docs/plugins.md). */
package dev.mangrove.plugin.spi;

/** The built-in data-api plugin: the MongoDB Atlas Data API v1, on the plugin SPI only (docs/data-api.md). */
package dev.mangrove.plugin.dataapi;

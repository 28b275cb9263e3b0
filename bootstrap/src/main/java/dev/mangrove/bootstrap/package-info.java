/** Main, typed settings, the composition root, the embedded backend and metrics wiring. */
package dev.mangrove.bootstrap;

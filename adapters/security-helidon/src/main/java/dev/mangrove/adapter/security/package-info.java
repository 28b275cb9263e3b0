/**
 * The security adapter: bcrypt password hashing, JWT issuing and verification with Helidon
 * Security's JWT library, and the configuration-file user realm (docs/security.md).
 */
package dev.mangrove.adapter.security;

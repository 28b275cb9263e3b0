/** Who is calling and what the access-control list lets them see and change (docs/security.md). */
package dev.mangrove.domain.security;

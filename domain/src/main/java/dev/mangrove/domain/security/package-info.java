/** Who is calling and what the access-control list lets them see and change (SPEC §6). */
package dev.mangrove.domain.security;

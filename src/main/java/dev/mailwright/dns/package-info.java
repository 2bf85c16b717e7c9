/**
 * DNS for the whole application: one caching stub resolver ({@link dev.mailwright.dns.DnsResolver}) whose
 * answers are data ({@link dev.mailwright.dns.DnsResult}). Below {@code inbound} and {@code delivery}; depends
 * only on {@code config}.
 */
package dev.mailwright.dns;

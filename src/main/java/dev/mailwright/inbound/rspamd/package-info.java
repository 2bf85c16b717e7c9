/** The rspamd HTTP client (scanning and learning) and the bounded queue that reports Junk moves to it. */
package dev.mailwright.inbound.rspamd;

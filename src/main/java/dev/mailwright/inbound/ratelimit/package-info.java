/** Per-client connection and message rates on the MX port (sliding windows, per node) and the exempt networks. */
package dev.mailwright.inbound.ratelimit;

package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;

/**
 * Parses a raw message once, at ingest. Never throws for malformed input: the structure is then
 * best-effort and the raw bytes are kept as they are.
 */
public interface MessageParser {
    ParsedMessage parse(MessageSource raw);
}

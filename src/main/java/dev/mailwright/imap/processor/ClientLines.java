package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.Optional;

/** Reads one more client line during a command (AUTHENTICATE responses); empty at end of stream. */
@FunctionalInterface
public interface ClientLines {
    Optional<String> next() throws IOException;
}

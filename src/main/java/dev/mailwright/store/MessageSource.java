package dev.mailwright.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Raw RFC 5322 bytes (CRLF line ends) that can be read more than once: from memory for small messages
 * and tests, from a spool file for SMTP DATA/BDAT and large APPENDs.
 */
public sealed interface MessageSource {
    long size();

    InputStream open() throws IOException;

    static MessageSource of(byte[] bytes) {
        return new InMemory(bytes.clone());
    }

    static MessageSource ofFile(Path file) {
        return new SpoolFile(file);
    }

    record InMemory(byte[] bytes) implements MessageSource {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    record SpoolFile(Path file) implements MessageSource {
        @Override
        public long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }
}

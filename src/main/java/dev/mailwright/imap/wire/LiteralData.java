package dev.mailwright.imap.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bytes of one literal a client sent: in memory when small, in a spool file when large (APPEND). */
public sealed interface LiteralData {
    long size();

    InputStream open() throws IOException;

    /** The literal as text (UTF-8); only for small, in-memory literals such as names and search strings. */
    String text();

    record InMemory(byte[] bytes) implements LiteralData {
        public InMemory {
            bytes = bytes.clone();
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InMemory other && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "InMemory[" + bytes.length + " bytes]";
        }
    }

    record Spooled(Path file, long size) implements LiteralData {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public String text() {
            throw new IllegalStateException("a spooled literal is not read as text");
        }
    }
}

package dev.mailwright.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.mailwright.store.MessageSource;

/**
 * Run in a separate JVM with a small heap by {@link LargeMessageStreamingTest}: receives a generated message of
 * {@code args[0]} octets through {@link DataReader} into a {@link MessageSpool} and prints the spooled size.
 */
public final class SpoolHeapCheck {
    private SpoolHeapCheck() {
    }

    public static void main(String[] args) throws IOException {
        long octets = Long.parseLong(args[0]);
        Path dir = Files.createTempDirectory("spool-heap-check");
        MessageSpool spool = MessageSpool.create(dir, new SpoolMemory(256 * 1024, 64L << 20), new MessageIntake.Trace("check-1", "Received: check\r\n"), headers -> "");
        DataOutcome outcome = new DataReader(1000, octets + 1000).read(new GeneratedMessage(octets), spool);
        MessageSource source = spool.finish();
        System.out.println(outcome + " " + source.size());
        spool.discard();
        Files.delete(dir);
    }

    /** "Subject: big" then 78-octet lines up to the size, then the terminator; never held in memory. */
    private static final class GeneratedMessage extends InputStream {
        private final byte[] header = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        private final byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        private final byte[] end = ".\r\n".getBytes(StandardCharsets.US_ASCII);
        private final long bodyOctets;
        private long position;

        GeneratedMessage(long octets) {
            this.bodyOctets = octets - octets % line.length;
        }

        @Override
        public int read() {
            long p = position++;
            if (p < header.length) {
                return header[(int) p];
            }
            p -= header.length;
            if (p < bodyOctets) {
                return line[(int) (p % line.length)];
            }
            p -= bodyOctets;
            return p < end.length ? end[(int) p] : -1;
        }
    }
}

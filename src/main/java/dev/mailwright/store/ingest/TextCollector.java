package dev.mailwright.store.ingest;

import java.io.ByteArrayOutputStream;

/**
 * Keeps the first transfer-encoded bytes of a text part, for preview and search. All collectors of one
 * message share one byte budget, so only the start of the text is ever held in memory.
 */
final class TextCollector implements LineReader.ByteSink {
    /** Shared remaining budget in bytes. */
    static final class Budget {
        private long remaining;

        Budget(long bytes) {
            this.remaining = bytes;
        }

        TextCollector collector() {
            return new TextCollector(this);
        }
    }

    private final Budget budget;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    private TextCollector(Budget budget) {
        this.budget = budget;
    }

    @Override
    public void accept(byte[] b, int off, int len) {
        int n = (int) Math.min(len, budget.remaining);
        if (n > 0) {
            bytes.write(b, off, n);
            budget.remaining -= n;
        }
    }

    /** Gives the collected bytes back to the budget; the collector is not used afterwards. */
    void release() {
        budget.remaining += bytes.size();
        bytes.reset();
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}

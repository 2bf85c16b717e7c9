package dev.mailwright.store;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the H2 file is exactly as a clean stop of this server left it, so the start-up passes that look for what a
 * crash can leave behind (the integrity check, the search index's catch-up) have nothing to find. On 100,000 messages
 * those passes took about 4 s of a 9 s start (docs/BENCHMARKS.md, stop 31).
 *
 * <p>The record is a small file next to the database, {@code <name>.clean-stop}, written after the application
 * context has closed (every write transaction ended, the search index committed, H2 closed and its file no longer
 * locked) with the file's size and modification time, and only by a run whose start-up check passed or was itself
 * skipped for a clean stop. The next start reads it and deletes it before the database opens, so any later end of
 * that run, a crash included, leaves no record. A record that does not match the file (it was changed, replaced or
 * restored since) counts for nothing. PostgreSQL and in-memory databases never have one: PostgreSQL's store may be
 * written by other nodes while this one is stopped.
 */
public final class CleanStop {
    static final String SUFFIX = ".clean-stop";
    private static final String FILE_KEY = "database-file";
    private static final String SIZE_KEY = "size";
    private static final String MODIFIED_KEY = "modified-nanos";
    private static final String STOPPED_KEY = "stopped-at";

    private final Optional<Path> database;
    private final Optional<Instant> untouchedSince;
    private final AtomicBoolean recordable = new AtomicBoolean();

    private CleanStop(Optional<Path> database, Optional<Instant> untouchedSince) {
        this.database = database;
        this.untouchedSince = untouchedSince;
    }

    /** No H2 file (PostgreSQL, in-memory): never untouched, never recorded. */
    public static CleanStop none() {
        return new CleanStop(Optional.empty(), Optional.empty());
    }

    /**
     * Reads and deletes the record of the H2 file {@code database} (its {@code .mv.db}); call before the database
     * opens. An unreadable record counts as none; one the directory will not let go of still only matches a file
     * nobody has written since.
     */
    static CleanStop claim(Path database) {
        Path record = recordOf(database);
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
            saved.load(in);
        } catch (NoSuchFileException e) {
            // no record: the last run crashed, is still running, or never stopped since this feature
            return new CleanStop(Optional.of(database), Optional.empty());
        } catch (IOException | RuntimeException e) {
            saved = null;
        }
        Optional<Instant> stoppedAt = Optional.empty();
        try {
            Files.deleteIfExists(record);
            DirectorySync.fsync(record.getParent());
            Fingerprint now = Fingerprint.of(database);
            if (saved != null && database.toString().equals(saved.getProperty(FILE_KEY))
                    && Long.toString(now.size()).equals(saved.getProperty(SIZE_KEY))
                    && Long.toString(now.modifiedNanos()).equals(saved.getProperty(MODIFIED_KEY))) {
                stoppedAt = Optional.of(Instant.parse(saved.getProperty(STOPPED_KEY)));
            }
        } catch (IOException | RuntimeException e) {
            stoppedAt = Optional.empty();
        }
        return new CleanStop(Optional.of(database), stoppedAt);
    }

    /** Whether the store is as the last stop, a clean one, left it; when, if so. */
    public Optional<Instant> untouchedSince() {
        return untouchedSince;
    }

    public boolean storeUntouched() {
        return untouchedSince.isPresent();
    }

    /**
     * The start-up check ran and left nothing unrepaired, or was skipped because the store is untouched: only then may
     * this run's stop be recorded (a run that never checked a crashed store must not vouch for it).
     */
    public void checkedAtStart() {
        recordable.set(true);
    }

    /**
     * After the context has closed (a shutdown handler; tests): records the file's state if this run checked the store
     * at start ({@link #checkedAtStart}) and the database is closed, which its lock shows; returns whether it recorded.
     */
    public boolean record(Instant now) {
        if (database.isEmpty() || !recordable.get() || !Files.isRegularFile(database.get()) || !closed(database.get())) {
            return false;
        }
        Path file = database.get();
        Path record = recordOf(file);
        Path partial = record.resolveSibling(record.getFileName() + ".partial");
        try {
            Fingerprint state = Fingerprint.of(file);
            Properties saved = new Properties();
            saved.setProperty(FILE_KEY, file.toString());
            saved.setProperty(SIZE_KEY, Long.toString(state.size()));
            saved.setProperty(MODIFIED_KEY, Long.toString(state.modifiedNanos()));
            saved.setProperty(STOPPED_KEY, now.toString());
            StringWriter text = new StringWriter();
            saved.store(text, "written by a clean stop of Mailwright; the next start reads and deletes it");
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                out.write(StandardCharsets.UTF_8.encode(text.toString()));
                out.force(true);
            }
            try {
                Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, record, StandardCopyOption.REPLACE_EXISTING);
            }
            DirectorySync.fsync(record.getParent());
            return true;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next start ignores a partial record anyway
            }
            return false;
        }
    }

    private static Path recordOf(Path database) {
        String name = database.getFileName().toString();
        String base = name.endsWith(".mv.db") ? name.substring(0, name.length() - ".mv.db".length()) : name;
        return database.resolveSibling(base + SUFFIX);
    }

    /** Whether no one holds the database file's lock (H2 holds it while the database is open, in any process). */
    private static boolean closed(Path database) {
        try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private record Fingerprint(long size, long modifiedNanos) {
        static Fingerprint of(Path file) throws IOException {
            return new Fingerprint(Files.size(file), Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
        }
    }
}

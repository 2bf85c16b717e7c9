package dev.mailwright.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * The data directory's free space. New mail is refused while less than the reserve
 * ({@code mailwright.disk.min-free-space}) plus the message is free, before anything is written: H2 and the blob
 * store never get to a full disk through a delivery, and the reserve leaves room for flag changes, expunges and
 * the database's own housekeeping. {@link #isNoSpace} recognises the file system's own "full" for the cases the
 * reserve did not foresee (another process filled the disk between the check and the write).
 */
@Component
public class DiskSpace {
    private final Path dataDir;
    private final long reserve;

    DiskSpace(MailwrightProperties properties) {
        this.dataDir = properties.dataDir().toAbsolutePath().normalize();
        this.reserve = properties.disk().minFreeSpace().toBytes();
    }

    /** Throws {@link StoreException.StorageFull} unless {@code bytes} more fit above the reserve. */
    public void requireRoom(long bytes) {
        if (reserve == 0) {
            return;
        }
        long usable = usable();
        if (usable >= 0 && usable - Math.max(0, bytes) < reserve) {
            throw new StoreException.StorageFull("The data directory " + dataDir + " has " + usable
                    + " bytes free, below the reserve of " + reserve, null);
        }
    }

    /** Free bytes for this process in the data directory, -1 when unknown (the directory does not exist yet). */
    public long usable() {
        Path dir = dataDir;
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return -1;
        }
        // statvfs(2) alone: Files.getFileStore would first read the whole mount table, twice per SMTP message
        long usable = dir.toFile().getUsableSpace();
        return usable > 0 || Files.isDirectory(dir) ? usable : -1;
    }

    /** Whether {@code failure} (or a cause) is the file system saying it is full (ENOSPC, EDQUOT). */
    public static boolean isNoSpace(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")
                        || lower.contains("not enough space on the disk")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

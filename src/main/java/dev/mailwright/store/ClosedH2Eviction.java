package dev.mailwright.store;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Hikari's verdict on an SQL exception (spring.datasource.hikari.exception-override-class-name): a connection whose
 * H2 database has been closed is thrown away. H2 closes an embedded database when a write fails hard (a full disk:
 * "No space left on device"); its pooled connections then fail forever with error 90098, which Hikari does not know
 * as a broken connection (only SQLState 08xxx). Evicted, they are replaced by new connections, and the first of those
 * opens the database again (H2 recovers the file), so the server heals once space returns, without a restart.
 * PostgreSQL reports no such codes: its connections are judged as before.
 */
public final class ClosedH2Eviction implements SQLExceptionOverride {
    /** {@code org.h2.api.ErrorCode.DATABASE_IS_CLOSED}. */
    private static final int DATABASE_IS_CLOSED = 90098;
    /** {@code org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN}. */
    private static final int DATABASE_CALLED_AT_SHUTDOWN = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (sql.getErrorCode() == DATABASE_IS_CLOSED || sql.getErrorCode() == DATABASE_CALLED_AT_SHUTDOWN)) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}

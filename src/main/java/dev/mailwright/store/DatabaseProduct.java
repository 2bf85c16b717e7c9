package dev.mailwright.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/** Which of the two databases the store runs on, for the few statements that differ (asked once, at start-up). */
public final class DatabaseProduct {
    private DatabaseProduct() {
    }

    public static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell the database product: " + e.getMessage(), e);
        }
    }
}

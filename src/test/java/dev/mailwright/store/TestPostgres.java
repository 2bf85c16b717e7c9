package dev.mailwright.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL database of the tests: {@code MAILWRIGHT_TEST_POSTGRES_URL}, user and password from the environment.
 *
 * <p>Surefire runs the tests in parallel JVMs ({@code forkCount}), each told its number in the system property
 * {@code mailwright.test.fork}. Fork 1 uses the configured database; fork {@code n > 1} uses {@code <database>_fork<n>}
 * next to it, so no test ever sees rows another JVM is writing (some clear whole tables, the integrity tests scan
 * all of them). A missing fork database is created here (the role needs CREATEDB; {@code .ci/run} creates them
 * beforehand), with the pg_trgm extension the search migration expects.
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "MAILWRIGHT_TEST_POSTGRES_URL";
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/]*/)([A-Za-z0-9_]+)(\\?.*)?$");
    private static final Map<String, String> PREPARED = new ConcurrentHashMap<>();

    private TestPostgres() {
    }

    /** Whether the environment names a test database. */
    public static boolean configured() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank();
    }

    /** The JDBC URL of this JVM's database, or null when none is configured. */
    public static String url() {
        if (!configured()) {
            return null;
        }
        String base = System.getenv(URL_VARIABLE).trim();
        String fork = System.getProperty("mailwright.test.fork");
        if (fork == null || fork.equals("1")) {   // outside surefire (an IDE), or its first fork
            return base;
        }
        if (fork.isEmpty() || !fork.chars().allMatch(Character::isDigit)) {
            // the forks would share one database and clear each other's rows: never run on silently
            throw new IllegalStateException("mailwright.test.fork is '" + fork + "', not a fork number (pom.xml)");
        }
        return PREPARED.computeIfAbsent(base + "#" + fork, key -> prepareForkDatabase(base, fork));
    }

    /** Work against a schema of its own in this JVM's database. */
    @FunctionalInterface
    public interface SchemaWork {
        void run(String url, String user, String password, String schema) throws Exception;
    }

    /**
     * Runs {@code work} in a new schema named {@code prefix} and a random suffix (a migration test's database of its
     * own, without a database per test), and drops the schema afterwards whatever happened.
     */
    public static void inOwnSchema(String prefix, SchemaWork work) throws Exception {
        String schema = prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            work.run(url(), user(), password(), schema);
        } finally {
            try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** The datasource properties of a Spring test context on this JVM's database. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::url);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
    }

    public static String user() {
        return envOr("MAILWRIGHT_TEST_POSTGRES_USER", "mailwright");
    }

    public static String password() {
        return envOr("MAILWRIGHT_TEST_POSTGRES_PASSWORD", "mailwright");
    }

    private static String prepareForkDatabase(String base, String fork) {
        Matcher url = DATABASE_IN_URL.matcher(base);
        if (!url.matches()) {
            throw new IllegalStateException(URL_VARIABLE + " must look like jdbc:postgresql://host:port/database to run "
                    + "in parallel forks: " + base);
        }
        String database = url.group(2) + "_fork" + fork;
        String forkUrl = url.group(1) + database + (url.group(3) == null ? "" : url.group(3));
        try (Connection connection = DriverManager.getConnection(forkUrl, user(), password())) {
            return forkUrl;
        } catch (SQLException missing) {
            if (!"3D000".equals(missing.getSQLState())) {   // invalid_catalog_name: the database does not exist
                throw new IllegalStateException("Cannot reach the fork database " + forkUrl + ": " + missing.getMessage(),
                        missing);
            }
        }
        try (Connection connection = DriverManager.getConnection(base, user(), password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the fork database " + database + " (give the role CREATEDB, "
                    + "or create it with the pg_trgm extension): " + e.getMessage(), e);
        }
        try (Connection connection = DriverManager.getConnection(forkUrl, user(), password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create pg_trgm in " + database + ": " + e.getMessage(), e);
        }
        return forkUrl;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

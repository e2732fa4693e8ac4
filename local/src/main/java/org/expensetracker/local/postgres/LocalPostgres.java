package org.expensetracker.local.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL (zonky embedded binaries) whose data lives under {@code <dataDir>/postgres} and
 * survives restarts, standing in for Aurora PostgreSQL.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String DEFAULT_DATABASE = "expenses";

    private static final System.Logger LOG = System.getLogger(LocalPostgres.class.getName());
    private static final String SUPERUSER = "postgres";
    /**
     * What the application connects as (through the Data API): the owner of its database and schema,
     * and nothing more. Not a superuser, so COPY … TO PROGRAM, pg_read_file, untrusted extensions and
     * other roles' data are out of its reach.
     */
    public static final String APPLICATION_ROLE = "expenses_app";
    private static final String BINARIES_MAJOR_VERSION = "17";
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final Path pgData;
    private final String defaultDatabase;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private LocalPostgres(EmbeddedPostgres postgres, Path pgData, String defaultDatabase) {
        this.postgres = postgres;
        this.pgData = pgData;
        this.defaultDatabase = defaultDatabase;
        this.shutdownHook = new Thread(this::close, "local-postgres-stop");
    }

    /** Starts PostgreSQL on {@code port} (0 = any free port) with the database {@value #DEFAULT_DATABASE}. */
    public static LocalPostgres start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_DATABASE);
    }

    public static LocalPostgres start(Path dataDir, int port, String defaultDatabase) {
        Path pgData = dataDir.toAbsolutePath().normalize().resolve("postgres");
        try {
            Files.createDirectories(pgData);
            refuseIncompatibleDataDirectory(pgData);
            stopOrphanedPostmaster(pgData);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // We own shutdown (see close()); zonky's hook would race ours and the Data API's drain.
                    .setRegisterShutdownHook(false)
                    // initdb on a 2-core CI box plus first start easily exceeds zonky's 10 s default.
                    .setPGStartupWait(Duration.ofSeconds(90))
                    // Locale-independent Unicode case mapping (lower/ILIKE on "É"), whatever the host's LANG.
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    // English server messages: clients (and people) match on them.
                    .setServerConfig("lc_messages", "C")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's defaults trade durability for test speed (fsync and synchronous_commit off):
                    // here an answered write must survive a crash of PostgreSQL or of the machine, as on Aurora.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(pgData.resolveSibling("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(pgData.resolveSibling("postgres.log").toFile()))
                    .start();
            LocalPostgres local = new LocalPostgres(postgres, pgData, defaultDatabase);
            try {
                local.createDatabaseIfMissing(defaultDatabase);
                local.prepareApplicationRole(defaultDatabase);
            } catch (RuntimeException e) {
                local.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(local.shutdownHook);
            LOG.log(Level.INFO, "PostgreSQL on 127.0.0.1:{0,number,#}, data in {1}", local.port(), pgData);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + pgData
                    + " (its log: " + pgData.resolveSibling("postgres.log") + ")", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String defaultDatabase() {
        return defaultDatabase;
    }

    public Path dataDirectory() {
        return pgData;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=" + SUPERUSER;
    }

    public DataSource dataSource() {
        return dataSource(defaultDatabase);
    }

    /** A non-pooled DataSource: every getConnection() opens a new session. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port()});
        dataSource.setDatabaseName(database);
        dataSource.setUser(SUPERUSER);
        dataSource.setApplicationName("expense-tracker-local");
        return dataSource;
    }

    /** As {@link #dataSource(String)}, connected as {@link #APPLICATION_ROLE} instead of the superuser. */
    public DataSource applicationDataSource(String database) {
        PGSimpleDataSource dataSource = (PGSimpleDataSource) dataSource(database);
        dataSource.setUser(APPLICATION_ROLE);
        return dataSource;
    }

    /**
     * Creates {@link #APPLICATION_ROLE} if missing and hands it the database: ownership of the database
     * (and so of its public schema) and of every table, sequence and view already in that schema (a data
     * directory from before the role existed). Idempotent.
     */
    void prepareApplicationRole(String database) {
        try (Connection connection = dataSource(database).getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                        CREATE ROLE %1$s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
                      END IF;
                    END $$""".formatted(APPLICATION_ROLE));
            sql.execute("ALTER DATABASE \"" + database.replace("\"", "\"\"") + "\" OWNER TO " + APPLICATION_ROLE);
            sql.execute("ALTER SCHEMA public OWNER TO " + APPLICATION_ROLE);
            sql.execute("""
                    DO $$ DECLARE r record; BEGIN
                      FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
                                  AND pg_get_userbyid(c.relowner) <> '%1$s'
                                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP
                        EXECUTE format('ALTER %%s %%I OWNER TO %1$s',
                                       CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                                      WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.relname);
                      END LOOP;
                    END $$""".formatted(APPLICATION_ROLE));
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the application role in " + database + ": " + e.getMessage(), e);
        }
    }

    public void createDatabaseIfMissing(String database) {
        try (Connection connection = dataSource("postgres").getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            } catch (SQLException e) {
                // Two starters racing on a fresh data dir: the loser finds it created.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops PostgreSQL (fast shutdown). Idempotent, and safe to call from a shutdown hook. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNotRegistered) {
            // Nothing to undo.
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not stop PostgreSQL cleanly", e);
        }
    }

    private static void refuseIncompatibleDataDirectory(Path pgData) throws IOException {
        Path versionFile = pgData.resolve("PG_VERSION");
        if (Files.exists(versionFile)) {
            String version = Files.readString(versionFile, StandardCharsets.US_ASCII).trim();
            if (!BINARIES_MAJOR_VERSION.equals(version)) {
                throw new IllegalStateException(pgData + " holds a PostgreSQL " + version
                        + " cluster, but this build runs PostgreSQL " + BINARIES_MAJOR_VERSION
                        + ": move that directory away (or dump and restore it) and start again");
            }
        }
    }

    /**
     * After a kill -9 of the JVM, the postmaster it started keeps running on the data directory: a
     * new start then either fails ("lock file postmaster.pid already exists") or, on the same port,
     * zonky silently talks to the orphan. Stop the orphan first, unless a live process still owns it.
     */
    private static void stopOrphanedPostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        refuseIfAnotherLiveOwner(pgData);
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // PostgreSQL itself discards a pid file whose process is gone.
        }
        Optional<String> command = process.get().info().command();
        if (command.isEmpty()) {
            throw new IllegalStateException("PostgreSQL data directory " + pgData + " is in use by process " + pid
                    + ", which cannot be inspected; stop it and start again");
        }
        if (!Path.of(command.get()).getFileName().toString().startsWith("postgres")) {
            // The pid was recycled by an unrelated process; PostgreSQL would refuse to start over it.
            LOG.log(Level.INFO, "removing stale {0} (pid {1,number,#} is now {2})", pidFile, pid, command.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.log(Level.WARNING, "stopping orphaned PostgreSQL (pid {0,number,#}) left running on {1}", pid, pgData);
        stop(process.get());
    }

    /** zonky holds a file lock in the data directory while it runs; the OS drops it when its JVM dies. */
    private static void refuseIfAnotherLiveOwner(Path pgData) throws IOException {
        Path lockFile = pgData.resolve(ZONKY_LOCK_FILE);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data directory " + pgData
                        + " is in use by another running local stack");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("PostgreSQL data directory " + pgData + " is already in use in this JVM");
        }
    }

    private static void stop(ProcessHandle postmaster) {
        List<ProcessHandle> backends = postmaster.descendants().toList();
        // SIGTERM = smart shutdown: waits for sessions, and the killed JVM's sessions are already gone.
        postmaster.destroy();
        if (!awaitExit(postmaster, STALE_STOP_WAIT)) {
            postmaster.destroyForcibly();
            // Backends outliving a SIGKILLed postmaster keep its shared memory, which blocks the next start.
            backends.forEach(ProcessHandle::destroyForcibly);
            if (!awaitExit(postmaster, STALE_STOP_WAIT)) {
                throw new IllegalStateException("could not stop orphaned PostgreSQL pid " + postmaster.pid());
            }
        }
        backends.forEach(backend -> awaitExit(backend, Duration.ofSeconds(5)));
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }
}

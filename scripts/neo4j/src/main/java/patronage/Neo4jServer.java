package patronage;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * A throw-away Neo4j (Community, in-process harness) for tests and CI.
 *
 * <pre>
 * java -cp ... patronage.Neo4jServer --data-dir DIR --port N --port-file FILE [--pid-file FILE] [--logs-dir DIR]
 * </pre>
 *
 * Bolt listens on 127.0.0.1 only, without TLS and without authentication; HTTP(S) is off.
 * If --port is 0 or already taken, the OS picks a free port. Once Bolt accepts connections
 * the actual port is written (atomically) to --port-file and a line "started bolt://..." is
 * printed. The process then blocks until SIGTERM/SIGINT, when a shutdown hook closes the
 * database cleanly.
 */
public final class Neo4jServer {
    private static final String HOST = "127.0.0.1";
    private static final PrintStream OUT = System.out;

    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        Path portFile = null;
        Path logsDir = null;
        Path pidFile = null;
        int port = 7687;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--data-dir" -> dataDir = Path.of(v);
                case "--port-file" -> portFile = Path.of(v);
                case "--logs-dir" -> logsDir = Path.of(v);
                case "--pid-file" -> pidFile = Path.of(v);
                case "--port" -> port = Integer.parseInt(v);
                default -> usage("unknown argument " + a);
            }
        }
        if (dataDir == null || portFile == null) {
            usage("--data-dir and --port-file are required");
        }
        if (port < 0 || port > 65535) {
            usage("bad --port " + port);
        }
        if (port != 0 && !portFree(port)) {
            log("port " + port + " is in use; letting the OS pick a free one");
            port = 0;
        }
        Files.createDirectories(dataDir);
        if (pidFile != null) {
            writeAtomically(pidFile, Long.toString(ProcessHandle.current().pid()));
        }

        Instant t0 = Instant.now();
        log("starting Neo4j (in-process harness) in " + dataDir.toAbsolutePath()
                + ", bolt on " + HOST + ":" + (port == 0 ? "<any free port>" : port));

        var builder = Neo4jBuilders.newInProcessBuilder(dataDir)
                .withDisabledServer() // no Jetty: the HTTP and HTTPS connectors stay off
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                .withConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory, ByteUnit.mebiBytes(64))
                .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .withConfig(GraphDatabaseSettings.udc_enabled, false) // no usage reports
                .withConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                // A test server: do not linger 5 s on shutdown waiting for Bolt connections.
                .withConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .withConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1));
        if (logsDir != null) {
            Files.createDirectories(logsDir);
            builder = builder.withConfig(GraphDatabaseSettings.logs_directory, logsDir.toAbsolutePath());
        }

        final Neo4j neo4j;
        try {
            neo4j = builder.build();
        } catch (Throwable e) {
            log("FAILED to start: " + e);
            e.printStackTrace(OUT);
            OUT.flush();
            System.exit(1);
            return;
        }

        final Path pf = portFile;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("signal received: stopping Neo4j");
            try {
                neo4j.close();
                log("stopped");
            } catch (Throwable e) {
                log("error while stopping: " + e);
                e.printStackTrace(OUT);
            } finally {
                try {
                    Files.deleteIfExists(pf);
                } catch (IOException ignored) {
                    // the script cleans up as well
                }
                stopped.countDown();
                OUT.flush();
            }
        }, "neo4j-shutdown"));

        URI bolt = neo4j.boltURI();
        int actualPort = bolt.getPort();
        writeAtomically(portFile, Integer.toString(actualPort));

        log("started bolt://" + HOST + ":" + actualPort + " (auth disabled, no TLS, HTTP off) in "
                + Duration.between(t0, Instant.now()).toMillis() + " ms; pid "
                + ProcessHandle.current().pid());
        OUT.flush();

        // Block until the JVM is asked to exit (SIGTERM/SIGINT run the hook above).
        stopped.await();
    }

    private static void writeAtomically(Path file, String value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void log(String msg) {
        OUT.println(Instant.now() + " patronage-neo4j: " + msg);
        OUT.flush();
    }

    private static void usage(String why) {
        System.err.println("Neo4jServer: " + why);
        System.err.println("usage: Neo4jServer --data-dir DIR --port N --port-file FILE [--pid-file FILE] [--logs-dir DIR]");
        System.exit(2);
    }
}

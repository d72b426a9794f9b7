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
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;
import org.neo4j.server.configuration.ServerSettings;

/**
 * A throw-away Neo4j (Community, in-process harness) for tests and CI.
 *
 * <pre>
 * java -cp ... patronage.Neo4jServer --data-dir DIR --port N --port-file FILE [--pid-file FILE] [--logs-dir DIR]
 *     [--http-port N --store-dir DIR --guide README.md]
 * </pre>
 *
 * With --http-port (the investigator's server, {@code scripts/neo4j/neo4j browser}) the HTTP
 * connector listens on 127.0.0.1 too and serves Neo4j Browser (the neo4j-browser jar on the
 * classpath) at /browser/, and a Browser guide made of the README's queries at
 * /patronage/guide (shown on connect); the database then lives in --store-dir, which
 * survives restarts, while --data-dir only holds the harness's throw-away working files.
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
        int httpPort = -1;
        Path storeDir = null;
        Path guide = null;
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
                case "--http-port" -> httpPort = Integer.parseInt(v);
                case "--store-dir" -> storeDir = Path.of(v);
                case "--guide" -> guide = Path.of(v);
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
        boolean http = httpPort >= 0;
        if (http) {
            // The Browser learns the Bolt address from the HTTP discovery document, so
            // both ports must be known before start: pick free ones now.
            if (port == 0) {
                port = freePort();
            }
            if (httpPort == 0) {
                httpPort = freePort();
            } else if (!portFree(httpPort)) {
                log("FAILED: HTTP port " + httpPort + " is in use");
                System.exit(1);
            }
        }
        Files.createDirectories(dataDir);
        if (pidFile != null) {
            writeAtomically(pidFile, Long.toString(ProcessHandle.current().pid()));
        }

        Instant t0 = Instant.now();
        log("starting Neo4j (in-process harness) in " + dataDir.toAbsolutePath()
                + ", bolt on " + HOST + ":" + (port == 0 ? "<any free port>" : port));

        var builder = Neo4jBuilders.newInProcessBuilder(dataDir)
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
        if (http) {
            Path store = storeDir != null ? storeDir : dataDir.resolve("store");
            Files.createDirectories(store);
            GuideResource.readme = guide;
            String local = HOST + ":" + httpPort;
            builder = builder
                    .withConfig(HttpConnector.enabled, true)
                    .withConfig(HttpConnector.listen_address, new SocketAddress(HOST, httpPort))
                    .withConfig(HttpConnector.advertised_address, new SocketAddress(HOST, httpPort))
                    .withConfig(HttpsConnector.enabled, false)
                    // Outside the harness's working folder, which it deletes on close.
                    .withConfig(GraphDatabaseSettings.data_directory, store.toAbsolutePath())
                    .withConfig(ServerSettings.allow_telemetry, false)
                    // Browser 5.24 loads Google Fonts, Segment, Canny and reports to Sentry
                    // before it reads allow_telemetry: this policy keeps it on this machine
                    // (its own files, and Bolt on the loopback).
                    .withConfig(ServerSettings.http_static_content_security_policy, String.join("; ",
                            "default-src 'self'",
                            "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
                            "style-src 'self' 'unsafe-inline'",
                            "img-src 'self' data: blob:",
                            "font-src 'self' data:",
                            "worker-src 'self' blob:",
                            "connect-src 'self' ws://" + HOST + ":" + port + " http://" + HOST + ":" + port,
                            "frame-ancestors 'none'"))
                    .withConfig(ServerSettings.browser_remote_content_hostname_whitelist, HOST + "," + local)
                    .withConfig(ServerSettings.browser_post_connect_cmd, "play http://" + local + "/patronage/guide")
                    .withUnmanagedExtension("/patronage", GuideResource.class);
        } else {
            builder = builder.withDisabledServer(); // no Jetty: the HTTP and HTTPS connectors stay off
        }
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

        if (http) {
            writeAtomically(pf.resolveSibling("http-port"), Integer.toString(httpPort));
            log("Neo4j Browser at http://" + HOST + ":" + httpPort + "/browser/ (database in "
                    + (storeDir != null ? storeDir : dataDir.resolve("store")).toAbsolutePath() + ")");
        }
        log("started bolt://" + HOST + ":" + actualPort + " (auth disabled, no TLS, HTTP " + (http ? "on" : "off") + ") in "
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0), 1);
            return s.getLocalPort();
        }
    }

    private static void log(String msg) {
        OUT.println(Instant.now() + " patronage-neo4j: " + msg);
        OUT.flush();
    }

    private static void usage(String why) {
        System.err.println("Neo4jServer: " + why);
        System.err.println("usage: Neo4jServer --data-dir DIR --port N --port-file FILE [--pid-file FILE] [--logs-dir DIR]"
                + " [--http-port N [--store-dir DIR] [--guide README.md]]");
        System.exit(2);
    }
}

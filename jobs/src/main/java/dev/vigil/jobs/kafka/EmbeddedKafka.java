package dev.vigil.jobs.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, listening
 * on 127.0.0.1 at free ports: for {@code vigil demo} and the integration tests. Its data lives in a
 * temporary folder that {@link #close()} deletes.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path dir;
    private final boolean deleteOnClose;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(Path dir, boolean deleteOnClose, KafkaRaftServer server, String bootstrapServers) {
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats a fresh log folder, starts the broker and waits (at most {@code timeout}) until it answers. */
    public static EmbeddedKafka start(Duration timeout) throws Exception {
        return start(timeout, null, 0);
    }

    /**
     * Starts a broker that can be stopped and started again with what it held: on {@code port} (the
     * controller on {@code port + 1}) with its log in {@code dir}, formatted on first use and kept at close.
     *
     * @param dir  the log folder, or null for a fresh temporary one deleted at close
     * @param port the broker port, or 0 for free ports
     */
    public static EmbeddedKafka start(Duration timeout, Path dir, int port) throws Exception {
        boolean temporary = dir == null;
        if (temporary) {
            dir = Files.createTempDirectory("vigil-kafka-");
        } else {
            Files.createDirectories(dir);
        }
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = port == 0 ? freePort() : port + 1;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", "2");
        // One broker: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "2");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "2");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // The broker keeps what it holds. Kafka's default retention (7 days, judged by the record's own
        // timestamp) deleted a simulated fleet's weeks-old records about 30 s after they were written,
        // before the job had read them. No time or size limit: the broker lives as long as one run.
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", "-1");
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "vigil embedded broker");
        }
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
            int rc = StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()}, new PrintStream(formatLog, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("formatting the Kafka log folder failed: " + formatLog.toString(StandardCharsets.UTF_8));
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(dir, temporary, server, "127.0.0.1:" + brokerPort);
        try {
            kafka.awaitReady(timeout);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Topic settings of every topic created here: nothing is deleted by age or size (see {@link #start}). */
    public static final Map<String, String> KEEP_EVERYTHING = Map.of("retention.ms", "-1", "retention.bytes", "-1");

    /** Creates topics (an existing one is kept) with the given partition count; they keep every record. */
    public void createTopics(int partitions, String... topics) throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String t : topics) {
            newTopics.add(new NewTopic(t, partitions, (short) 1).configs(KEEP_EVERYTHING));
        }
        try (Admin admin = admin()) {
            admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " not ready within " + timeout, last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (!deleteOnClose) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the broker's folder " + dir, e);
        }
    }
}

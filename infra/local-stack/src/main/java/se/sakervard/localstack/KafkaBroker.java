package se.sakervard.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in a child JVM on
 * random loopback ports, with its data and its log ({@code broker.log}) under a work directory.
 *
 * <p>A child JVM rather than an in-process broker keeps the broker's dependencies (Scala, its own
 * Jackson, log4j) off the classpath of the code under test, and makes the broker as real as the one
 * in production: it is started the way {@code kafka-server-start.sh} starts it.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Classes whose jars the broker needs besides the provided-scope list that the build writes to
   * {@code kafka-broker.classpath}: kafka-clients and its runtime dependencies are compile/runtime
   * scope in this module, so that list leaves them out. The broker gets the very jars this JVM
   * loaded them from. (The compression codecs matter: the broker decompresses batches to validate
   * them.)
   */
  private static final List<String> CLIENT_CLASSES =
      List.of(
          "org.apache.kafka.clients.admin.Admin",
          "org.slf4j.Logger",
          "net.jpountz.lz4.LZ4Factory",
          "com.github.luben.zstd.Zstd",
          "org.xerial.snappy.Snappy");

  /** The user of the broker's SASL listener. */
  public static final String SASL_USER = "sakervard";

  private final List<String> command;
  private final Path logFile;
  private final int port;
  private final int saslPort;
  private final String saslPassword;
  private ChildProcess process;

  private KafkaBroker(
      List<String> command, Path logFile, int port, int saslPort, String saslPassword) {
    this.command = command;
    this.logFile = logFile;
    this.port = port;
    this.saslPort = saslPort;
    this.saslPassword = saslPassword;
  }

  /**
   * Formats fresh storage under {@code workDir} (which must not hold an earlier broker's data),
   * starts the broker and waits until it serves.
   */
  public static KafkaBroker start(Path workDir) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    int port = ChildProcess.freeLoopbackPort();
    int controllerPort = ChildProcess.freeLoopbackPort();
    int saslPort = ChildProcess.freeLoopbackPort();
    // A password of this broker's own, never one kept anywhere: the tests of credentials read it.
    String saslPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path config = workDir.resolve("server.properties");
    Files.writeString(
        config, serverProperties(workDir, port, controllerPort, saslPort, saslPassword));
    Path log4j = workDir.resolve("log4j2.properties");
    Path logFile = workDir.resolve("broker.log");
    Files.writeString(log4j, log4jProperties(logFile));

    List<String> java =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms64m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dlog4j2.configurationFile=" + log4j.toUri(),
            "-cp",
            brokerClasspath());
    // --standalone: this node is the whole (dynamic) controller quorum, which is what
    // controller.quorum.bootstrap.servers in server.properties asks for.
    ChildProcess.run(
        "Kafka storage format",
        concat(
            java,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            config.toString(),
            "--standalone"),
        logFile,
        FORMAT_TIMEOUT);

    KafkaBroker broker =
        new KafkaBroker(
            concat(java, "kafka.Kafka", config.toString()), logFile, port, saslPort, saslPassword);
    broker.launch();
    return broker;
  }

  /**
   * Kills the broker process with SIGKILL, as a crash would: no controlled shutdown, nothing
   * flushed beyond what the operating system already has. {@link #restart} brings it back.
   */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /**
   * Starts the killed broker again on the same ports with the same data: storage is not formatted
   * again, so topics, records and committed offsets survive (the broker recovers its logs from the
   * unclean shutdown). Waits until it serves.
   */
  public void restart() throws IOException, InterruptedException {
    launch();
  }

  /** {@code host:port} for the {@code bootstrap.servers} client setting. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * {@code host:port} of the listener that takes only clients that authenticate (SASL PLAIN, user
   * {@link #SASL_USER}, password {@link #saslPassword}), as a production cluster's would.
   */
  public String saslBootstrapServers() {
    return "127.0.0.1:" + saslPort;
  }

  /** The password of {@link #SASL_USER}, made up when the broker was first started. */
  public String saslPassword() {
    return saslPassword;
  }

  /** Creates the topics that do not exist yet (replication factor 1). */
  public void createTopics(int partitions, String... names)
      throws InterruptedException, ExecutionException {
    createTopics(partitions, Map.of(), names);
  }

  /**
   * Creates the topics that do not exist yet (replication factor 1) with these topic configs, e.g.
   * {@code cleanup.policy=compact}; a topic that exists keeps the configs it has. Returns once
   * every partition of the topics answers on its leader: a created topic is committed to the
   * metadata before its partitions serve, and a producer that sends in between can wait out its
   * delivery timeout.
   */
  public void createTopics(int partitions, Map<String, String> configs, String... names)
      throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      List<NewTopic> topics =
          Arrays.stream(names)
              .map(n -> new NewTopic(n, partitions, (short) 1).configs(configs))
              .toList();
      for (var result : admin.createTopics(topics).values().values()) {
        try {
          result.get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      // Both calls fail (unknown topic or partition, not the leader) until the topics serve.
      process.awaitReady(
          START_TIMEOUT,
          () -> {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (var topic :
                admin
                    .describeTopics(List.of(names))
                    .allTopicNames()
                    .get(5, TimeUnit.SECONDS)
                    .values()) {
              for (var partition : topic.partitions()) {
                ends.put(
                    new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
              }
            }
            admin.listOffsets(ends).all().get(5, TimeUnit.SECONDS);
            return true;
          });
    }
  }

  /** Deletes those of these topics that exist, and returns once they are gone. */
  public void deleteTopics(String... names) throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get();
      List<String> gone = Arrays.stream(names).filter(existing::contains).toList();
      admin.deleteTopics(gone).all().get();
      process.awaitReady(
          START_TIMEOUT,
          () -> Collections.disjoint(admin.listTopics().names().get(5, TimeUnit.SECONDS), gone));
    }
  }

  /** Stops the broker (it shuts down cleanly on SIGTERM; killed if that takes over 15 s). */
  @Override
  public void close() {
    process.close();
  }

  private void launch() throws IOException, InterruptedException {
    process = ChildProcess.start("Kafka broker", command, logFile);
    try {
      // The listener first: an Admin client created earlier would log every refused connection.
      process.awaitReady(START_TIMEOUT, () -> accepts(port));
      try (Admin admin = admin()) {
        process.awaitReady(
            START_TIMEOUT,
            () -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String serverProperties(
      Path workDir, int port, int controllerPort, int saslPort, String saslPassword) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "listeners=PLAINTEXT://127.0.0.1:"
            + port
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort
            + ",SASL_PLAINTEXT://127.0.0.1:"
            + saslPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:"
            + port
            + ",SASL_PLAINTEXT://127.0.0.1:"
            + saslPort,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,"
            + "SASL_PLAINTEXT:SASL_PLAINTEXT",
        "sasl.enabled.mechanisms=PLAIN",
        "listener.name.sasl_plaintext.plain.sasl.jaas.config="
            + "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
            + SASL_USER
            + "=\""
            + saslPassword
            + "\";",
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
        "log.dirs=" + workDir.resolve("data"),
        // One node: every internal topic has one replica, and few partitions start faster.
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "min.insync.replicas=1",
        "group.initial.rebalance.delay.ms=0",
        // Topics are created explicitly, so a typo fails instead of creating a stray topic.
        "auto.create.topics.enable=false",
        // Flink's exactly-once KafkaSink defaults to 1 h transactions; the broker default max is 15
        // min.
        "transaction.max.timeout.ms=3600000",
        // Small for a dev box: the cleaner's default 128 MiB buffer would dwarf everything else.
        "log.cleaner.dedupe.buffer.size=8388608",
        "num.network.threads=2",
        "num.io.threads=2",
        "background.threads=2",
        "num.recovery.threads.per.data.dir=1",
        "");
  }

  private static String log4jProperties(Path logFile) {
    return String.join(
        "\n",
        "appender.file.type=File",
        "appender.file.name=file",
        "appender.file.fileName=" + logFile,
        "appender.file.append=true",
        "appender.file.layout.type=PatternLayout",
        "appender.file.layout.pattern=%d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n",
        "rootLogger.level=WARN",
        "rootLogger.appenderRef.file.ref=file",
        // Start-up and shut-down milestones, useful when reading the log after a failure.
        "logger.server.name=kafka.server",
        "logger.server.level=INFO",
        "");
  }

  private static String brokerClasspath() throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    try (InputStream in = KafkaBroker.class.getResourceAsStream("/kafka-broker.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "kafka-broker.classpath is not on the classpath; build infra/local-stack with Maven");
      }
      String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      entries.addAll(Arrays.asList(listed.split(File.pathSeparator)));
    }
    for (String className : CLIENT_CLASSES) {
      entries.add(jarOf(className));
    }
    return entries.stream().collect(Collectors.joining(File.pathSeparator));
  }

  private static String jarOf(String className) {
    try {
      Class<?> type = Class.forName(className, false, KafkaBroker.class.getClassLoader());
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "The Kafka broker needs " + className + ", which is not on this JVM's classpath", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the jar of " + className, e);
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(Arrays.asList(tail));
    return all;
  }
}

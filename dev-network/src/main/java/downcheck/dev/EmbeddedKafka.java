package downcheck.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker running in this JVM: Kafka's own server classes in KRaft
 * combined mode (one process that is both broker and controller), no Docker, no ZooKeeper.
 *
 * <p>Used by {@code downcheck dev} and by tests. The PLAINTEXT listener binds to {@code host:port}
 * and is advertised as such, so agents on other hosts can join when {@code host} is a routable
 * address. The CONTROLLER listener takes a free port on the same host. A wildcard host ({@code
 * 0.0.0.0}) binds every interface, advertises this machine's first non-loopback IPv4 address, and
 * keeps the controller on 127.0.0.1.
 *
 * <p>Topics are not created on demand ({@code auto.create.topics.enable=false}), as on a
 * production cluster: whoever uses a topic creates it. A topic created without a partition count
 * gets {@value #DEFAULT_PARTITIONS} partitions.
 *
 * <p>If {@code dataDir} already holds a formatted broker, it is reused with its topics and
 * offsets; otherwise it is formatted with a fresh cluster id.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  static final int DEFAULT_PARTITIONS = 3;
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  /** Attempts when we pick the ports ourselves and another process takes one in between. */
  private static final int PORT_ATTEMPTS = 3;

  /**
   * Starts a broker that takes only SASL/SCRAM-SHA-512 logins and authorizes every request with
   * Kafka's StandardAuthorizer (no ACL: denied), as docs/operations.md sets one up: {@code admin}
   * is the super user the broker itself logs in as, {@code users} (name → password) are
   * bootstrapped at format time, the way {@code kafka-storage format --add-scram} does. The
   * controller listener stays PLAINTEXT on loopback.
   */
  public static EmbeddedKafka startTemporarySecured(String host, Login admin, Map<String, String> users) {
    Path dir;
    try {
      dir = Files.createTempDirectory("downcheck-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
    }
    try {
      return start(host, 0, dir, true, new Security(admin, users));
    } catch (RuntimeException | Error e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /** A SCRAM user's name and password. */
  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[" + username + ", password hidden]";
    }
  }

  /** The SASL side of a secured broker: its super user and the users bootstrapped with it. */
  private record Security(Login admin, Map<String, String> users) {
    static final String MECHANISM = "SCRAM-SHA-512";

    String jaas(Login login) {
      return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + login.username()
          + "\" password=\"" + login.password() + "\";";
    }

    List<String> scramArguments() {
      List<String> out = new ArrayList<>();
      out.add(MECHANISM + "=[name=" + admin.username() + ",password=" + admin.password() + "]");
      users.forEach((name, password) -> out.add(MECHANISM + "=[name=" + name + ",password=" + password + "]"));
      return out;
    }

    Map<String, String> adminClient() {
      return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM, "sasl.jaas.config", jaas(admin));
    }
  }

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteDataDirOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteDataDirOnClose = deleteDataDirOnClose;
  }

  /**
   * Starts a broker with its data in a new temporary directory, deleted again by {@link #close()}.
   *
   * @param port the PLAINTEXT port, or 0 for a free one
   */
  public static EmbeddedKafka startTemporary(String host, int port) {
    Path dir;
    try {
      dir = Files.createTempDirectory("downcheck-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
    }
    try {
      return start(host, port, dir, true, null);
    } catch (RuntimeException | Error e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /**
   * Starts a broker keeping its data in {@code dataDir} (created if missing, kept on close), and
   * returns once it serves requests.
   *
   * @param host the address to bind and advertise
   * @param port the PLAINTEXT port, or 0 for a free one
   * @throws IllegalStateException if the broker cannot start or does not become ready in time
   */
  public static EmbeddedKafka start(String host, int port, Path dataDir) {
    return start(host, port, dataDir, false, null);
  }

  private static EmbeddedKafka start(String host, int port, Path dataDir, boolean temporary, Security security) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory " + dataDir, e);
    }
    Path logDir = dataDir.toAbsolutePath().resolve("kraft-combined-logs");
    String bindHost = host;
    String advertisedHost = advertisedHost(host);
    // The controller voter address must be one that can be connected to, never a wildcard.
    String controllerHost = isWildcard(host) ? "127.0.0.1" : host;

    int attempts = port == 0 ? PORT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      int brokerPort = port == 0 ? freePort(bindHost) : port;
      // Two free-port probes may be handed the same port once the first socket is closed:
      // Kafka then refuses two listeners on one port, so draw until they differ.
      int controllerPort = freePort(controllerHost);
      while (controllerPort == brokerPort) {
        controllerPort = freePort(controllerHost);
      }
      Properties props =
          brokerProperties(
              bindHost, advertisedHost, brokerPort, controllerHost, controllerPort, logDir);
      if (security != null) {
        secure(props, bindHost, advertisedHost, brokerPort, controllerHost, controllerPort, security);
      }
      try {
        return startOnce(props, logDir, bindHost, advertisedHost, brokerPort, dataDir, temporary, security);
      } catch (RuntimeException e) {
        if (attempt < attempts && isBindFailure(e)) {
          LOG.info("Kafka port taken while starting, retrying with other ports: {}", e.toString());
          continue;
        }
        if (isBindFailure(e)) {
          throw new IllegalStateException(
              "Kafka cannot bind its listeners (broker "
                  + hostPort(bindHost, brokerPort)
                  + ", controller "
                  + hostPort(controllerHost, controllerPort)
                  + "): is the port in use or the address not local?",
              e);
        }
        throw e;
      }
    }
  }

  private static EmbeddedKafka startOnce(
      Properties props,
      Path logDir,
      String bindHost,
      String advertisedHost,
      int brokerPort,
      Path dataDir,
      boolean temporary,
      Security security) {
    long t0 = System.nanoTime();
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    format(logDir, security == null ? List.of() : security.scramArguments());
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    String bootstrap = hostPort(advertisedHost, brokerPort);
    long t1 = System.nanoTime();
    try {
      server.startup();
      long t2 = System.nanoTime();
      awaitReady(bootstrap, security == null ? Map.of() : security.adminClient());
      LOG.debug(
          "Kafka start phases: config+format {} ms, startup {} ms, ready {} ms",
          TimeUnit.NANOSECONDS.toMillis(t1 - t0),
          TimeUnit.NANOSECONDS.toMillis(t2 - t1),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t2));
    } catch (RuntimeException | Error e) {
      stopQuietly(server);
      throw e;
    }
    LOG.info(
        "Kafka broker up on {} (bound to {}) in {} ms, data in {}",
        bootstrap,
        hostPort(bindHost, brokerPort),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        dataDir);
    return new EmbeddedKafka(server, bootstrap, dataDir, temporary);
  }

  static Properties brokerProperties(
      String bindHost,
      String advertisedHost,
      int brokerPort,
      String controllerHost,
      int controllerPort,
      Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + hostPort(controllerHost, controllerPort));
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + hostPort(bindHost, brokerPort)
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + hostPort(controllerHost, controllerPort));
    p.put("advertised.listeners", BROKER_LISTENER + "://" + hostPort(advertisedHost, brokerPort));
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toString());

    // One node: every internal topic has one replica, and one in sync is enough.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");

    p.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
    p.put("auto.create.topics.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The default 128 MiB dedupe buffer is for big compacted topics; this JVM runs other things.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "1");
    return p;
  }

  /** SASL/SCRAM on the client listener, the StandardAuthorizer, and the broker's own login as super user. */
  private static void secure(Properties p, String bindHost, String advertisedHost, int brokerPort, String controllerHost,
      int controllerPort, Security security) {
    String name = "SASL_PLAINTEXT";
    p.put("listeners", name + "://" + hostPort(bindHost, brokerPort) + "," + CONTROLLER_LISTENER + "://"
        + hostPort(controllerHost, controllerPort));
    p.put("advertised.listeners", name + "://" + hostPort(advertisedHost, brokerPort));
    p.put("inter.broker.listener.name", name);
    p.put("listener.security.protocol.map", name + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("sasl.enabled.mechanisms", Security.MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", Security.MECHANISM);
    p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", security.jaas(security.admin()));
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    // the broker's own login, and the controller listener's (PLAINTEXT: ANONYMOUS) within this process
    p.put("super.users", "User:" + security.admin().username() + ";User:ANONYMOUS");
  }

  private static void format(Path logDir, List<String> scramArguments) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      // Formatted by an earlier run: keep its cluster id, topics and offsets.
      LOG.debug("Kafka storage in {} already formatted", logDir);
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setScramArguments(scramArguments)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + logDir, e);
    }
    LOG.debug("Kafka storage: {}", out.toString(StandardCharsets.UTF_8).strip());
  }

  /** Waits until the broker answers an admin request and lists itself as a live broker. */
  private static void awaitReady(String bootstrap, Map<String, String> clientSecurity) {
    Properties p = new Properties();
    p.putAll(clientSecurity);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "downcheck-embedded-kafka-ready");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    try (Admin admin = Admin.create(p)) {
      while (System.nanoTime() < deadline) {
        try {
          var nodes =
              admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                  .nodes()
                  .get(5, TimeUnit.SECONDS);
          if (nodes.stream().map(Node::id).anyMatch(id -> id == NODE_ID)) {
            return;
          }
          last = new IllegalStateException("broker not yet listed, nodes: " + nodes);
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka on " + bootstrap, e);
    }
    throw new IllegalStateException(
        "Kafka on " + bootstrap + " did not become ready within " + READY_TIMEOUT, last);
  }

  /** The address clients connect to, {@code host:port}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Where the broker keeps its data. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Stops the broker and waits (bounded) for it to stop; deletes the data dir if {@link
   * #startTemporary} made it. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    boolean stopped = stopQuietly(server);
    if (stopped) {
      LOG.info(
          "Kafka broker on {} stopped in {} ms",
          bootstrapServers,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
    if (deleteDataDirOnClose) {
      if (stopped) {
        deleteRecursively(dataDir);
      } else {
        LOG.warn("Kafka did not stop in time; leaving its data in {}", dataDir);
      }
    }
  }

  /** Shuts the server down and waits at most {@link #SHUTDOWN_TIMEOUT}; true if it stopped. */
  private static boolean stopQuietly(KafkaRaftServer server) {
    Thread stopper =
        new Thread(
            () -> {
              try {
                server.shutdown();
                server.awaitShutdown();
              } catch (RuntimeException e) {
                LOG.warn("error while stopping Kafka", e);
              }
            },
            "embedded-kafka-shutdown");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(SHUTDOWN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      LOG.warn("Kafka did not stop within {}", SHUTDOWN_TIMEOUT);
      return false;
    }
    return true;
  }

  private static boolean isBindFailure(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof BindException) {
        return true;
      }
      String msg = t.getMessage();
      if (msg != null && msg.contains("failed to bind")) {
        return true;
      }
    }
    return false;
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    }
  }

  private static boolean isWildcard(String host) {
    return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /**
   * A wildcard bind address cannot be advertised: advertise this machine's first non-loopback
   * IPv4 address instead (what other hosts most likely reach), else the loopback address.
   */
  private static String advertisedHost(String host) {
    if (!isWildcard(host)) {
      return host;
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      LOG.debug("cannot list network interfaces", e);
    }
    return "127.0.0.1";
  }

  static String hostPort(String host, int port) {
    boolean ipv6 = host.contains(":") && !host.startsWith("[");
    return (ipv6 ? "[" + host + "]" : host) + ":" + port;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  LOG.debug("cannot delete {}", path, e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot delete Kafka data in {}: {}", dir, e.toString());
    }
  }
}

package downcheck.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.secrets.SecretsKey;
import downcheck.dev.EmbeddedKafka;
import downcheck.model.check.ProbeKind;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorMessage;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.runtime.KafkaSettings;
import downcheck.testing.Configs;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged coordinator as an operator runs it, refusing to start on a secrets key that
 * cannot serve the monitors (docs/operations.md): with another key than the one that sealed the
 * monitors on the topic, without a key file when sealed monitors exist, and without a key file
 * while sharing state with others. Each time one
 * line that names {@code --secrets-key-file}, and exit status 2.
 */
class WrongSecretsKeyIT {
  private final List<Process> processes = new ArrayList<>();
  private EmbeddedKafka kafka;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void anotherKeyThanTheMonitorsWereSealedWithOrNoneAmongOthersIsOneLineAndExitTwo() throws Exception {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    // a monitor as a coordinator with the cluster's key wrote it: its channel sealed
    SecretsKey clusterKey = SecretsKey.fromFile(Configs.SECRETS_KEY_FILE);
    String id = "m-sealed0000001";
    String url = clusterKey.seal("channel:" + id, "https://hooks.slack.com/services/T0/B0/SECRETSECRET");
    MonitorSpec spec = new MonitorSpec(id, "sealed", "https://shop.example/", ProbeKind.HTTP, List.of(), 5000, 2000, null,
        60, 2, List.of(), List.of(new Channel(Channel.SLACK, url, null)), null, Instant.now(), false, null);
    KafkaSettings settings = Configs.coordinator(kafka.bootstrapServers()).kafka();
    try (Admin admin = Admin.create(new HashMap<String, Object>(settings.admin("sealer-admin")))) {
      admin.createTopics(List.of(new NewTopic(settings.topics().monitors(), 3, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(new HashMap<String, Object>(
        settings.producer("sealer")))) {
      producer.send(new ProducerRecord<>(settings.topics().monitors(), id,
          Codec.toJson(MonitorMessage.definition(Schema.VERSION, spec)))).get(30, TimeUnit.SECONDS);
    }

    Path otherKey = Configs.writeKeyFile();
    Path log = Path.of("target", "hostile-wrong-secrets-key.log");
    Process wrong = start(log, "--secrets-key-file", otherKey.toString());
    assertThat(wrong.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
    String out = Files.readString(log);
    assertThat(wrong.exitValue()).as(out).isEqualTo(2);
    assertThat(out.lines().filter(l -> l.contains("coordinator did not start")).toList()).as(out).singleElement()
        .satisfies(line -> assertThat(line).contains("--secrets-key-file", id));
    assertThat(out).doesNotContain("SECRETSECRET");

    // no key file at all: its random key opens none of them either, and monitors that could never
    // notify anyone are no reason to run
    Path log1 = Path.of("target", "hostile-no-secrets-key-with-sealed-monitors.log");
    Process none = start(log1);
    assertThat(none.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
    String out1 = Files.readString(log1);
    assertThat(none.exitValue()).as(out1).isEqualTo(2);
    assertThat(out1.lines().filter(l -> l.contains("coordinator did not start")).toList()).as(out1).singleElement()
        .satisfies(line -> assertThat(line).contains("without --secrets-key-file", id));

    Path log2 = Path.of("target", "hostile-no-secrets-key-among-others.log");
    Process alone = start(log2, "--hazelcast-members", "127.0.0.1:" + freePort());
    assertThat(alone.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    String out2 = Files.readString(log2);
    assertThat(alone.exitValue()).as(out2).isEqualTo(2);
    assertThat(out2.strip().lines()).as(out2).singleElement()
        .satisfies(line -> assertThat(line).contains("--secrets-key-file"));
  }

  /** The packaged coordinator, alone on a free Hazelcast port, its output to {@code log}. */
  private Process start(Path log, String... flags) throws IOException {
    String jar = System.getProperty("downcheck.coordinatorJar");
    if (jar == null || !new File(jar).isFile()) {
      throw new AssertionError("downcheck.coordinatorJar is not a built jar: " + jar + " (run mvn verify, which packages first)");
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar, "--kafka", kafka.bootstrapServers(), "--partitions", "3", "--http-host", "127.0.0.1", "--http-port", "0",
        "--hazelcast-port", String.valueOf(freePort()), "--hazelcast-cluster", "wrong-key-" + System.nanoTime()));
    cmd.addAll(List.of(flags));
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

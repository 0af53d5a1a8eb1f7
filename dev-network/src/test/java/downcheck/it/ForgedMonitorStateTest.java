package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import downcheck.coordinator.secrets.WrongSecretsKeyException;
import downcheck.dev.EmbeddedKafka;
import downcheck.model.monitor.Change;
import downcheck.model.monitor.MonitorMessage;
import downcheck.model.monitor.MonitorState;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.runtime.KafkaSettings;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.TestCoordinator;
import downcheck.testing.Wait;
import downcheck.testing.WebhookReceiver;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitors topic trusted only for what a coordinator of the cluster wrote: a state record
 * forged by any Kafka writer, its outbox full of a change the coordinators never decided, is
 * dropped and counted, and nothing is delivered (docs/monitors.md); and a coordinator given
 * another secrets key than the one that sealed the monitors refuses to start, naming the flag.
 */
class ForgedMonitorStateTest {
  static final Duration SOON = Duration.ofSeconds(30);
  static final String HOOK = "/forged";
  static final String SECRET = "the-owners-real-secret";
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void closeAll() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception e) {
        // already closed by the test
      }
    }
  }

  @Test
  void aForgedStateRecordsOutboxIsNeverDeliveredAndAnotherKeyRefusesToStart() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    closers.add(kafka);
    String bootstrap = kafka.bootstrapServers();
    Vertx outside = Vertx.vertx();
    closers.add(() -> Wait.on(outside.close()));
    WebhookReceiver receiver = new WebhookReceiver(outside);
    String[] fast = {"--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "100"};

    // a monitor with a signed webhook, made through the API; then every coordinator goes
    TestCoordinator a = TestCoordinator.start(bootstrap, "forged-a-" + UUID.randomUUID(), "a", fast);
    closers.add(a);
    String id = Monitors.create(a.api(), "{\"target\":\"http://127.0.0.1:9/\",\"intervalSeconds\":60,"
        + "\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url(HOOK) + "\",\"secret\":\"" + SECRET + "\"}]}");
    KafkaSettings settings = Configs.coordinator(bootstrap).kafka();
    a.close();

    // any Kafka writer: a state record with a change waiting in its outbox
    Instant now = Instant.now();
    MonitorStatus fresh = MonitorStatus.fresh(now);
    Change forged = new Change(1, Change.DOWN, MonitorState.UP, MonitorState.GLOBAL_OUTAGE, null, null, now);
    MonitorStatus withOutbox = new MonitorStatus(fresh.confirmed(), fresh.pending(), null, fresh.schedule(),
        new MonitorStatus.Changes(1, List.of(), List.of(forged)), fresh.uptime(), false);
    // and the monitor's own definition, its sealed channels copied as they are, pointed at another target
    ObjectNode definition = (ObjectNode) Api.json(definitionOnTheTopic(settings, id));
    ((ObjectNode) definition.get("monitor")).put("target", "http://127.0.0.1:8/attacker");
    Map<String, Object> props = new HashMap<>(settings.producer("forger"));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(settings.topics().monitors(), id, definition.toString())).get(10, TimeUnit.SECONDS);
      producer.send(new ProducerRecord<>(settings.topics().monitors(), MonitorMessage.stateKey(id),
          Codec.toJson(MonitorMessage.state(Schema.VERSION, id, withOutbox)))).get(10, TimeUnit.SECONDS);
    }

    // another key than the one that sealed the monitor: no start, one reason naming the flag
    String otherKey = Configs.writeKeyFile().toString();
    assertThatThrownBy(() -> closers.add(TestCoordinator.start(bootstrap, "forged-x-" + UUID.randomUUID(), "x",
        "--secrets-key-file", otherKey)))
        .hasRootCauseInstanceOf(WrongSecretsKeyException.class)
        .rootCause().hasMessageContaining("--secrets-key-file").hasMessageContaining(id);

    // a full restart with the cluster's key: the forged records are dropped, counted, and nothing told
    Instant restarted = Instant.now();
    TestCoordinator b = TestCoordinator.start(bootstrap, "forged-b-" + UUID.randomUUID(), "b", fast);
    closers.add(b);
    // the monitor's state seeded and its first look done (it delivers the outbox before it runs):
    // no region is live, so that run is put off by the 60 s interval
    await("first look after the restart").atMost(SOON).until(() -> {
      String json = b.hazelcast().<String, String>getMap("downcheck-monitor-state").get(id);
      return json != null && Instant.parse(Api.json(json).get("nextRunAt").asText()).isAfter(restarted.plusSeconds(30));
    });
    await("nothing delivered").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
        receiver.all().isEmpty() && Api.json(b.api().get("/api/v1/monitors/" + id + "/deliveries").body()).isEmpty());
    assertThat(b.metric("downcheck_monitor_records_rejected_total{record=\"state\"}")).isEqualTo(1.0);
    assertThat(b.metric("downcheck_monitor_records_rejected_total{record=\"definition\"}")).isEqualTo(1.0);
    JsonNode monitor = Monitors.get(b.api(), id);
    assertThat(monitor.get("state").asText()).as("the forged state is not shown either").isEqualTo("PENDING");
    assertThat(monitor.get("target").asText()).as("nor the forged definition").isEqualTo("http://127.0.0.1:9/");
  }

  /** The monitor's definition record as a coordinator wrote it, read with a plain consumer. */
  private static String definitionOnTheTopic(KafkaSettings settings, String id) {
    String topic = settings.topics().monitors();
    Map<String, Object> props = new HashMap<>(settings.consumer("forger-reader", null, "earliest"));
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      String[] found = {null};
      await("the definition on the topic").atMost(SOON).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (id.equals(r.key()) && r.value() != null) {
            found[0] = r.value();
          }
        });
        return found[0] != null;
      });
      return found[0];
    }
  }
}

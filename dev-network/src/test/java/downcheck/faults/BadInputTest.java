package downcheck.faults;

import static downcheck.faults.Checks.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.coordinator.verdict.VerdictPublisher;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import downcheck.model.check.ProbeKind;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.VerdictEvent;
import io.vertx.core.Future;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the network cannot trust. Junk on every topic, in every partition, ahead of good records:
 * not JSON, an empty value, the JSON of another message, a message whose fields break its rules,
 * one far too big; each is skipped and counted on the reader's metric, and the good records
 * behind it still count. And a live-stream reader that never reads: cut off at a bounded buffer.
 */
class BadInputTest {
  static final Duration WITHIN = Duration.ofSeconds(20);
  static final int PARTITIONS = 3;

  static TestNetwork net;
  static Api api;
  static TargetServer canary;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1000));
    api = net.api();
    canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(canary.url())));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void junkOnEveryTopicIsSkippedAndCountedAndTheGoodRecordsBehindItStillCount() throws Exception {
    var topics = net.kafka().topics();
    String later = Instant.now().plusSeconds(60).toString();
    Map<String, List<String>> junk = Map.of(
        topics.checks(), List.of(
            "{\"schema\":1,\"checkId\":\"c-junk\",\"agentId\":\"x\",\"region\":\"eu-west\",\"outcome\":\"UP\"}",
            // parses, but its target is no URL: the agent must not choke on it (see below)
            "{\"schema\":1,\"checkId\":\"c-junk2\",\"target\":\"::not a url::\",\"kind\":\"http\",\"timeoutMs\":1000,"
                + "\"regions\":[\"eu-west\"],"
                + "\"createdAt\":\"" + Instant.now() + "\",\"deadline\":\"" + later + "\"}"),
        topics.results(), List.of(
            "{\"schema\":1,\"agentId\":\"eu-west-a1\",\"region\":\"eu-west\",\"sentAt\":\"" + Instant.now()
                + "\",\"intervalMs\":1000}",
            "{\"schema\":1,\"checkId\":\"c-junk\",\"agentId\":\"a\",\"region\":\"eu-west\",\"outcome\":\"MAYBE\"}"),
        topics.verdicts(), List.of("{\"schema\":1,\"trigger\":null}", "{\"schema\":1,\"check\":{\"id\":7,\"final\":\"perhaps\"}}"),
        topics.agents(), List.of("{\"schema\":1,\"agentId\":\"ghost-a1\",\"region\":\"ghost\",\"intervalMs\":-5}",
            "{\"schema\":1,\"checkId\":\"c-1\",\"target\":\"https://example.com/\"}"),
        topics.monitors(), List.of("{\"schema\":1,\"monitor\":\"every minute\"}"));
    String oversized = "{\"schema\":1,\"pad\":\"" + "x".repeat(600 * 1024) + "\"}";
    Map<String, List<String>> sent = new java.util.HashMap<>();
    KafkaProducer<String, String> producer = KafkaProducer.create(net.vertx(), net.kafka().producer("test-junk"));
    try {
      for (var entry : junk.entrySet()) {
        List<String> values = new ArrayList<>(entry.getValue());
        values.add("{not json");
        values.add(oversized);
        if (!entry.getKey().equals(topics.agents()) && !entry.getKey().equals(topics.monitors())) {
          values.add(null); // on the compacted topics an empty value is a tombstone, on the others junk
        }
        sent.put(entry.getKey(), values);
        for (int p = 0; p < PARTITIONS; p++) {
          for (String v : values) {
            KafkaProducerRecord<String, String> r = KafkaProducerRecord.create(entry.getKey(), "junk-" + p, v, null, p);
            if (entry.getKey().equals(topics.verdicts())) {
              asCoordinator(r); // junk from a coordinator: a stranger's is dropped before it is read (KafkaTrustTest)
            }
            Wait.on(producer.send(r));
          }
        }
      }
    } finally {
      Wait.on(producer.close());
    }

    // every reader counted and skipped every bad record it reads, each kind on each partition (the
    // agents' check consumer included)
    Map<String, Double> kinds = new java.util.TreeMap<>();
    sent.forEach((topic, values) -> kinds.put(topic, (double) values.size() * PARTITIONS));
    await("junk counted").atMost(WITHIN).untilAsserted(() -> {
      // on the checks topic all but the one that parses; that one is answered as an error, never probed
      assertThat(metric("downcheck_agent_malformed_records_total{topic=\"downcheck.checks\"}"))
          .as("checks").isEqualTo(kinds.get(topics.checks()) - PARTITIONS);
      assertThat(metric("downcheck_agent_results_total{outcome=\"ERROR\"}")).as("checks that cannot run")
          .isEqualTo((double) PARTITIONS);
      for (String topic : List.of(topics.results(), topics.verdicts(), topics.agents(), topics.monitors())) {
        assertThat(metric("downcheck_malformed_records_total{topic=\"" + topic + "\"}")).as(topic)
            .isEqualTo(kinds.get(topic));
      }
    });

    // the good records behind them: a check is taken by the agent, its result folded, its
    // verdicts streamed, and a new agent's heartbeat joins the live set
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(canary.url())));
    assertThat(api.regionNames()).doesNotContain("ghost");
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView accepted = api.submit(body(target.url(), List.of("eu-west", "us-east"), 2000));
      try (SseClient events = new SseClient(api.base() + "/api/v1/checks/" + accepted.id() + "/events")) {
        List<SseClient.Event> all = events.untilEnd(WITHIN);
        assertThat(all).extracting(SseClient.Event::name).last().isEqualTo("final"); // results may all precede the connect
        CheckView fin = Codec.fromJson(all.get(all.size() - 1).data(), CheckView.class);
        assertThat(fin.verdict()).isEqualTo(Verdict.UP);
        assertThat(fin.quorum().reported()).isEqualTo(2);
      }
    }
  }

  private static double metric(String name) {
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).strip());
      }
    }
    return 0;
  }

  @Test
  void aStreamReaderThatNeverReadsIsCutOffAtABoundedBufferWhileAReadingOneKeepsUp() throws Exception {
    int port = Integer.parseInt(api.base().substring(api.base().lastIndexOf(':') + 1));
    double droppedBefore = metric("downcheck_streams_dropped_total{kind=\"sse\"}");
    try (Socket slow = new Socket();
         SseClient reading = new SseClient(api.base() + "/api/v1/stream?target=flood.example")) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      slow.getOutputStream().write("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(reading.status()).isEqualTo(200);

      // 250 verdicts of 64 KiB, 16 MB: far more than the socket buffers (a few MB on loopback)
      // and the coordinator's bound together
      int events = 250;
      long floodBytes = flood(events, 64 * 1024);

      await("the slow reader dropped").atMost(WITHIN)
          .until(() -> metric("downcheck_streams_dropped_total{kind=\"sse\"}") > droppedBefore);
      // the reading client got every event, in order
      for (int i = 0; i < events; i++) {
        SseClient.Event e = reading.next(WITHIN);
        assertThat(e.name()).isEqualTo("final");
        assertThat(Codec.fromJson(e.data(), CheckView.class).id()).isEqualTo("c-flood" + i);
      }
      // what the slow one can still read is what sat in buffers when it was cut off: far from all
      slow.setSoTimeout(5000);
      long read = 0;
      byte[] buf = new byte[65536];
      try (InputStream in = slow.getInputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          read += n;
        }
      } catch (SocketException reset) {
        // reset by the coordinator: the end of the stream
      }
      assertThat(read).isLessThan(floodBytes / 2);
    }
  }

  /** Publishes {@code n} final verdicts of about {@code size} bytes each for flood.example; returns the bytes sent. */
  private static long flood(int n, int size) {
    KafkaProducer<String, String> producer = KafkaProducer.create(net.vertx(), net.kafka().producer("test-flood"));
    long bytes = 0;
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Assessment a = new Assessment(Verdict.UP, true, false, 1, "x".repeat(size), Diagnosis.NONE, new Quorum(1, 1, 1, 1),
            List.of(), List.of());
        CheckView check = new CheckView("c-flood" + i, "https://flood.example/", ProbeKind.HTTP, Instant.now(),
            Instant.now(), false, a);
        String json = Codec.toJson(new VerdictEvent(1, check, null));
        bytes += json.length();
        // one partition, so the order of sending is the order of reading
        sent.add(producer.send(asCoordinator(KafkaProducerRecord.create(net.kafka().topics().verdicts(), "flood", json,
            null, 0))));
      }
      Wait.on(Future.all(sent));
    } finally {
      Wait.on(producer.close());
    }
    return bytes;
  }

  /** The record as the coordinator's Hazelcast member sends it: a verdict from no member is never read. */
  private static KafkaProducerRecord<String, String> asCoordinator(KafkaProducerRecord<String, String> record) {
    return record.addHeader(VerdictPublisher.ORIGIN_HEADER, net.hazelcast().getCluster().getLocalMember().getUuid() + "/test");
  }
}

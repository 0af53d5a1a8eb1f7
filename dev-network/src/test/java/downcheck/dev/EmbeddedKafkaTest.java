package downcheck.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Runs first so that its start time is that of a cold JVM. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaTest {

  @Test
  @Order(1)
  void aRecordRoundTripsAndThePortClosesOnClose() throws Exception {
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.println("EmbeddedKafka start: " + startMs + " ms -> " + kafka.bootstrapServers());
    Path dataDir = kafka.dataDir();
    String bootstrap = kafka.bootstrapServers();
    try {
      assertThat(bootstrap).startsWith("127.0.0.1:");
      assertThat(accepts(bootstrap)).isTrue();

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic("roundtrip", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // A topic without a partition count gets the broker default.
        admin
            .createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
        // The controller has committed the topics; the broker's metadata follows a moment later.
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  Map<String, TopicDescription> topics =
                      admin.describeTopics(Set.of("roundtrip", "defaults")).allTopicNames().get(5, TimeUnit.SECONDS);
                  assertThat(topics.get("roundtrip").partitions()).hasSize(2);
                  assertThat(topics.get("defaults").partitions()).hasSize(EmbeddedKafka.DEFAULT_PARTITIONS);
                });
      }

      long p0 = System.nanoTime();
      RecordMetadata sent;
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(bootstrap))) {
        sent = producer.send(new ProducerRecord<>("roundtrip", "region-a", "hello")).get(30, TimeUnit.SECONDS);
      }
      assertThat(sent.topic()).isEqualTo("roundtrip");

      List<ConsumerRecord<String, String>> got = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(bootstrap))) {
        consumer.subscribe(List.of("roundtrip"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (got.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        consumer.commitSync();
      }
      System.out.println(
          "EmbeddedKafka produce+consume (group join): "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - p0)
              + " ms");
      assertThat(got).hasSize(1);
      assertThat(got.get(0).key()).isEqualTo("region-a");
      assertThat(got.get(0).value()).isEqualTo("hello");
      assertThat(got.get(0).partition()).isEqualTo(sent.partition());
      assertThat(got.get(0).offset()).isEqualTo(sent.offset());

      // Topics are not created on demand.
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(bootstrap, "2000"))) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("nobody-made-me", "x")).get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
            .hasRootCauseInstanceOf(UnknownTopicOrPartitionException.class);
      }
    } finally {
      long c0 = System.nanoTime();
      kafka.close();
      System.out.println(
          "EmbeddedKafka close: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0) + " ms");
    }
    assertThat(accepts(bootstrap)).isFalse();
    assertThat(dataDir).doesNotExist();
    kafka.close(); // idempotent
  }

  @Test
  void aDataDirIsKeptAndReused(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start("127.0.0.1", 0, data)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(data).isDirectory();
    try (EmbeddedKafka kafka = EmbeddedKafka.start("127.0.0.1", 0, data)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
      }
    }
    assertThat(Files.list(data).findAny()).isPresent();
  }

  @Test
  void aTakenPortFailsClearly() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedKafka.startTemporary("127.0.0.1", port))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  private static Properties producerProps(String bootstrap) {
    return producerProps(bootstrap, "30000");
  }

  private static Properties producerProps(String bootstrap, String maxBlockMs) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
    return p;
  }

  private static Properties consumerProps(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-test");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return p;
  }

  private static boolean accepts(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package downcheck.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.dev.EmbeddedKafka;
import downcheck.testing.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A consumer that assigns itself every partition of a topic asks for them until they show: a
 * topic created a moment ago may not be in its metadata yet, and a consumer assigned nothing
 * would poll in a loop of errors, never reading the topic (a coordinator's agent registry once
 * stayed blind so, every agent "not live").
 */
class TopicPartitionsTest {
  static EmbeddedKafka broker;
  static Vertx vertx;
  static KafkaSettings kafka;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    vertx = Vertx.vertx();
    kafka = new KafkaSettings(broker.bootstrapServers(), Map.of(), null, 3, (short) 1);
  }

  @AfterAll
  static void stop() {
    Wait.on(vertx.close());
    broker.close();
  }

  @Test
  void aTopicCreatedAfterTheQuestionIsFoundWithEveryPartition() {
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, kafka.consumer("late-topic", null, "earliest"));
    try {
      Future<Set<TopicPartition>> asked = TopicPartitions.all(vertx, consumer, "late-topic");
      // the topic comes into being only after the first answers said "no such partitions"
      vertx.setTimer(500, t -> {
        KafkaAdminClient admin = KafkaAdminClient.create(vertx, kafka.admin("late-topic-admin"));
        admin.createTopics(List.of(new NewTopic("late-topic", 3, (short) 1))).eventually(admin::close);
      });

      Set<TopicPartition> parts = Wait.on(asked, Duration.ofSeconds(10));

      assertThat(parts).isEqualTo(IntStream.range(0, 3).mapToObj(p -> new TopicPartition("late-topic", p))
          .collect(Collectors.toSet()));
    } finally {
      Wait.on(consumer.close());
    }
  }
}

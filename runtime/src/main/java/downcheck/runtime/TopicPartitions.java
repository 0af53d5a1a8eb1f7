package downcheck.runtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Every partition of a topic, for a consumer that assigns itself all of them. A topic created a
 * moment ago may not be in the consumer's metadata yet, and the answer is then no partition at
 * all: assigned nothing, the consumer would poll in a loop of errors and never read the topic.
 * So the question is asked again, every {@link #RETRY}, until the partitions show or
 * {@link #WAIT} has passed, and then the start fails, naming the topic.
 */
public final class TopicPartitions {
  static final Duration RETRY = Duration.ofMillis(100);
  static final Duration WAIT = Duration.ofSeconds(15);

  private TopicPartitions() {}

  public static Future<Set<TopicPartition>> all(Vertx vertx, KafkaConsumer<?, ?> consumer, String topic) {
    Promise<Set<TopicPartition>> done = Promise.promise();
    ask(vertx, consumer, topic, System.nanoTime() + WAIT.toNanos(), done);
    return done.future();
  }

  private static void ask(Vertx vertx, KafkaConsumer<?, ?> consumer, String topic, long giveUpAt,
      Promise<Set<TopicPartition>> done) {
    consumer.partitionsFor(topic).onComplete(ar -> {
      if (ar.succeeded() && !ar.result().isEmpty()) {
        Set<TopicPartition> parts = new HashSet<>();
        ar.result().forEach(i -> parts.add(new TopicPartition(topic, i.getPartition())));
        done.complete(parts);
      } else if (System.nanoTime() - giveUpAt >= 0) {
        done.fail("topic " + topic + " has no partitions in the metadata after " + WAIT.toSeconds() + " s"
            + (ar.failed() ? ": " + ar.cause().getMessage() : ""));
      } else {
        vertx.setTimer(RETRY.toMillis(), t -> ask(vertx, consumer, topic, giveUpAt, done));
      }
    });
  }
}

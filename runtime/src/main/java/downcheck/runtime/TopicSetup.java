package downcheck.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creates the topics when they are missing; an existing topic is left as it is. */
public final class TopicSetup {
  private TopicSetup() {}

  public static Future<Void> ensure(Vertx vertx, KafkaSettings kafka) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, kafka.admin("downcheck-topic-setup"));
    return admin.listTopics()
        .compose(existing -> createMissing(admin, kafka, existing))
        .eventually(admin::close);
  }

  private static Future<Void> createMissing(KafkaAdminClient admin, KafkaSettings kafka, Set<String> existing) {
    var t = kafka.topics();
    List<NewTopic> wanted = new ArrayList<>();
    // checks older than their deadline are useless to an agent: keep an hour
    wanted.add(topic(t.checks(), kafka, Map.of("retention.ms", "3600000")));
    wanted.add(topic(t.results(), kafka, Map.of("retention.ms", "86400000")));
    wanted.add(topic(t.verdicts(), kafka, Map.of("retention.ms", "604800000")));
    wanted.add(topic(t.agents(), kafka, Map.of("cleanup.policy", "compact", "segment.ms", "600000")));
    wanted.add(topic(t.monitors(), kafka, Map.of("cleanup.policy", "compact", "segment.ms", "600000")));
    wanted.removeIf(nt -> existing.contains(nt.getName()));
    if (wanted.isEmpty()) {
      return Future.succeededFuture();
    }
    return admin.createTopics(wanted).recover(err -> {
      // another coordinator or agent may have created them at the same moment
      if (String.valueOf(err.getMessage()).contains("already exists")
          || err.getClass().getSimpleName().equals("TopicExistsException")) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(err);
    });
  }

  private static NewTopic topic(String name, KafkaSettings kafka, Map<String, String> config) {
    return new NewTopic(name, kafka.partitions(), kafka.replication()).setConfig(config);
  }
}

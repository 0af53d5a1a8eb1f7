package downcheck.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics when they are missing; an existing topic is left as it is. A principal that
 * may not create topics (an agent on a broker with ACLs: docs/operations.md) waits for them.
 */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  /** How long a principal that may not create a missing topic waits for someone who may. */
  static final int WAIT_SECONDS = 120;

  private TopicSetup() {}

  /** Every topic of the network (the coordinators'). */
  public static Future<Void> ensure(Vertx vertx, KafkaSettings kafka) {
    var t = kafka.topics();
    return ensure(vertx, kafka, Set.of(t.checks(), t.direct(), t.results(), t.verdicts(), t.agents(), t.monitors()));
  }

  /** The topics an agent uses: the checks it reads (its region's and its own), and the results and heartbeats it writes. */
  public static Future<Void> ensureForAgent(Vertx vertx, KafkaSettings kafka) {
    var t = kafka.topics();
    return ensure(vertx, kafka, Set.of(t.checks(), t.direct(), t.results(), t.agents()));
  }

  private static Future<Void> ensure(Vertx vertx, KafkaSettings kafka, Set<String> names) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, kafka.admin("downcheck-topic-setup"));
    return admin.listTopics()
        .compose(existing -> createMissing(admin, kafka, existing, names))
        .recover(err -> {
          if (!isAuthorization(err)) {
            return Future.failedFuture(err);
          }
          LOG.info("this Kafka principal may not create {}: waiting up to {} s for a coordinator to", names, WAIT_SECONDS);
          return awaitTopics(vertx, admin, names, WAIT_SECONDS);
        })
        .eventually(admin::close);
  }

  private static Future<Void> awaitTopics(Vertx vertx, KafkaAdminClient admin, Set<String> names, int attemptsLeft) {
    return admin.listTopics().compose(existing -> {
      if (existing.containsAll(names)) {
        return Future.succeededFuture();
      }
      if (attemptsLeft <= 0) {
        return Future.failedFuture("topics " + names + " are missing and this Kafka principal may not create them");
      }
      return vertx.timer(1000).compose(t -> awaitTopics(vertx, admin, names, attemptsLeft - 1));
    });
  }

  private static boolean isAuthorization(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }

  private static Future<Void> createMissing(KafkaAdminClient admin, KafkaSettings kafka, Set<String> existing,
      Set<String> names) {
    var t = kafka.topics();
    List<NewTopic> wanted = new ArrayList<>();
    // checks older than their deadline are useless to an agent: keep an hour
    wanted.add(topic(t.checks(), kafka, Map.of("retention.ms", "3600000")));
    wanted.add(new NewTopic(t.direct(), kafka.directPartitions(), kafka.replication())
        .setConfig(Map.of("retention.ms", "3600000")));
    wanted.add(topic(t.results(), kafka, Map.of("retention.ms", "86400000")));
    wanted.add(topic(t.verdicts(), kafka, Map.of("retention.ms", "2592000000")));
    wanted.add(topic(t.agents(), kafka, Map.of("cleanup.policy", "compact", "segment.ms", "600000")));
    wanted.add(topic(t.monitors(), kafka, Map.of("cleanup.policy", "compact", "segment.ms", "600000")));
    wanted.removeIf(nt -> existing.contains(nt.getName()) || !names.contains(nt.getName()));
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

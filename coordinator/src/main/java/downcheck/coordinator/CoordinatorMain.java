package downcheck.coordinator;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.KafkaOptions;
import downcheck.runtime.settings.ManifestVersion;
import downcheck.runtime.settings.TargetPolicyOptions;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code java -jar downcheck-coordinator.jar --kafka BOOTSTRAP [...]}: a coordinator against an existing Kafka cluster. */
@Command(name = "downcheck coordinator", sortOptions = false, mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class, usageHelpAutoWidth = true,
    description = "A coordinator: the HTTP API and web page, checks out to the agents over Kafka, verdicts back.",
    footer = Commands.FOOTER)
public final class CoordinatorMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMain.class);

  @Mixin
  KafkaOptions kafka;

  @Mixin
  CoordinatorOptions coordinator;

  @Mixin
  TargetPolicyOptions policy;

  public static void main(String[] args) {
    Commands.main(new CoordinatorMain(), args);
  }

  /**
   * The coordinator these flags describe. A clustered one must be given a cluster name of its
   * own: the default is what any other downcheck (or a stranger guessing) would use, and the
   * open source edition has no other membership check (docs/security.md, Hazelcast).
   */
  public CoordinatorConfig config() {
    CoordinatorConfig config = coordinator.config(kafka.settings(), policy.allowPrivateTargets());
    boolean clustered = !config.hazelcastMembers().isEmpty() || config.hazelcastKubernetesServiceDns() != null;
    if (clustered && config.hazelcastCluster().equals(CoordinatorOptions.DEFAULT_CLUSTER)) {
      throw new IllegalArgumentException("--hazelcast-cluster must name this deployment's cluster (not the default "
          + CoordinatorOptions.DEFAULT_CLUSTER + ") when the coordinators are clustered");
    }
    return config;
  }

  /** The Hazelcast member these settings describe, not started. */
  static Config hazelcastConfig(CoordinatorConfig config) {
    return HazelcastSetup.config(config.hazelcastCluster(), config.hazelcastMembers(),
        config.hazelcastKubernetesServiceDns(), config.hazelcastInterface(), config.hazelcastPort(),
        config.checkTtl().toSeconds(), config.crowd().historyHostsPerNode());
  }

  @Override
  public Integer call() {
    CoordinatorConfig config = config();
    HazelcastInstance hz;
    try {
      hz = HazelcastSetup.start(hazelcastConfig(config));
    } catch (RuntimeException e) {
      LOG.error("coordinator did not start: Hazelcast: {}", e.getMessage());
      return 1;
    }
    Telemetry telemetry = Telemetry.create();
    Vertx vertx = telemetry.vertx();
    vertx.deployVerticle(new CoordinatorVerticle(config, hz, Clock.systemUTC(), telemetry))
        .onFailure(err -> {
          LOG.error("coordinator did not start: {}", err.toString());
          vertx.close().onComplete(v -> {
            hz.shutdown();
            System.exit(1);
          });
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().await();
      hz.shutdown();
    }, "downcheck-coordinator-shutdown"));
    return 0;
  }
}

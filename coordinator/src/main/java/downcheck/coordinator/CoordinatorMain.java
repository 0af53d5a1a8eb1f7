package downcheck.coordinator;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.secrets.WrongSecretsKeyException;
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
        config.checkTtl().toSeconds(), config.crowd().historyHostsPerNode(), config.links(), config.crowd().checksPerNode());
  }

  /**
   * Refuses a random per-process secrets key where other coordinators share the monitors: none
   * of them could open what another sealed (docs/operations.md). A bad setting: one line, exit 2.
   */
  static void requireSharedKeyWhenNotAlone(CoordinatorConfig config) {
    if (config.secrets().isEphemeral()
        && (!config.hazelcastMembers().isEmpty() || config.hazelcastKubernetesServiceDns() != null)) {
      throw new IllegalArgumentException("coordinators that share their state (--hazelcast-members or"
          + " --hazelcast-kubernetes-service-dns) need the same --secrets-key-file; without it each makes its own random"
          + " key and none could read the others' monitors (docs/operations.md)");
    }
  }

  /** A failed start's exit code: 2 for another coordinators' secrets key (a setting to fix), else 1. */
  static int exitCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof WrongSecretsKeyException) {
        return 2;
      }
    }
    return 1;
  }

  @Override
  public Integer call() {
    CoordinatorConfig config = config();
    requireSharedKeyWhenNotAlone(config);
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
          int code = exitCode(err);
          LOG.error("coordinator did not start: {}", code == 2 ? err.getMessage() : err.toString());
          vertx.close().onComplete(v -> {
            hz.shutdown();
            System.exit(code);
          });
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().await();
      hz.shutdown();
    }, "downcheck-coordinator-shutdown"));
    return 0;
  }
}

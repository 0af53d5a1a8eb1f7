package downcheck.dev;

import downcheck.agent.AgentOptions;
import downcheck.coordinator.CoordinatorOptions;
import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.KafkaOptions;
import downcheck.runtime.settings.ManifestVersion;
import downcheck.runtime.settings.SettingException;
import downcheck.runtime.settings.TargetPolicyOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar downcheck-dev.jar [...]} ({@code ./downcheck dev}): the whole network in this
 * process. Takes the coordinator's flags and the agents' flags, declared where those live.
 */
@Command(name = "downcheck dev", sortOptions = false, mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class, usageHelpAutoWidth = true,
    description = {"The whole network in one process, on one machine, offline: an embedded Kafka broker (KRaft),",
        "an embedded Hazelcast member, a coordinator and one agent per region."},
    footer = Commands.FOOTER)
public final class DevMain implements Callable<Integer> {
  @Option(names = "--embedded-kafka", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT",
      description = "Where the embedded broker binds and what it advertises; 0.0.0.0:PORT binds every interface "
          + "and advertises this host's address, so agents on other hosts can join.")
  String embeddedKafka;

  @Option(names = "--regions", split = ",", defaultValue = "eu-west,us-east,ap-south", paramLabel = "NAME",
      description = "One agent per region; an empty value starts none.")
  List<String> regions;

  @Option(names = "--agent-id-prefix", defaultValue = "", paramLabel = "P",
      description = "Prefix of the agents' ids (<prefix><region>-dev), to run several dev networks on one broker.")
  String agentIdPrefix;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  CoordinatorOptions coordinator;

  @Mixin
  AgentOptions agents;

  @Mixin
  TargetPolicyOptions policy;

  public static void main(String[] args) {
    Commands.main(new DevMain(), args);
  }

  /** The regions to start an agent for; an empty value gives none. */
  List<String> regionNames() {
    return regions.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  @Override
  public Integer call() {
    String[] hostPort = embeddedKafka.split(":");
    if (hostPort.length != 2 || !hostPort[1].matches("\\d{1,5}")) {
      throw new SettingException("--embedded-kafka: '" + embeddedKafka + "' is not HOST:PORT");
    }
    DevNetwork.start(new DevNetwork.Plan(hostPort[0], Integer.parseInt(hostPort[1]), regionNames(), agentIdPrefix,
        kafka, coordinator, agents, policy.allowPrivateTargets()));
    return 0;
  }
}

package downcheck.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import downcheck.coordinator.secrets.WrongSecretsKeyException;
import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.SettingsTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CoordinatorMainTest {
  private final StringWriter err = new StringWriter();

  @Test
  void theOperationsPageListsEveryFlagAsDeclared() {
    assertThat(SettingsTable.check(Path.of("..", "docs", "operations.md"), new CommandLine(new CoordinatorMain()))).isNull();
  }

  @Test
  void kafkaIsEnoughAndTheRestHasDefaults() {
    CoordinatorConfig c = Commands.parse(new CoordinatorMain(), Map.of(), "--kafka", "k:9092").config();
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.httpHost()).isEqualTo("0.0.0.0");
    assertThat(c.hazelcastMembers()).isEmpty();
    assertThat(c.hazelcastInterface()).as("alone: loopback only").isEqualTo("127.0.0.1");
    assertThat(c.coalesceWindow()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.deadlineGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.apiKeys()).isEmpty();
    assertThat(c.clientChecksPerMinute()).isEqualTo(60);
    assertThat(c.targetChecksPerMinute()).isEqualTo(30);
    assertThat(c.streamHeartbeat()).as("the live stream's heartbeat").isEqualTo(Duration.ofSeconds(15));
    assertThat(c.coordinatorId()).isNotBlank();
  }

  @Test
  void withMembersHazelcastChoosesItsInterfaceUnlessTold() {
    CoordinatorConfig c = Commands.parse(new CoordinatorMain(), Map.of(), "--kafka", "k:9092",
        "--hazelcast-members", "10.0.0.2,10.0.0.3:5702", "--hazelcast-cluster", "prod", "--api-keys", "k1,k2").config();
    assertThat(c.hazelcastMembers()).containsExactly("10.0.0.2", "10.0.0.3:5702");
    assertThat(c.hazelcastInterface()).isNull();
    assertThat(c.apiKeys()).containsExactlyInAnyOrder("k1", "k2");
  }

  @Test
  void inKubernetesTheCoordinatorsFindEachOtherThroughTheHeadlessServicesDnsName() {
    String dns = "downcheck-coordinator-hazelcast.downcheck.svc.cluster.local";
    // from the environment, as the Kubernetes manifests give it
    CoordinatorConfig c = Commands.parse(new CoordinatorMain(),
        Map.of("DOWNCHECK_HAZELCAST_KUBERNETES_SERVICE_DNS", dns, "DOWNCHECK_HAZELCAST_CLUSTER", "prod"), "--kafka", "k:9092")
        .config();
    JoinConfig join = CoordinatorMain.hazelcastConfig(c).getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo(dns);
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(c.hazelcastInterface()).as("not alone: the pod's own address, never loopback").isNull();
  }

  @Test
  void withoutKubernetesTheMembersAreFoundOverTcpIp() {
    CoordinatorConfig c = Commands.parse(new CoordinatorMain(), Map.of(), "--kafka", "k:9092",
        "--hazelcast-members", "10.0.0.2", "--hazelcast-cluster", "prod").config();
    JoinConfig join = CoordinatorMain.hazelcastConfig(c).getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.2");
  }

  @Test
  void membersAndKubernetesDiscoveryTogetherAreOneLineAndExitTwo() {
    int code = Commands.execute(new CoordinatorMain(), new String[] {"--kafka", "k:9092", "--hazelcast-members", "10.0.0.2",
        "--hazelcast-kubernetes-service-dns", "hz.downcheck.svc.cluster.local"}, Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--hazelcast-members 10.0.0.2", "--hazelcast-kubernetes-service-dns hz.downcheck");
  }

  @Test
  void theChecksKeptAreBoundedAndNeverBelowTheChecksInFlight() {
    CoordinatorConfig c = Commands.parse(new CoordinatorMain(), Map.of("DOWNCHECK_MAX_CHECKS_HELD", "40000"),
        "--kafka", "k:9092").config();
    assertThat(CoordinatorMain.hazelcastConfig(c).getMapConfig("downcheck-checks").getEvictionConfig().getSize())
        .as("per member, from the environment as the manifests give it").isEqualTo(40000);

    int code = Commands.execute(new CoordinatorMain(), new String[] {"--kafka", "k:9092", "--max-open-checks", "2000",
        "--max-checks-held", "1500"}, Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--max-checks-held must be at least --max-open-checks (1500, 2000)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--hazelcast-members=10.0.0.2", "--hazelcast-kubernetes-service-dns=hz.downcheck.svc.cluster.local"})
  void clusteredWithTheDefaultClusterNameIsOneLineAndExitTwo(String clustered) {
    int code = Commands.execute(new CoordinatorMain(), new String[] {"--kafka", "k:9092", clustered}, Map.of(),
        new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--hazelcast-cluster", "not the default downcheck");
  }

  @Test
  void theMemberBindsOneAddressAndDeserialisesOnlyTheAllowedClasses() {
    Config hz = CoordinatorMain.hazelcastConfig(Commands.parse(new CoordinatorMain(), Map.of(), "--kafka", "k:9092",
        "--hazelcast-members", "10.0.0.2", "--hazelcast-cluster", "prod").config());
    assertThat(hz.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    JavaSerializationFilterConfig filter = hz.getSerializationConfig().getJavaSerializationFilterConfig();
    assertThat(filter.isDefaultsDisabled()).as("Hazelcast's default allows every java* class").isTrue();
    assertThat(filter.getWhitelist().isListed("downcheck.coordinator.store.CheckStore$Restore")).isTrue();
    assertThat(filter.getWhitelist().isListed("java.lang.reflect.Proxy")).isFalse();
    assertThat(filter.getWhitelist().isListed("javax.management.BadAttributeValueExpException")).isFalse();
  }

  @Test
  void coordinatorsSharingStateWithoutASecretsKeyFileAreOneLineAndExitTwo() {
    for (String[] notAlone : new String[][] {{"--hazelcast-members", "10.0.0.2"},
        {"--hazelcast-kubernetes-service-dns", "hz.downcheck.svc.cluster.local"}}) {
      StringWriter out = new StringWriter();
      int code = Commands.execute(new CoordinatorMain(), new String[] {"--kafka", "k:9092", "--hazelcast-cluster", "prod-eu", notAlone[0], notAlone[1]},
          Map.of(), new PrintWriter(out, true));
      assertThat(code).as(notAlone[0]).isEqualTo(2);
      assertThat(out.toString().strip().lines()).hasSize(1);
      assertThat(out.toString()).contains("--secrets-key-file");
    }
  }

  @Test
  void monitorsSealedWithAnotherKeyAreAFailedStartWithExitTwo() {
    assertThat(CoordinatorMain.exitCode(new IllegalStateException(new WrongSecretsKeyException("another key")))).isEqualTo(2);
    assertThat(CoordinatorMain.exitCode(new IllegalStateException("port taken"))).isEqualTo(1);
  }

  @Test
  void aNegativeLimitIsOneLineAndExitTwo() {
    int code = Commands.execute(new CoordinatorMain(), new String[] {"--kafka", "k:9092", "--client-checks-per-minute", "-1"},
        Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--client-checks-per-minute");
  }

  @Test
  void withoutKafkaItSaysWhatIsMissing() {
    int code = Commands.execute(new CoordinatorMain(), new String[0], Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka is required (or DOWNCHECK_KAFKA)");
  }
}

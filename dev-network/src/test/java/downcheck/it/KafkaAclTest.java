package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import downcheck.dev.EmbeddedKafka;
import downcheck.dev.EmbeddedKafka.Login;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Topics;
import downcheck.testing.TargetServer;
import downcheck.testing.TestAgents;
import downcheck.testing.TestCoordinator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker with SASL/SCRAM and the StandardAuthorizer, given the ACLs of docs/operations.md for
 * the two roles: the agents' principal reads checks and writes results and heartbeats, nothing
 * else; the coordinators' does the rest. A network whose agent and coordinator log in with their
 * own credentials still answers a check.
 */
class KafkaAclTest {
  static final Login ADMIN = new Login("admin", "admin-" + UUID.randomUUID());
  static final Login AGENT = new Login("downcheck-agent", "agent-" + UUID.randomUUID());
  static final Login COORDINATOR = new Login("downcheck-coordinator", "coordinator-" + UUID.randomUUID());
  static final Topics TOPICS = Topics.defaults();

  @TempDir
  static Path secrets;
  static EmbeddedKafka broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafka.startTemporarySecured("127.0.0.1", ADMIN,
        Map.of(AGENT.username(), AGENT.password(), COORDINATOR.username(), COORDINATOR.password()));
    try (Admin admin = Admin.create(new HashMap<>(client(ADMIN)))) {
      admin.createAcls(roleAcls(AGENT.username(), COORDINATOR.username())).all().get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * The ACLs of docs/operations.md, one per kafka-acls.sh command there: agents read
   * downcheck.checks in their regions' groups (downcheck-region-*) and downcheck.direct without a
   * group, and write downcheck.results and
   * downcheck.agents; coordinators read, write, create and describe every downcheck.* topic and
   * read in their group downcheck-coordinators.
   */
  static List<AclBinding> roleAcls(String agent, String coordinator) {
    List<AclBinding> acls = new ArrayList<>();
    acls.add(allow(agent, AclOperation.READ, ResourceType.TOPIC, TOPICS.checks(), PatternType.LITERAL));
    acls.add(allow(agent, AclOperation.READ, ResourceType.TOPIC, TOPICS.direct(), PatternType.LITERAL));
    acls.add(allow(agent, AclOperation.READ, ResourceType.GROUP, TOPICS.regionGroup(""), PatternType.PREFIXED));
    acls.add(allow(agent, AclOperation.WRITE, ResourceType.TOPIC, TOPICS.results(), PatternType.LITERAL));
    acls.add(allow(agent, AclOperation.WRITE, ResourceType.TOPIC, TOPICS.agents(), PatternType.LITERAL));
    for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE,
        AclOperation.DESCRIBE_CONFIGS)) {
      acls.add(allow(coordinator, op, ResourceType.TOPIC, TOPICS.prefix(), PatternType.PREFIXED));
    }
    acls.add(allow(coordinator, AclOperation.READ, ResourceType.GROUP, "downcheck-coordinators", PatternType.LITERAL));
    return acls;
  }

  @Test
  void theAgentsPrincipalWritesResultsAndHeartbeatsButNoVerdictNorMonitor() throws Exception {
    createTopicsAs(COORDINATOR);
    try (KafkaProducer<String, String> agent = producer(AGENT)) {
      assertThat(agent.send(new ProducerRecord<>(TOPICS.results(), "c-1", "{}")).get(20, TimeUnit.SECONDS).topic())
          .isEqualTo(TOPICS.results());
      assertThat(agent.send(new ProducerRecord<>(TOPICS.agents(), "a-1", "{}")).get(20, TimeUnit.SECONDS).topic())
          .isEqualTo(TOPICS.agents());
      for (String forbidden : List.of(TOPICS.verdicts(), TOPICS.monitors(), TOPICS.checks())) {
        assertThatThrownBy(() -> agent.send(new ProducerRecord<>(forbidden, "c-1", "{}")).get(20, TimeUnit.SECONDS))
            .as("the agent writes %s", forbidden)
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  @Test
  void anAgentAndACoordinatorWithTheirOwnCredentialsAnswerACheck() throws Exception {
    String cluster = "downcheck-acl-" + UUID.randomUUID();
    try (TestCoordinator coordinator = TestCoordinator.start(broker.bootstrapServers(), cluster, "acl-c1",
        login(COORDINATOR));
         TestAgents agents = new TestAgents(broker.bootstrapServers());
         TargetServer target = TargetServer.ok(agents.vertx())) {
      agents.start("eu-west", "127.0.0.2", target.url(), login(AGENT));
      await("eu-west live").atMost(Duration.ofSeconds(30))
          .until(() -> coordinator.api().regionNames().contains("eu-west"));
      CheckView check = coordinator.api().submit("{\"target\":\"" + target.url() + "\",\"regions\":[\"eu-west\"]}");
      CheckView done = coordinator.api().awaitFinal(check.id(), Duration.ofSeconds(20));
      assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.UP);
      assertThat(done.quorum().reported()).isEqualTo(1);
      assertThat(coordinator.metric("downcheck_results_dropped_total{reason=\"unknown-agent\"}")).isZero();
    }
  }

  /** The flags of a process logging in as {@code login}, its password in a file. */
  private static String[] login(Login login) throws IOException {
    Path file = secrets.resolve(login.username() + ".password");
    Files.writeString(file, login.password() + "\n");
    return new String[] {"--kafka-security-protocol", "SASL_PLAINTEXT", "--kafka-sasl-username", login.username(),
        "--kafka-sasl-password-file", file.toString()};
  }

  private static void createTopicsAs(Login login) throws Exception {
    try (Admin admin = Admin.create(new HashMap<>(client(login)))) {
      var existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
      List<org.apache.kafka.clients.admin.NewTopic> missing = new ArrayList<>();
      for (String t : List.of(TOPICS.checks(), TOPICS.direct(), TOPICS.results(), TOPICS.verdicts(), TOPICS.agents(),
          TOPICS.monitors())) {
        if (!existing.contains(t)) {
          missing.add(new org.apache.kafka.clients.admin.NewTopic(t, 1, (short) 1));
        }
      }
      admin.createTopics(missing).all().get(20, TimeUnit.SECONDS);
    }
  }

  private static AclBinding allow(String user, AclOperation op, ResourceType type, String name, PatternType pattern) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }

  private static Map<String, Object> client(Login login) {
    return Map.of("bootstrap.servers", broker.bootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + login.username()
            + "\" password=\"" + login.password() + "\";",
        "request.timeout.ms", "10000", "default.api.timeout.ms", "20000");
  }

  private static KafkaProducer<String, String> producer(Login login) {
    Map<String, Object> p = new HashMap<>(client(login));
    p.put("max.block.ms", "10000");
    p.put("delivery.timeout.ms", "15000");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }
}

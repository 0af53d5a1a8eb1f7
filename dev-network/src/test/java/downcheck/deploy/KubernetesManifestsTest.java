package downcheck.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import downcheck.agent.AgentMain;
import downcheck.coordinator.CoordinatorMain;
import downcheck.model.agent.RegionName;
import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.EnvDefaults;
import downcheck.testing.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * deploy/k8s against the executables' own declarations: each applied kustomization (base and
 * every region's overlay) as {@link Kustomization} composes it, which fails on any kustomize
 * feature it does not know. No cluster and no kubectl run: what is checked is what the files say.
 */
class KubernetesManifestsTest {
  static final Path K8S = Path.of("..", "deploy", "k8s");
  /** The project's images and the executable each runs. */
  static final Map<String, Executable> IMAGES = Map.of(
      "downcheck/coordinator", new Executable(CoordinatorMain::new, c -> ((CoordinatorMain) c).config()),
      "downcheck/agent", new Executable(AgentMain::new, c -> ((AgentMain) c).config()));
  /** {@code DOWNCHECK_KAFKA_<KEY>}: any Kafka client setting, dots as underscores. */
  static final String KAFKA_PASS_THROUGH = EnvDefaults.PREFIX + "KAFKA_";
  /** The coordinators' secrets key file (docs/operations.md). */
  static final String SECRETS_KEY_FILE = EnvDefaults.PREFIX + "SECRETS_KEY_FILE";
  static final Set<String> KAFKA_KEYS = new HashSet<>();

  static {
    KAFKA_KEYS.addAll(ProducerConfig.configNames());
    KAFKA_KEYS.addAll(ConsumerConfig.configNames());
    KAFKA_KEYS.addAll(AdminClientConfig.configNames());
  }

  /** An executable: its declared flags, and the config it builds from an environment as it does on start. */
  record Executable(Supplier<Callable<Integer>> command, Function<Callable<Integer>, Object> config) {
    List<OptionSpec> options() {
      return new CommandLine(command.get()).getCommandSpec().options();
    }

    Object configure(Map<String, String> env) {
      return config.apply(Commands.parse(command.get(), env));
    }
  }

  /**
   * What one applies: the coordinators' base and each region's overlay, composed by this test's
   * own reader of the kustomizations. It is the check: CI installs no kubectl (Debian packages only
   * a 1.20 client, whose kustomize v2 predates the files' v5 features). When written, the reader gave
   * exactly what {@code kubectl kustomize} with kustomize v5.5 gives.
   */
  static Stream<Arguments> applied() throws IOException {
    List<Path> roots = new ArrayList<>(List.of(K8S.resolve("base")));
    roots.addAll(overlays());
    List<Arguments> out = new ArrayList<>();
    for (Path root : roots) {
      out.add(Arguments.of(K8S.relativize(root).toString(), Kustomization.render(root)));
    }
    return out.stream();
  }

  static List<Path> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void everyContainerRunsAProjectImageThatAcceptsItsEnvironment(String name, List<ObjectNode> docs) {
    for (Container c : Container.all(docs)) {
      assertThat(IMAGES).as("%s: image %s", c, c.image()).containsKey(c.image());
      Map<String, String> env = new HashMap<>(c.resolvedEnv(docs));
      // a file the cluster mounts from a Secret: this test stands one of its own in for it
      env.computeIfPresent(SECRETS_KEY_FILE, (k, path) -> Configs.SECRETS_KEY_FILE.toString());
      assertThatCode(() -> IMAGES.get(c.image()).configure(env)).as("%s with %s", c, env).doesNotThrowAnyException();
    }
  }

  /**
   * Coordinators that share state need one secrets key: each reads it as a file from the Secret
   * the operator makes (deploy/k8s/README.md), read-only, never from a variable's value.
   */
  @Test
  void theCoordinatorsReadTheirSecretsKeyFromTheOperatorsSecretMountedAsAFile() throws IOException {
    List<Container> coordinators = Container.all(Kustomization.render(K8S.resolve("base"))).stream()
        .filter(c -> c.image().equals("downcheck/coordinator")).toList();
    assertThat(coordinators).isNotEmpty();
    for (Container c : coordinators) {
      String path = c.env().get(SECRETS_KEY_FILE).path("value").asText();
      JsonNode mount = null;
      for (JsonNode m : c.node().path("volumeMounts")) {
        if (path.startsWith(m.get("mountPath").asText() + "/")) {
          mount = m;
        }
      }
      assertThat(mount).as("%s: %s is under a volume mount", c, path).isNotNull();
      assertThat(mount.path("readOnly").asBoolean()).as("%s: read-only", c).isTrue();
      String volume = mount.get("name").asText();
      JsonNode secret = null;
      for (JsonNode v : c.pod().path("volumes")) {
        if (v.get("name").asText().equals(volume)) {
          secret = v.path("secret");
        }
      }
      assertThat(secret).as("%s: volume %s", c, volume).isNotNull();
      assertThat(secret.path("secretName").asText()).isEqualTo("downcheck-coordinator-secrets-key");
      assertThat(secret.path("optional").asBoolean(false)).as("no pod without the key").isFalse();
      assertThat(path).endsWith("/" + secret.at("/items/0/path").asText());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void everyDowncheckVariableIsAFlagOfTheExecutableOrAKafkaClientSetting(String name, List<ObjectNode> docs) {
    for (Container c : Container.all(docs)) {
      Set<String> flags = new HashSet<>();
      IMAGES.get(c.image()).options().forEach(o -> flags.add(EnvDefaults.variable(o)));
      for (String variable : c.env().keySet()) {
        if (!variable.startsWith(EnvDefaults.PREFIX) || flags.contains(variable)) {
          continue;
        }
        assertThat(variable).as("%s: %s is no flag of %s", c, variable, c.image()).startsWith(KAFKA_PASS_THROUGH);
        String key = variable.substring(KAFKA_PASS_THROUGH.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        assertThat(KAFKA_KEYS.contains(key)).as("%s: %s is no Kafka client setting (%s)", c, variable, key).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void livenessAsksHealthAndReadinessAsksReadyOnTheProcesssHttpPort(String name, List<ObjectNode> docs) {
    for (Container c : Container.all(docs)) {
      int httpPort = listenPorts(c, docs).get("--http-port");
      Map<String, String> expected = Map.of("startupProbe", "/health", "livenessProbe", "/health", "readinessProbe", "/ready");
      assertThat(c.node().has("livenessProbe") && c.node().has("readinessProbe")).as("%s has both probes", c).isTrue();
      expected.forEach((probe, path) -> {
        JsonNode get = c.node().path(probe).path("httpGet");
        if (c.node().has(probe)) {
          assertThat(get.path("path").asText()).as("%s %s", c, probe).isEqualTo(path);
          assertThat(c.port(get.path("port"))).as("%s %s port", c, probe).isEqualTo(httpPort);
        }
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void containerPortsAreThePortsTheProcessListensOn(String name, List<ObjectNode> docs) {
    for (Container c : Container.all(docs)) {
      Set<Integer> declared = new HashSet<>();
      c.node().path("ports").forEach(p -> declared.add(p.get("containerPort").asInt()));
      assertThat(declared).as("%s", c).containsExactlyInAnyOrderElementsOf(listenPorts(c, docs).values());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void everyServiceReachesADeclaredPortOfThePodsItSelects(String name, List<ObjectNode> docs) {
    for (ObjectNode svc : kind(docs, "Service")) {
      List<Container> selected = Container.all(docs).stream().filter(c -> c.selectedBy(svc)).toList();
      assertThat(selected).as("pods of Service %s", svc.at("/metadata/name")).isNotEmpty();
      for (JsonNode port : svc.at("/spec/ports")) {
        for (Container c : selected) {
          assertThat(c.port(port.get("targetPort"))).as("Service %s → %s", svc.at("/metadata/name"), c)
              .isEqualTo(port.get("port").asInt());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void coordinatorsFindEachOtherThroughTheirHeadlessServicesDnsName(String name, List<ObjectNode> docs) {
    for (Container c : Container.all(docs)) {
      if (!c.image().equals("downcheck/coordinator")) {
        continue;
      }
      String dns = c.env().get("DOWNCHECK_HAZELCAST_KUBERNETES_SERVICE_DNS").path("value").asText();
      ObjectNode headless = kind(docs, "Service").stream()
          .filter(s -> s.at("/spec/clusterIP").asText().equals("None") && c.selectedBy(s)).findFirst().orElseThrow();
      assertThat(dns).isEqualTo(headless.at("/metadata/name").asText() + "." + headless.at("/metadata/namespace").asText()
          + ".svc.cluster.local");
      assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean())
          .as("a coordinator is ready only once it joined: starting ones must see each other").isTrue();
      assertThat(headless.at("/spec/ports/0/port").asInt()).isEqualTo(listenPorts(c, docs).get("--hazelcast-port"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void configMapsExistAndSecretsAreOptional(String name, List<ObjectNode> docs) {
    for (Container c : Container.all(docs)) {
      c.env().forEach((variable, e) -> {
        JsonNode cm = e.path("valueFrom").path("configMapKeyRef");
        if (!cm.isMissingNode()) {
          assertThat(configMap(docs, cm.get("name").asText(), c.namespace()).has(cm.get("key").asText()))
              .as("%s: %s from ConfigMap %s key %s", c, variable, cm.get("name"), cm.get("key")).isTrue();
        }
        JsonNode secret = e.path("valueFrom").path("secretKeyRef");
        if (!secret.isMissingNode()) {
          assertThat(secret.path("optional").asBoolean()).as("%s: %s; plain Kafka needs no Secret", c, variable).isTrue();
        }
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applied")
  void noContainerRunsAsRoot(String name, List<ObjectNode> docs) {
    for (Container c : Container.all(docs)) {
      assertThat(c.pod().at("/securityContext/runAsNonRoot").asBoolean()).as("%s", c).isTrue();
      assertThat(c.node().at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as("%s", c).isFalse();
    }
  }

  @Test
  void theBaseRunsTwoCoordinatorsThatFindEachOther() {
    List<Container> coordinators = Container.all(Kustomization.render(K8S.resolve("base")));
    assertThat(coordinators).extracting(Container::image).containsExactly("downcheck/coordinator");
    assertThat(coordinators.get(0).resource().at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(coordinators.get(0).env()).containsKey("DOWNCHECK_HAZELCAST_KUBERNETES_SERVICE_DNS");
  }

  @Test
  void onlyCoordinatorPodsReachHazelcastsPortAndTheApiStaysOpen() {
    List<ObjectNode> docs = Kustomization.render(K8S.resolve("base"));
    for (Container c : Container.all(docs)) {
      int hazelcast = listenPorts(c, docs).get("--hazelcast-port");
      int http = listenPorts(c, docs).get("--http-port");
      List<ObjectNode> policies = kind(docs, "NetworkPolicy").stream()
          .filter(p -> p.at("/metadata/namespace").asText().equals(c.namespace())
              && c.podHasLabels(p.at("/spec/podSelector/matchLabels")))
          .toList();
      assertThat(policies).as("a NetworkPolicy selects %s", c).isNotEmpty();
      boolean[] reached = {false, false};
      for (ObjectNode policy : policies) {
        assertThat(policy.at("/spec/policyTypes").toString()).as("%s", policy.at("/metadata/name")).contains("Ingress");
        for (JsonNode rule : policy.at("/spec/ingress")) {
          List<Integer> ports = new ArrayList<>();
          rule.path("ports").forEach(p -> ports.add(c.port(p.path("port"))));
          if (ports.isEmpty() || ports.contains(hazelcast)) {
            // every peer of a rule that opens Hazelcast's port is a coordinator pod of this namespace
            assertThat(rule.path("from").size()).as("%s: a rule opens %d to anyone", c, hazelcast).isPositive();
            for (JsonNode peer : rule.path("from")) {
              assertThat(peer.has("ipBlock") || peer.has("namespaceSelector")).as("%s: %s", c, peer).isFalse();
              assertThat(c.podHasLabels(peer.at("/podSelector/matchLabels"))).as("%s: %s", c, peer).isTrue();
            }
            reached[0] = true;
          }
          if (ports.contains(http) && rule.path("from").isEmpty()) {
            reached[1] = true;
          }
        }
      }
      assertThat(reached[0]).as("%s: the coordinators reach each other on %d", c, hazelcast).isTrue();
      assertThat(reached[1]).as("%s: the API on %d is open", c, http).isTrue();
    }
  }

  @Test
  void eachOverlayRunsAgentsOfAValidRegionNamedAfterItsDirectory() throws IOException {
    Set<String> regions = new HashSet<>();
    for (Path overlay : overlays()) {
      List<Container> agents = Container.all(Kustomization.render(overlay));
      assertThat(agents).as("%s", overlay).isNotEmpty();
      for (Container agent : agents) {
        String region = agent.env().get("DOWNCHECK_REGION").path("value").asText();
        assertThat(RegionName.isValid(region)).as("%s: region %s", overlay, region).isTrue();
        assertThat(region).as("%s: copied without changing its region?", overlay).isEqualTo(overlay.getFileName().toString());
        assertThat(agent.workload()).as("names do not clash between regions").endsWith(region);
        regions.add(region);
      }
    }
    assertThat(regions).containsExactlyInAnyOrder("eu-west", "us-east", "ap-south");
  }

  @Test
  void theAgentTemplateAloneIsNoRegion() {
    Container template = Container.all(Kustomization.render(K8S.resolve("base/agent"))).get(0);
    assertThat(RegionName.isValid(template.env().get("DOWNCHECK_REGION").path("value").asText())).isFalse();
  }

  @Test
  void everyKustomizationNamesFilesThatExistAndEveryManifestIsInOne() throws IOException {
    Set<Path> referenced = new HashSet<>();
    List<Path> files;
    try (Stream<Path> all = Files.walk(K8S)) {
      files = all.filter(p -> p.toString().endsWith(".yaml")).map(Path::normalize).toList();
    }
    for (Path k : files.stream().filter(p -> p.endsWith("kustomization.yaml")).toList()) {
      ObjectNode kustomization = Kustomization.documents(k).get(0);
      List<JsonNode> refs = new ArrayList<>();
      kustomization.path("resources").forEach(refs::add);
      kustomization.path("patches").forEach(p -> refs.add(p.path("path")));
      for (JsonNode ref : refs) {
        if (ref.isMissingNode()) {
          continue; // an inline patch
        }
        Path p = k.getParent().resolve(ref.asText()).normalize();
        assertThat(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))
            .as("%s names %s", k, ref.asText()).isTrue();
        referenced.add(p);
      }
    }
    files.stream().filter(p -> !p.endsWith("kustomization.yaml"))
        .forEach(f -> assertThat(referenced).as("%s is applied by no kustomization", f).contains(f));
  }

  // --- what the executables declare

  /** Every {@code --*-port} the process listens on, from its environment or the flag's default. */
  /** Port flags of a server the process connects to, not one it listens on. */
  private static final Set<String> PORTS_CONNECTED_TO = Set.of("--smtp-port");

  private static Map<String, Integer> listenPorts(Container c, List<ObjectNode> docs) {
    Map<String, String> env = c.resolvedEnv(docs);
    Map<String, Integer> ports = new HashMap<>();
    for (OptionSpec o : IMAGES.get(c.image()).options()) {
      String value = env.getOrDefault(EnvDefaults.variable(o), o.defaultValue());
      if (o.longestName().endsWith("-port") && !PORTS_CONNECTED_TO.contains(o.longestName()) && value != null) {
        ports.put(o.longestName(), Integer.parseInt(value));
      }
    }
    return ports;
  }

  static List<ObjectNode> kind(List<ObjectNode> docs, String kind) {
    return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  static JsonNode configMap(List<ObjectNode> docs, String name, String namespace) {
    return kind(docs, "ConfigMap").stream()
        .filter(d -> d.at("/metadata/name").asText().equals(name) && d.at("/metadata/namespace").asText().equals(namespace))
        .findFirst().map(d -> d.path("data")).orElseThrow(() -> new AssertionError("no ConfigMap " + namespace + "/" + name));
  }
}

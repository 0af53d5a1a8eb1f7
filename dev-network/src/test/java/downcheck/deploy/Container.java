package downcheck.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One container of a workload in composed manifests, with what the tests ask of it. */
record Container(ObjectNode resource, JsonNode node) {
  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  static List<Container> all(List<ObjectNode> docs) {
    List<Container> out = new ArrayList<>();
    for (ObjectNode d : docs) {
      if (WORKLOADS.contains(d.path("kind").asText())) {
        d.at("/spec/template/spec/containers").forEach(c -> out.add(new Container(d, c)));
      }
    }
    return out;
  }

  /** The image without its tag: {@code downcheck/agent}. */
  String image() {
    String image = node.get("image").asText();
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
  }

  JsonNode pod() {
    return resource.at("/spec/template/spec");
  }

  String workload() {
    return resource.at("/metadata/name").asText();
  }

  String namespace() {
    return resource.at("/metadata/namespace").asText();
  }

  /** The env entries by name, as declared. */
  Map<String, JsonNode> env() {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    node.path("env").forEach(e -> env.put(e.get("name").asText(), e));
    return env;
  }

  /**
   * The environment the process would see: values, ConfigMap keys and the pod's fields resolved;
   * optional Secrets absent, as on a cluster without them.
   */
  Map<String, String> resolvedEnv(List<ObjectNode> docs) {
    Map<String, String> env = new LinkedHashMap<>();
    env().forEach((name, e) -> {
      JsonNode from = e.path("valueFrom");
      if (e.has("value")) {
        env.put(name, e.get("value").asText());
      } else if (from.has("configMapKeyRef")) {
        JsonNode ref = from.get("configMapKeyRef");
        env.put(name, KubernetesManifestsTest.configMap(docs, ref.get("name").asText(), namespace())
            .path(ref.get("key").asText()).asText());
      } else if (from.path("fieldRef").path("fieldPath").asText().equals("status.podIP")) {
        env.put(name, "10.42.0.7");
      } else if (from.path("fieldRef").path("fieldPath").asText().equals("metadata.name")) {
        env.put(name, workload() + "-7d9c5b-x2x9q");
      } else if (!from.path("secretKeyRef").path("optional").asBoolean()) {
        throw new AssertionError(this + ": " + name + " from " + from + " is not resolved by this test");
      }
    });
    return env;
  }

  /** A port by number or by the name of one of this container's ports; -1 when the name is not one. */
  int port(JsonNode ref) {
    if (ref.isInt()) {
      return ref.asInt();
    }
    for (JsonNode p : node.path("ports")) {
      if (p.path("name").asText().equals(ref.asText())) {
        return p.get("containerPort").asInt();
      }
    }
    return -1;
  }

  boolean selectedBy(JsonNode service) {
    JsonNode labels = resource.at("/spec/template/metadata/labels");
    boolean[] all = {service.at("/metadata/namespace").asText().equals(namespace())};
    service.at("/spec/selector").fields().forEachRemaining(e -> all[0] &= e.getValue().equals(labels.get(e.getKey())));
    return all[0] && service.at("/spec/selector").size() > 0;
  }

  /** Whether this container's pods carry every label of {@code matchLabels} (a NetworkPolicy's selector); none is no match. */
  boolean podHasLabels(JsonNode matchLabels) {
    JsonNode labels = resource.at("/spec/template/metadata/labels");
    boolean[] all = {matchLabels.size() > 0};
    matchLabels.fields().forEachRemaining(e -> all[0] &= e.getValue().equals(labels.get(e.getKey())));
    return all[0];
  }

  @Override
  public String toString() {
    return resource.path("kind").asText() + " " + namespace() + "/" + workload() + " container " + node.path("name").asText();
  }
}

package downcheck.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Composes a kustomization the way {@code kubectl apply -k} does, for the features
 * deploy/k8s uses (resources, patches, namespace, nameSuffix/namePrefix, labels, images), so the
 * manifests are checked as applied without kubectl. Anything else it meets is an error, never
 * silently skipped: a new feature in the files needs its line here.
 */
final class Kustomization {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> KNOWN = List.of("apiVersion", "kind", "resources", "patches", "namespace",
      "nameSuffix", "namePrefix", "labels", "images");

  private Kustomization() {}

  /** Every non-empty YAML document of a file. */
  static List<ObjectNode> documents(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<ObjectNode> docs = new ArrayList<>();
      YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
        if (d instanceof ObjectNode o) {
          docs.add(o);
        }
      });
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not YAML: " + e.getMessage(), e);
    }
  }

  static ObjectNode read(Path dir) {
    return documents(dir.resolve("kustomization.yaml")).get(0);
  }

  /** The resources the kustomization in {@code dir} yields. */
  static List<ObjectNode> render(Path dir) {
    ObjectNode k = read(dir);
    k.fieldNames().forEachRemaining(f -> {
      if (!KNOWN.contains(f)) {
        throw new IllegalStateException(dir + ": kustomization field '" + f + "' is not composed by this test");
      }
    });
    List<ObjectNode> docs = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      docs.addAll(Files.isDirectory(p) ? render(p) : documents(p));
    }
    for (JsonNode p : k.path("patches")) {
      ObjectNode patch = p.has("path") ? documents(dir.resolve(p.get("path").asText())).get(0) : readString(p.get("patch").asText());
      ObjectNode into = docs.stream().filter(d -> sameResource(d, patch)).findFirst()
          .orElseThrow(() -> new IllegalStateException(dir + ": a patch matches no resource: " + patch.path("metadata")));
      merge(into, patch);
    }
    Map<String, String> renamedConfigMaps = new HashMap<>();
    for (ObjectNode d : docs) {
      if (!d.path("kind").asText().equals("Namespace")) {
        ObjectNode meta = (ObjectNode) d.get("metadata");
        if (k.has("namespace")) {
          meta.put("namespace", k.get("namespace").asText());
        }
        String name = meta.get("name").asText();
        String renamed = k.path("namePrefix").asText("") + name + k.path("nameSuffix").asText("");
        meta.put("name", renamed);
        if (d.path("kind").asText().equals("ConfigMap")) {
          renamedConfigMaps.put(name, renamed);
        }
      }
      for (JsonNode l : k.path("labels")) {
        labels(d, (ObjectNode) l.get("pairs"), l.path("includeSelectors").asBoolean(false));
      }
    }
    for (ObjectNode d : docs) {
      for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
        for (JsonNode ref : c.findValues("configMapKeyRef")) {
          ((ObjectNode) ref).put("name", renamedConfigMaps.getOrDefault(ref.get("name").asText(), ref.get("name").asText()));
        }
        for (JsonNode i : k.path("images")) {
          setImage((ObjectNode) c, i);
        }
      }
    }
    return docs;
  }

  private static ObjectNode readString(String yaml) {
    try {
      return (ObjectNode) YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean sameResource(JsonNode a, JsonNode b) {
    return a.path("kind").equals(b.path("kind")) && a.path("metadata").path("name").equals(b.path("metadata").path("name"));
  }

  /** A strategic merge as Kubernetes does it for these kinds: lists of named items merge by name. */
  static void merge(ObjectNode into, ObjectNode patch) {
    patch.fields().forEachRemaining(e -> {
      JsonNode old = into.get(e.getKey());
      if (old instanceof ObjectNode o && e.getValue() instanceof ObjectNode p) {
        merge(o, p);
      } else if (old instanceof ArrayNode o && e.getValue() instanceof ArrayNode p && p.size() > 0 && p.get(0).has("name")) {
        for (JsonNode item : p) {
          JsonNode same = null;
          for (JsonNode x : o) {
            if (x.path("name").equals(item.get("name"))) {
              same = x;
            }
          }
          if (same instanceof ObjectNode s) {
            merge(s, (ObjectNode) item);
          } else {
            o.add(item);
          }
        }
      } else {
        into.set(e.getKey(), e.getValue());
      }
    });
  }

  private static void labels(ObjectNode d, ObjectNode pairs, boolean includeSelectors) {
    ((ObjectNode) d.get("metadata")).withObject("labels").setAll(pairs);
    if (!includeSelectors) {
      return;
    }
    JsonNode spec = d.path("spec");
    if (spec.has("template")) {
      ((ObjectNode) spec.get("template").get("metadata")).withObject("labels").setAll(pairs);
    }
    if (spec.path("selector").has("matchLabels")) {
      ((ObjectNode) spec.get("selector").get("matchLabels")).setAll(pairs);
    } else if (d.path("kind").asText().equals("Service") && spec.has("selector")) {
      ((ObjectNode) spec.get("selector")).setAll(pairs);
    }
  }

  private static void setImage(ObjectNode container, JsonNode rule) {
    String image = container.get("image").asText();
    int colon = image.lastIndexOf(':');
    String name = colon < 0 ? image : image.substring(0, colon);
    String tag = colon < 0 ? "" : image.substring(colon + 1);
    if (name.equals(rule.get("name").asText())) {
      String newName = rule.path("newName").asText(name);
      String newTag = rule.path("newTag").asText(tag);
      container.put("image", newTag.isEmpty() ? newName : newName + ":" + newTag);
    }
  }
}

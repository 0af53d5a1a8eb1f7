package downcheck.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.agent.RegionName;
import downcheck.model.check.ClientView;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.check.TargetPolicy;
import downcheck.model.wire.Codec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code POST /api/v1/checks} body, validated field by field (docs/api.md): every bad field is
 * named, all at once, with the value quoted. Plain code, no HTTP types.
 */
public record Submission(
    Target target,
    List<String> regions,
    int timeoutMs,
    long slowMs,
    Expect expect,
    ClientView client,
    boolean fresh) {

  public static final int MIN_TIMEOUT_MS = 100;
  public static final int MAX_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_SLOW_MS = 2_000;
  static final int MAX_REGIONS = 64;
  static final int MAX_TEXT = 1024;
  private static final Set<String> KNOWN = Set.of("target", "kind", "regions", "timeoutMs", "slowMs", "expect", "client", "fresh");

  /** Parsed under the network's default policy: no private, loopback or special-use targets. */
  public static Submission parse(String body) {
    return parse(body, new TargetPolicy(false));
  }

  /**
   * Parsed, and the target judged by the network's policy as far as it can be without resolving
   * (an address literal, a special-use name): a refused target is a bad {@code target} field
   * naming the rule, never a check that would end "impaired".
   */
  public static Submission parse(String body, TargetPolicy policy) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : Codec.mapper().readTree(body);
    } catch (IOException e) {
      throw InvalidRequestException.of("body", "not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw InvalidRequestException.of("body", "must be a JSON object with at least \"target\"");
    }
    List<FieldError> errors = new ArrayList<>();
    ProbeKind kind = kind(root.get("kind"), errors);
    Target target = target(root.get("target"), kind, policy, errors);
    List<String> regions = regions(root.get("regions"), errors);
    int timeoutMs = (int) number(root, "timeoutMs", DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, errors);
    long slowMs = number(root, "slowMs", DEFAULT_SLOW_MS, 1, 60_000, errors);
    Expect expect = expect(root.get("expect"), errors);
    ClientView client = client(root.get("client"), errors);
    boolean fresh = bool(root.get("fresh"), "fresh", errors);
    if (target != null && target.kind() != ProbeKind.HTTP && root.hasNonNull("expect")) {
      errors.add(new FieldError("expect", "only http checks can expect a status or body"));
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!KNOWN.contains(n)) {
        errors.add(new FieldError(n, "unknown field"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Submission(target, regions, timeoutMs, slowMs, expect, client, fresh);
  }

  private static ProbeKind kind(JsonNode n, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      errors.add(new FieldError("kind", "must be one of http, tcp, dns"));
      return null;
    }
    try {
      return ProbeKind.fromWire(n.asText());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("kind", e.getMessage()));
      return null;
    }
  }

  private static Target target(JsonNode n, ProbeKind kind, TargetPolicy policy, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      errors.add(new FieldError("target", "is required: http(s)://..., tcp://host:port, dns://host or a bare host"));
      return null;
    }
    if (!n.isTextual()) {
      errors.add(new FieldError("target", "must be a string"));
      return null;
    }
    Target target;
    try {
      target = Target.parse(n.asText(), kind);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("target", e.getMessage()));
      return null;
    }
    Optional<String> refusal = policy.refusal(target);
    if (refusal.isPresent()) {
      errors.add(new FieldError("target", "refused by policy: " + refusal.get() + "; " + TargetPolicy.RULE));
      return null;
    }
    return target;
  }

  private static List<String> regions(JsonNode n, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_REGIONS) {
      errors.add(new FieldError("regions", "must be an array of at most " + MAX_REGIONS + " region names"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode r : n) {
      if (!r.isTextual() || !RegionName.isValid(r.asText())) {
        errors.add(new FieldError("regions", "'" + clip(r.asText()) + "' is not a region name"));
      } else if (!out.contains(r.asText())) {
        out.add(r.asText());
      }
    }
    return out;
  }

  private static long number(JsonNode root, String field, long fallback, long min, long max, List<FieldError> errors) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      errors.add(new FieldError(field, "must be a whole number of milliseconds in " + min + ".." + max
          + ", got " + clip(n.toString())));
      return fallback;
    }
    return n.asLong();
  }

  private static Expect expect(JsonNode n, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      return Expect.DEFAULT;
    }
    if (!n.isObject()) {
      errors.add(new FieldError("expect", "must be an object: {\"status\": [200], \"bodyContains\": \"ok\"}"));
      return Expect.DEFAULT;
    }
    List<Integer> status = new ArrayList<>();
    JsonNode s = n.get("status");
    if (s != null && !s.isNull()) {
      if (!s.isArray() || s.size() > 64) {
        errors.add(new FieldError("expect.status", "must be an array of HTTP statuses"));
      } else {
        for (JsonNode v : s) {
          if (!v.isIntegralNumber() || v.asInt() < 100 || v.asInt() > 599) {
            errors.add(new FieldError("expect.status", clip(v.toString()) + " is not an HTTP status (100..599)"));
          } else {
            status.add(v.asInt());
          }
        }
      }
    }
    String body = null;
    JsonNode b = n.get("bodyContains");
    if (b != null && !b.isNull()) {
      if (!b.isTextual() || b.asText().isEmpty() || b.asText().length() > MAX_TEXT) {
        errors.add(new FieldError("expect.bodyContains", "must be a non-empty string of at most " + MAX_TEXT + " characters"));
      } else {
        body = b.asText();
      }
    }
    return new Expect(status, body);
  }

  private static ClientView client(JsonNode n, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      errors.add(new FieldError("client", "must be an object: {\"reachable\": false, \"error\": \"timed out\"}"));
      return null;
    }
    JsonNode r = n.get("reachable");
    Boolean reachable = null;
    if (r != null && !r.isNull()) {
      if (!r.isBoolean()) {
        errors.add(new FieldError("client.reachable", "must be true or false, got " + clip(r.toString())));
      } else {
        reachable = r.asBoolean();
      }
    }
    JsonNode e = n.get("error");
    String error = null;
    if (e != null && !e.isNull()) {
      if (!e.isTextual() || e.asText().length() > MAX_TEXT) {
        errors.add(new FieldError("client.error", "must be a string of at most " + MAX_TEXT + " characters"));
      } else {
        error = e.asText();
      }
    }
    return new ClientView(reachable, error);
  }

  private static boolean bool(JsonNode n, String field, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false, got " + clip(n.toString())));
      return false;
    }
    return n.asBoolean();
  }

  private static String clip(String s) {
    return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }
}

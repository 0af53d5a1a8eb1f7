package downcheck.coordinator.check;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.model.agent.RegionName;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.ClientView;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.check.TargetPolicy;
import java.util.ArrayList;
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
    boolean fresh,
    CheckOptions options) {

  static final int MIN_TIMEOUT_MS = 100;
  static final int MAX_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_SLOW_MS = 2_000;
  static final int MAX_REGIONS = 64;
  static final int MAX_TEXT = 1024;
  private static final String MILLISECONDS = " of milliseconds";
  private static final Set<String> KNOWN = Set.of("target", "kind", "regions", "timeoutMs", "slowMs", "expect", "client", "fresh",
      "ping", "trace");

  /** The question this body asks, of {@code regions}: the ones it named, checked against the live ones. */
  public Question asking(List<String> regions) {
    return new Question(target, regions, timeoutMs, slowMs, expect, client, fresh, options);
  }

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
    JsonNode root = body == null || body.isBlank() ? null : Fields.tree(body);
    if (root == null || !root.isObject()) {
      throw InvalidRequestException.of("body", "must be a JSON object with at least \"target\"");
    }
    List<FieldError> errors = new ArrayList<>();
    Submission s = read(root, policy, errors);
    Fields.unknown(root, KNOWN, "", errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return s;
  }

  /**
   * The check's fields of a body (a monitor's body holds them too), every bad one added to
   * {@code errors}; null when one was bad. Fields it does not know are the caller's to name.
   */
  public static Submission read(JsonNode root, TargetPolicy policy, List<FieldError> errors) {
    int before = errors.size();
    ProbeKind kind = kind(root.get("kind"), errors);
    Target target = target(root.get("target"), kind, policy, errors);
    List<String> regions = regions(root.get("regions"), errors);
    int timeoutMs = (int) Fields.whole(root.get("timeoutMs"), "timeoutMs", DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS,
        MAX_TIMEOUT_MS, MILLISECONDS, "", errors);
    long slowMs = Fields.whole(root.get("slowMs"), "slowMs", DEFAULT_SLOW_MS, 1, 60_000, MILLISECONDS, "", errors);
    Expect expect = expect(root.get("expect"), errors);
    ClientView client = client(root.get("client"), errors);
    boolean fresh = Fields.bool(root.get("fresh"), "fresh", errors);
    if (target != null && target.kind() != ProbeKind.HTTP && root.hasNonNull("expect")) {
      errors.add(new FieldError("expect", "only http checks can expect a status or body"));
    }
    CheckOptions options = new CheckOptions(null, null, null, KindOptions.ping(root, target, errors),
        KindOptions.trace(root, target, errors));
    return errors.size() > before ? null
        : new Submission(target, regions, timeoutMs, slowMs, expect, client, fresh, options);
  }

  private static ProbeKind kind(JsonNode n, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return null;
    }
    if (!n.isTextual()) {
      errors.add(new FieldError("kind", "must be one of http, tcp, dns, ping, trace"));
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
    if (Fields.absent(n)) {
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
    if (Fields.absent(n)) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_REGIONS) {
      errors.add(new FieldError("regions", "must be an array of at most " + MAX_REGIONS + " region names"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode r : n) {
      if (!r.isTextual() || !RegionName.isValid(r.asText())) {
        errors.add(new FieldError("regions", "'" + Fields.clip(r.asText()) + "' is not a region name"));
      } else if (!out.contains(r.asText())) {
        out.add(r.asText());
      }
    }
    return out;
  }

  private static Expect expect(JsonNode n, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return Expect.DEFAULT;
    }
    if (!n.isObject()) {
      errors.add(new FieldError("expect", "must be an object: {\"status\": [200], \"bodyContains\": \"ok\"}"));
      return Expect.DEFAULT;
    }
    List<Integer> status = new ArrayList<>();
    JsonNode s = n.get("status");
    if (!Fields.absent(s)) {
      if (!s.isArray() || s.size() > 64) {
        errors.add(new FieldError("expect.status", "must be an array of HTTP statuses"));
      } else {
        for (JsonNode v : s) {
          if (!v.isIntegralNumber() || v.asInt() < 100 || v.asInt() > 599) {
            errors.add(new FieldError("expect.status", Fields.json(v) + " is not an HTTP status (100..599)"));
          } else {
            status.add(v.asInt());
          }
        }
      }
    }
    String body = Fields.string(n.get("bodyContains"), "expect.bodyContains", MAX_TEXT, true, errors);
    return new Expect(status, body);
  }

  private static ClientView client(JsonNode n, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return null;
    }
    if (!n.isObject()) {
      errors.add(new FieldError("client", "must be an object: {\"reachable\": false, \"error\": \"timed out\"}"));
      return null;
    }
    Boolean reachable = Fields.optionalBool(n.get("reachable"), "client.reachable", errors);
    String error = Fields.string(n.get("error"), "client.error", MAX_TEXT, false, errors);
    return new ClientView(reachable, error);
  }
}

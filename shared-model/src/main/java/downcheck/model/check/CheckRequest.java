package downcheck.model.check;

import downcheck.model.wire.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A check on {@code downcheck.checks}: what to probe, from which regions (empty = every
 * region that reads it), and the deadline after which no agent should still start it.
 * {@code options} shape the probe; {@code agents}, when not empty, names the agents addressed
 * directly (docs/architecture.md): only they answer.
 */
public record CheckRequest(
    int schema,
    String checkId,
    String target,
    ProbeKind kind,
    List<String> regions,
    int timeoutMs,
    Expect expect,
    Instant createdAt,
    Instant deadline,
    CheckOptions options,
    List<String> agents) {

  /** A check of the default shape, answered by one agent of each region's group. */
  public CheckRequest(int schema, String checkId, String target, ProbeKind kind, List<String> regions, int timeoutMs,
      Expect expect, Instant createdAt, Instant deadline) {
    this(schema, checkId, target, kind, regions, timeoutMs, expect, createdAt, deadline, null, null);
  }

  public CheckRequest {
    if (checkId == null || checkId.isBlank()) {
      throw new IllegalArgumentException("checkId: missing");
    }
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target: missing in check " + checkId);
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind: missing in check " + checkId);
    }
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeoutMs: " + timeoutMs + " is not positive in check " + checkId);
    }
    if (deadline == null) {
      throw new IllegalArgumentException("deadline: missing in check " + checkId);
    }
    regions = regions == null ? List.of() : List.copyOf(regions);
    expect = expect == null ? Expect.DEFAULT : expect;
    options = options == null ? CheckOptions.DEFAULT : options;
    agents = agents == null ? List.of() : List.copyOf(agents);
    schema = schema == 0 ? Schema.VERSION : schema;
  }

  public boolean isFor(String region) {
    return regions.isEmpty() || regions.contains(region);
  }
}

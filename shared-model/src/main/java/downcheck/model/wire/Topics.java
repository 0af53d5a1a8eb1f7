package downcheck.model.wire;

/**
 * The Kafka topics (checks out to the regions, results back, verdicts, agent heartbeats, monitors),
 * under a configurable prefix (default {@code downcheck.}); their retention: docs/operations.md.
 */
public record Topics(String prefix) {
  public static final String DEFAULT_PREFIX = "downcheck.";

  public Topics {
    if (prefix == null) {
      prefix = DEFAULT_PREFIX;
    }
  }

  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX);
  }

  /** One record per check, key = normalised target; every region reads all of it. */
  public String checks() {
    return prefix + "checks";
  }

  /**
   * Checks for chosen agents (docs/architecture.md, "Direct addressing"): one record per
   * (check, agent), key = agent id, {@code CheckRequest.agents} = that agent. Each agent reads
   * the one partition its id hashes to, outside any group, and runs only what names it.
   */
  public String direct() {
    return prefix + "direct";
  }

  /** One record per (check, agent), key = check id. */
  public String results() {
    return prefix + "results";
  }

  /** Every provisional and final verdict, key = check id. */
  public String verdicts() {
    return prefix + "verdicts";
  }

  /** Heartbeats, key = agent id, compacted. */
  public String agents() {
    return prefix + "agents";
  }

  /** Monitor definitions (key = monitor id) and their latest state (key = id + "/state"), compacted. */
  public String monitors() {
    return prefix + "monitors";
  }

  /** The consumer group of one region: every region gets every check, its agents share them. */
  public String regionGroup(String region) {
    return prefix.replace('.', '-') + "region-" + region;
  }
}

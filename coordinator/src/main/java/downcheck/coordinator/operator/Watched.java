package downcheck.coordinator.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the coordinators know of one agent or region, shared in Hazelcast: each problem's state and
 * the notices decided and not yet delivered (at most {@link #MAX_OUTBOX}, the oldest dropped).
 *
 * <p>The rule, per problem: it is told once it has lasted its delay (silence and a lost region at
 * once, impairment after {@code --operator-impaired-minutes}); its recovery is told once the agent
 * or region has been well for {@code --operator-hold-minutes}. A problem that comes back within
 * the hold is not told again, nor is the short recovery: an agent that comes and goes every minute
 * is told silent once, and back once it has stayed for the hold.
 *
 * @param agent the agent concerned (a region's: its agent heard from last)
 */
record Watched(AgentView agent, Map<Problem, Condition> conditions, List<OperatorNotice> outbox) {
  static final int MAX_OUTBOX = 8;

  /**
   * One problem's state.
   *
   * @param present whether it is so now
   * @param since   when it last became so or stopped being so; null when it was so at first sight
   * @param told    whether the operator's last word on it was the problem (not yet its recovery)
   */
  record Condition(boolean present, Instant since, boolean told) {}

  /** How long a problem lasts before it is told, and how long the recovery must last. */
  record Delays(Duration impaired, Duration hold) {
    Duration of(Problem p) {
      return p == Problem.AGENT_IMPAIRED ? impaired : Duration.ZERO;
    }
  }

  /**
   * What a coordinator sees now.
   *
   * @param facts each problem seen present or not; one left out is not known now (an impairment while silent)
   */
  record Observation(AgentView agent, String region, Map<Problem, Boolean> facts) {}

  Watched {
    conditions = conditions == null ? Map.of() : Map.copyOf(conditions);
    outbox = outbox == null ? List.of() : List.copyOf(outbox);
  }

  /**
   * This state after {@code seen} at {@code now}: the notices decided now appended to the outbox,
   * their delivery ids {@code nonce-<n>} (the caller's nonce, so that a backup replaying the step
   * decides the very same ids).
   */
  static Watched step(Watched current, Observation seen, Instant now, Delays delays, String nonce) {
    Map<Problem, Condition> next = new EnumMap<>(Problem.class);
    if (current != null) {
      next.putAll(current.conditions());
    }
    List<OperatorNotice> outbox = new ArrayList<>(current == null ? List.of() : current.outbox());
    AgentView agent = seen.agent() != null ? seen.agent() : current == null ? null : current.agent();
    for (Map.Entry<Problem, Boolean> fact : seen.facts().entrySet()) {
      Problem p = fact.getKey();
      boolean present = fact.getValue();
      Condition c = next.get(p);
      if (c == null) {
        c = new Condition(present, present && p.mustBeSeenStarting() ? null : now, false);
      } else if (c.present() != present) {
        c = new Condition(present, now, c.told());
      }
      if (c.present() && !c.told() && c.since() != null && !now.isBefore(c.since().plus(delays.of(p)))) {
        c = new Condition(true, c.since(), true);
        outbox.add(notice(p.event(), p, true, agent, seen.region(), now, c.since(), nonce + "-" + outbox.size()));
      } else if (!c.present() && c.told() && !now.isBefore(c.since().plus(delays.hold()))) {
        c = new Condition(false, c.since(), false);
        outbox.add(notice(p.recovery(), p, false, agent, seen.region(), now, c.since(), nonce + "-" + outbox.size()));
      }
      next.put(p, c);
    }
    while (outbox.size() > MAX_OUTBOX) {
      outbox.remove(0);
    }
    return new Watched(agent, next, outbox);
  }

  /** True when a problem among {@code seen} waits for its delay or hold: it is looked at again though nothing changed. */
  boolean waiting(Set<Problem> seen) {
    return !outbox.isEmpty() || conditions.entrySet().stream().filter(e -> seen.contains(e.getKey())).map(Map.Entry::getValue)
        .anyMatch(c -> c.present() ? !c.told() && c.since() != null : c.told());
  }

  /** The problems' present facts as last seen, to compare with the next look. */
  boolean sameFacts(Map<Problem, Boolean> facts) {
    return facts.entrySet().stream().allMatch(f -> {
      Condition c = conditions.get(f.getKey());
      return c != null && c.present() == f.getValue();
    });
  }

  Watched without(String deliveryId) {
    return new Watched(agent, conditions, outbox.stream().filter(n -> !n.deliveryId().equals(deliveryId)).toList());
  }

  private static OperatorNotice notice(String event, Problem p, boolean problem, AgentView agent, String region,
      Instant now, Instant since, String deliveryId) {
    return new OperatorNotice(event, deliveryId, agent, region, now, Summaries.of(p, problem, agent, region, now, since));
  }
}

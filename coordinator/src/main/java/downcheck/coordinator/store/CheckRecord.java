package downcheck.coordinator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ClientView;
import downcheck.model.consensus.Consensus;
import downcheck.model.consensus.Evidence;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A check as the coordinators keep it in Hazelcast: what was asked, of which regions, and
 * every result so far. Once final, the verdict is frozen in {@code finalView} and no result
 * changes it again. A coalesced check ({@code sharedFrom} set) has no results of its own: it
 * reads those of the check it was answered from, judged with its own asker's view.
 */
public record CheckRecord(
    CheckRequest request,
    String displayTarget,
    List<String> expectedRegions,
    long slowMs,
    ClientView client,
    List<ProbeResult> results,
    CheckView finalView,
    String sharedFrom) {

  public CheckRecord {
    expectedRegions = List.copyOf(expectedRegions);
    results = results == null ? List.of() : List.copyOf(results);
  }

  @JsonIgnore
  public String id() {
    return request.checkId();
  }

  @JsonIgnore
  public boolean isFinal() {
    return finalView != null;
  }

  /** The record with this result added, or this record when it adds nothing (final, duplicate). */
  public CheckRecord withResult(ProbeResult r) {
    if (isFinal() || sharedFrom != null || !r.checkId().equals(id())) {
      return this;
    }
    for (ProbeResult existing : results) {
      if (existing.agentId().equals(r.agentId())) {
        return this; // at-least-once delivery: (check, agent) counts once
      }
    }
    List<ProbeResult> more = new ArrayList<>(results);
    more.add(r);
    CheckRecord next = new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, more, null, null);
    // a result folded late (a coordinator lagging, a rebalance) still counts until the check is
    // closed: only a complete set makes it final here; the deadline is the Finalizer's to call
    return next.freezeIfFinal(false);
  }

  /** At or after the deadline: freeze with whatever came in (missing regions are MISSING). */
  public CheckRecord finalizedAt(Instant now) {
    return finalizedAt(now, List.of());
  }

  /**
   * At or after the deadline: freeze with whatever came in. A silent region whose agents the
   * network knows to be impaired ({@code knownImpaired}, from their heartbeats) is IMPAIRED with
   * a local issue; other silent regions are MISSING.
   */
  public CheckRecord finalizedAt(Instant now, List<LocalIssue> knownImpaired) {
    if (isFinal() || sharedFrom != null || now.isBefore(request.deadline())) {
      return this;
    }
    Assessment a = assess(true, knownImpaired);
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, toView(a), sharedFrom);
  }

  public CheckView view(Instant now) {
    if (finalView != null) {
      return finalView;
    }
    return toView(assess(false, List.of()));
  }

  /**
   * Frozen as it stands, as a check whose every region answered ({@code false}) or whose deadline
   * passed; {@code knownImpaired} as in {@link #finalizedAt(Instant, List)}.
   */
  CheckRecord frozen(boolean deadlinePassed, List<LocalIssue> knownImpaired) {
    return freezeIfFinal(deadlinePassed, knownImpaired);
  }

  private CheckRecord freezeIfFinal(boolean deadlinePassed) {
    return freezeIfFinal(deadlinePassed, List.of());
  }

  private CheckRecord freezeIfFinal(boolean deadlinePassed, List<LocalIssue> knownImpaired) {
    Assessment a = assess(deadlinePassed, knownImpaired);
    if (!a.isFinal()) {
      return this;
    }
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, toView(a), sharedFrom);
  }

  /**
   * This coalesced check as its asker sees it: the probes of {@code original}, judged with this
   * check's own client view and slowness threshold.
   */
  public CheckView viewOf(CheckView original) {
    List<ProbeResult> shared = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    original.regions().forEach(r -> {
      regions.add(r.region());
      shared.addAll(r.results());
    });
    boolean closedAtDeadline = original.isFinal() && original.quorum().reported() < original.quorum().expected();
    // the original's agents known impaired at its deadline judge its silent regions here too
    List<LocalIssue> known = original.localIssues().stream().filter(i -> "agent".equals(i.scope())).toList();
    Assessment a = Consensus.assess(new Evidence(displayTarget, regions, shared, slowMs, client, closedAtDeadline,
        known));
    // judged afresh, but final exactly when the original is: its probes are all this check gets
    return new CheckView(id(), original.target(), original.kind(), request.createdAt(), original.deadline(), true,
        a.withFinal(original.isFinal()));
  }

  private Assessment assess(boolean deadlinePassed, List<LocalIssue> knownImpaired) {
    return Consensus.assess(new Evidence(displayTarget, expectedRegions, results, slowMs, client, deadlinePassed,
        knownImpaired));
  }

  private CheckView toView(Assessment a) {
    return new CheckView(id(), request.target(), request.kind(), request.createdAt(), request.deadline(), false, a);
  }
}

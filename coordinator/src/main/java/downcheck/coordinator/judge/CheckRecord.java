package downcheck.coordinator.judge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ClientView;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import java.time.Instant;
import java.util.List;

/**
 * A check as the coordinators keep it: what was asked, of which regions and (when sent to chosen
 * agents) of which agents, every result so far, and why it was closed ({@code closure}, null
 * while it is open). Data only: the store keeps it,
 * {@link Judge} judges it. A check rebuilt from {@code downcheck.verdicts} after a full restart
 * has no results, only its verdict as it was published ({@code finalView}). A coalesced check
 * ({@code sharedFrom} set) has no results of its own: it is judged from the check it was answered
 * from ({@link Judge#asSeenBy}). {@code review} is null for a check that gets no second opinion,
 * else whether it was looked at for one and what was asked ({@link Review}). {@code pathTrace} is
 * its one path comparison, null when none was asked ({@link PathTrace}).
 *
 * @param expectedAgents the agents the check was sent to by id (docs/architecture.md, "Direct
 *                       addressing"): each must answer before the check is final, and no other
 *                       agent's result is folded into it. Empty for a check sent to the regions'
 *                       groups, where any one agent of each expected region answers. Agents may
 *                       be added while it is open ({@code CheckStore.expectAgents}).
 */
public record CheckRecord(
    CheckRequest request,
    String displayTarget,
    List<String> expectedRegions,
    long slowMs,
    ClientView client,
    List<ProbeResult> results,
    CheckView finalView,
    String sharedFrom,
    Closure closure,
    List<String> expectedAgents,
    Review review,
    PathTrace pathTrace) {

  public CheckRecord {
    expectedRegions = List.copyOf(expectedRegions);
    results = results == null ? List.of() : List.copyOf(results);
    expectedAgents = expectedAgents == null ? List.of() : List.copyOf(expectedAgents);
  }

  public CheckRecord(CheckRequest request, String displayTarget, List<String> expectedRegions, long slowMs,
      ClientView client, List<ProbeResult> results, CheckView finalView, String sharedFrom, Closure closure) {
    this(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom, closure, List.of(),
        null, null);
  }

  public CheckRecord(CheckRequest request, String displayTarget, List<String> expectedRegions, long slowMs,
      ClientView client, List<ProbeResult> results, CheckView finalView, String sharedFrom, Closure closure,
      List<String> expectedAgents) {
    this(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom, closure,
        expectedAgents, null, null);
  }

  /** A new check, nothing in yet; it expects the agents the request names ({@code CheckRequest.agents}), if any. */
  public static CheckRecord open(CheckRequest request, String displayTarget, List<String> regions, long slowMs,
      ClientView client) {
    return new CheckRecord(request, displayTarget, regions, slowMs, client, List.of(), null, null, null,
        request.agents());
  }

  /** A check answered from {@code originalId}'s probes, judged with its own asker's view. */
  public static CheckRecord sharing(String originalId, CheckRequest request, String displayTarget,
      List<String> regions, long slowMs, ClientView client) {
    return new CheckRecord(request, displayTarget, regions, slowMs, client, List.of(), null, originalId, null, List.of());
  }

  /** A check final before a full restart, as its verdict was published; it expects the request's regions. */
  public static CheckRecord published(CheckRequest request, String displayTarget, CheckView finalView) {
    return new CheckRecord(request, displayTarget, request.regions(), 0, null, List.of(), finalView, null, null,
        request.agents());
  }

  /** This check with these results, closed as given (null: open). */
  public CheckRecord with(List<ProbeResult> results, Closure closure) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, expectedAgents, review, pathTrace);
  }

  /** This check, looked at for a second opinion as given (null: it gets none). */
  public CheckRecord withReview(Review review) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, expectedAgents, review, pathTrace);
  }

  /** The deadline now: the request's, or the later one a second opinion or a path comparison moved it to. */
  @JsonIgnore
  public Instant deadline() {
    Instant d = request.deadline();
    if (review != null && review.deadline() != null && review.deadline().isAfter(d)) {
      d = review.deadline();
    }
    return pathTrace != null && pathTrace.until().isAfter(d) ? pathTrace.until() : d;
  }

  /** This check expecting these agents (as the store holds them, agents added while open included). */
  public CheckRecord expecting(List<String> agents) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, agents, review, pathTrace);
  }

  /** Sent to chosen agents by id, not to the regions' groups. */
  @JsonIgnore
  public boolean isDirect() {
    return !request.agents().isEmpty();
  }

  /** This check with its path comparison as it stands. */
  public CheckRecord withPathTrace(PathTrace pathTrace) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, expectedAgents, review, pathTrace);
  }

  /**
   * Every region and every agent expected answered, looked at for a second opinion if it waited
   * for one, not final: its one path comparison is to be decided ({@link PathTrace}).
   */
  @JsonIgnore
  public boolean awaitsPathDecision() {
    return closure == null && finalView == null && sharedFrom == null && pathTrace == null
        && (review == null || review.done())
        && Judge.complete(expectedRegions, expectedAgents, results.stream().map(ProbeResult::region).toList(),
            results.stream().map(ProbeResult::agentId).toList());
  }

  @JsonIgnore
  public String id() {
    return request.checkId();
  }

  /** Closed, or rebuilt final: nothing changes it again. */
  @JsonIgnore
  public boolean isFinal() {
    return finalView != null || closure != null;
  }
}

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
 * else whether it was looked at for one and what was asked ({@link Review}).
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
    Review review) {

  public CheckRecord {
    expectedRegions = List.copyOf(expectedRegions);
    results = results == null ? List.of() : List.copyOf(results);
    expectedAgents = expectedAgents == null ? List.of() : List.copyOf(expectedAgents);
  }

  public CheckRecord(CheckRequest request, String displayTarget, List<String> expectedRegions, long slowMs,
      ClientView client, List<ProbeResult> results, CheckView finalView, String sharedFrom, Closure closure) {
    this(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom, closure, List.of(),
        null);
  }

  public CheckRecord(CheckRequest request, String displayTarget, List<String> expectedRegions, long slowMs,
      ClientView client, List<ProbeResult> results, CheckView finalView, String sharedFrom, Closure closure,
      List<String> expectedAgents) {
    this(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom, closure,
        expectedAgents, null);
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
        closure, expectedAgents, review);
  }

  /** This check, looked at for a second opinion as given (null: it gets none). */
  public CheckRecord withReview(Review review) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, expectedAgents, review);
  }

  /** The deadline now: the request's, or the one a second opinion moved. */
  @JsonIgnore
  public Instant deadline() {
    return review != null && review.deadline() != null ? review.deadline() : request.deadline();
  }

  /** This check expecting these agents (as the store holds them, agents added while open included). */
  public CheckRecord expecting(List<String> agents) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, agents, review);
  }

  /** Sent to chosen agents by id, not to the regions' groups. */
  @JsonIgnore
  public boolean isDirect() {
    return !request.agents().isEmpty();
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

package downcheck.coordinator.judge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ClientView;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import java.util.List;

/**
 * A check as the coordinators keep it: what was asked, of which regions, every result so far,
 * and why it was closed ({@code closure}, null while it is open). Data only: the store keeps it,
 * {@link Judge} judges it. A check rebuilt from {@code downcheck.verdicts} after a full restart
 * has no results, only its verdict as it was published ({@code finalView}). A coalesced check
 * ({@code sharedFrom} set) has no results of its own: it is judged from the check it was answered
 * from ({@link Judge#asSeenBy}). {@code pathTrace} is its one path comparison, null when none was
 * asked ({@link PathTrace}).
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
    PathTrace pathTrace) {

  public CheckRecord {
    expectedRegions = List.copyOf(expectedRegions);
    results = results == null ? List.of() : List.copyOf(results);
  }

  /** A new check, nothing in yet. */
  public static CheckRecord open(CheckRequest request, String displayTarget, List<String> regions, long slowMs,
      ClientView client) {
    return new CheckRecord(request, displayTarget, regions, slowMs, client, List.of(), null, null, null, null);
  }

  /** A check answered from {@code originalId}'s probes, judged with its own asker's view. */
  public static CheckRecord sharing(String originalId, CheckRequest request, String displayTarget,
      List<String> regions, long slowMs, ClientView client) {
    return new CheckRecord(request, displayTarget, regions, slowMs, client, List.of(), null, originalId, null, null);
  }

  /** A check final before a full restart, as its verdict was published; it expects the request's regions. */
  public static CheckRecord published(CheckRequest request, String displayTarget, CheckView finalView) {
    return new CheckRecord(request, displayTarget, request.regions(), 0, null, List.of(), finalView, null, null, null);
  }

  /** This check with these results, closed as given (null: open). */
  public CheckRecord with(List<ProbeResult> results, Closure closure) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, pathTrace);
  }

  /** This check with its path comparison as it stands. */
  public CheckRecord withPathTrace(PathTrace pathTrace) {
    return new CheckRecord(request, displayTarget, expectedRegions, slowMs, client, results, finalView, sharedFrom,
        closure, pathTrace);
  }

  /** Every region answered, not final: its one path comparison is to be decided ({@link PathTrace}). */
  @JsonIgnore
  public boolean awaitsPathDecision() {
    return closure == null && finalView == null && sharedFrom == null && pathTrace == null
        && Judge.allAnswered(expectedRegions, results.stream().map(ProbeResult::region).toList());
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

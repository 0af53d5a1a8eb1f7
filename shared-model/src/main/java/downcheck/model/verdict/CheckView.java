package downcheck.model.verdict;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import downcheck.model.check.RequestShape;
import downcheck.model.check.ProbeKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A check as the API shows it (docs/api.md, {@code GET /api/v1/checks/{id}}), and as it travels
 * on {@code downcheck.verdicts}: what was asked, and the {@link Assessment} of it so far. The
 * assessment's fields sit at the top level of the JSON, beside the check's own.
 *
 * <p>Jackson reads the unwrapped assessment back through the record's constructor (supported
 * since 2.19). Is-getters are not auto-detected here: {@link #isFinal()} would otherwise be a
 * second {@code "final"} property, and ignoring it with {@code @JsonIgnore} would make Jackson
 * drop {@code "final"} on reading before the assessment sees it.
 */
@JsonAutoDetect(isGetterVisibility = Visibility.NONE)
public record CheckView(
    String id,
    String target,
    ProbeKind kind,
    Instant createdAt,
    Instant deadline,
    boolean coalesced,
    @JsonUnwrapped Assessment assessment,
    @JsonInclude(JsonInclude.Include.NON_NULL) RequestShape request) {

  /**
   * @param request the request the check sends as every read shows it ({@link RequestShape#shown()}):
   *                header values and body redacted; null for a plain GET
   */
  @JsonCreator
  public CheckView {
    Objects.requireNonNull(assessment, "assessment");
  }

  /** A check sending a plain GET (or of another kind). */
  public CheckView(String id, String target, ProbeKind kind, Instant createdAt, Instant deadline, boolean coalesced,
      Assessment assessment) {
    this(id, target, kind, createdAt, deadline, coalesced, assessment, null);
  }

  /** This check answered from another's probes. */
  public CheckView asCoalesced() {
    return new CheckView(id, target, kind, createdAt, deadline, true, assessment, request);
  }

  /** The same check showing the request it sends, redacted ({@link RequestShape#shownOrNull}). */
  public CheckView sending(RequestShape shape) {
    return new CheckView(id, target, kind, createdAt, deadline, coalesced, assessment, RequestShape.shownOrNull(shape));
  }

  public Verdict verdict() {
    return assessment.verdict();
  }

  public boolean isFinal() {
    return assessment.isFinal();
  }

  public boolean justYou() {
    return assessment.justYou();
  }

  public double confidence() {
    return assessment.confidence();
  }

  public String summary() {
    return assessment.summary();
  }

  public Diagnosis diagnosis() {
    return assessment.diagnosis();
  }

  public Quorum quorum() {
    return assessment.quorum();
  }

  public List<RegionReport> regions() {
    return assessment.regions();
  }

  public List<LocalIssue> localIssues() {
    return assessment.localIssues();
  }
}

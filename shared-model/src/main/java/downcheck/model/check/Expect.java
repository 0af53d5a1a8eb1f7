package downcheck.model.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a check expects of an HTTP answer. Empty status list = any status below 500 is up
 * (a 404 or 403 is a live server); {@code bodyContains} null = the body is not looked at.
 * {@code bodyNotContains}, {@code bodyMatches} (RE2 syntax, linear time), header matches and
 * JSON values by pointer are further conditions, all of which must hold.
 */
public record Expect(List<Integer> status, String bodyContains,
    @JsonInclude(JsonInclude.Include.NON_NULL) String bodyNotContains,
    @JsonInclude(JsonInclude.Include.NON_NULL) String bodyMatches,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HeaderMatch> headers,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JsonMatch> json) {
  public static final Expect DEFAULT = new Expect(List.of(), null);

  public Expect(List<Integer> status, String bodyContains) {
    this(status, bodyContains, null, null, List.of(), List.of());
  }

  public Expect {
    status = status == null ? List.of() : List.copyOf(status);
    headers = headers == null ? List.of() : List.copyOf(headers);
    json = json == null ? List.of() : List.copyOf(json);
    for (Integer s : status) {
      if (s == null || s < 100 || s > 599) {
        throw new IllegalArgumentException("expect.status: " + s + " is not an HTTP status (100..599)");
      }
    }
  }

  /** Whether an answer with this status counts as up, before the body is considered. */
  public boolean statusOk(int httpStatus) {
    return status.isEmpty() ? httpStatus < 500 : status.contains(httpStatus);
  }
}

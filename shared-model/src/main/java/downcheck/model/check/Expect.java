package downcheck.model.check;

import java.util.List;

/**
 * What a check expects of an HTTP answer. Empty status list = any status below 500 is up
 * (a 404 or 403 is a live server); {@code bodyContains} null = the body is not looked at.
 */
public record Expect(List<Integer> status, String bodyContains) {
  public static final Expect DEFAULT = new Expect(List.of(), null);

  public Expect {
    status = status == null ? List.of() : List.copyOf(status);
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

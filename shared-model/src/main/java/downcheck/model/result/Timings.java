package downcheck.model.result;

/** Phase timings of one probe in milliseconds; a phase that did not happen is null. */
public record Timings(Long dnsMs, Long connectMs, Long tlsMs, Long firstByteMs, Long totalMs) {
  public static Timings total(long totalMs) {
    return new Timings(null, null, null, null, totalMs);
  }
}

package downcheck.coordinator.store;

import java.time.Duration;

/**
 * How long a final check's link lasts, and how much memory the links may take.
 *
 * @param retention   a final check answers at {@code /c/{id}} and {@code GET /api/v1/checks/{id}} for this long
 *                    after it was made
 * @param maxMegabytes heap the kept checks may take on each coordinator (Hazelcast's own count of the map's
 *                    entries); past it the oldest go first
 */
public record LinkSettings(Duration retention, int maxMegabytes) {
  /** 30 days, 64 MB a coordinator: about 85 000 checks of one region at the measured 770 bytes each (docs/operations.md). */
  public static final LinkSettings DEFAULT = new LinkSettings(Duration.ofDays(30), 64);

  public LinkSettings {
    if (retention.toHours() < 1) {
      throw new IllegalArgumentException("--link-retention-days must be at least 1 (" + retention.toDays() + ")");
    }
    if (maxMegabytes < 1) {
      throw new IllegalArgumentException("--link-store-mb must be at least 1 (" + maxMegabytes + ")");
    }
  }
}

package downcheck.model.monitor;

import java.util.List;

/**
 * The certificate the regions saw on a monitor's latest run that reached the target over TLS.
 *
 * @param daysLeft the fewest days left of the leaf certificates seen
 * @param regions  the regions that saw it that close to expiry ({@code daysLeft} at or below the
 *                 monitor's {@code certExpiryDays}), or all that saw one when it is not close
 * @param told     its nearing expiry was notified: no other notice until a renewed certificate re-arms it
 */
public record CertificateSeen(int daysLeft, List<String> regions, boolean told) {
  public CertificateSeen {
    regions = regions == null ? List.of() : List.copyOf(regions);
  }
}

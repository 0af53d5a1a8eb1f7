package downcheck.model.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where an agent stands, as its operator states it: country (ISO 3166-1 alpha-2), city,
 * provider ({@code aws}, {@code hetzner}, {@code home}), ASN and free tags. Every field may be
 * absent; {@link #UNKNOWN} is an agent that said nothing.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Location(String country, String city, String provider, Long asn, List<String> tags) {
  public static final Location UNKNOWN = new Location(null, null, null, null, List.of());

  public Location {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}

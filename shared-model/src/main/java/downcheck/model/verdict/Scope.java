package downcheck.model.verdict;

import java.util.List;

/** Where an outage was seen: the regions and the networks (e.g. "AS3320", or a provider). */
public record Scope(List<String> regions, List<String> networks) {
  public Scope {
    regions = regions == null ? List.of() : List.copyOf(regions);
    networks = networks == null ? List.of() : List.copyOf(networks);
  }
}

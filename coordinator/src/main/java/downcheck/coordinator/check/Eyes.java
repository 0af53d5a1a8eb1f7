package downcheck.coordinator.check;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.model.agent.Location;
import downcheck.model.agent.Places;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How many agents answer a check, and which (docs/api.md, "more eyes"): {@code perRegion}
 * agents of each region (1..5, default 1), or agents by {@code locations} (at most 10 filters of
 * one field each: country, city, provider, asn or tag) up to {@code limit} in all (1..20,
 * default one per location). The default, one agent per region, is answered by the regions'
 * groups exactly as before; anything else by agents the coordinator chooses ({@link AgentPicker})
 * and addresses directly.
 *
 * @param limit agents in all, with {@code locations}; 0 without
 */
public record Eyes(int perRegion, List<Location> locations, int limit) {
  public static final Eyes ONE_PER_REGION = new Eyes(1, List.of(), 0);
  static final int MAX_PER_REGION = 5;
  static final int MAX_LOCATIONS = 10;
  static final int MAX_LIMIT = 20;
  /** The fields of a check body these are read from. */
  public static final Set<String> FIELDS = Set.of("perRegion", "locations", "limit");
  private static final Set<String> KEYS = Set.of("country", "city", "provider", "asn", "tag");

  public Eyes {
    locations = locations == null ? List.of() : List.copyOf(locations);
  }

  /** One agent of each region's group: the check goes to the regions' groups, not to chosen agents. */
  public boolean isDefault() {
    return perRegion <= 1 && locations.isEmpty();
  }

  /**
   * What makes two questions the same probes for coalescing: the same eyes ("" for the default,
   * so default checks share their keys with every check before this field existed).
   */
  public String key() {
    return isDefault() ? "" : " eyes:" + perRegion + ":" + limit + ":" + locations.stream().map(Eyes::describe).toList();
  }

  /** A filter as a body writes it: {@code {"country": "DE"}}, {@code {"tag": "eyeball"}}. */
  public static Map<String, Object> asWritten(Location filter) {
    if (filter.country() != null) {
      return Map.of("country", filter.country());
    }
    if (filter.city() != null) {
      return Map.of("city", filter.city());
    }
    if (filter.provider() != null) {
      return Map.of("provider", filter.provider());
    }
    if (filter.asn() != null) {
      return Map.of("asn", filter.asn());
    }
    return Map.of("tag", String.join(",", filter.tags()));
  }

  /** A filter as a person reads it: "in DE", "in Berlin", "on hetzner", "in AS3320", "tagged eyeball". */
  public static String describe(Location filter) {
    if (filter.country() != null) {
      return "in " + filter.country();
    }
    if (filter.city() != null) {
      return "in " + filter.city();
    }
    if (filter.provider() != null) {
      return "on " + filter.provider();
    }
    if (filter.asn() != null) {
      return "in AS" + filter.asn();
    }
    return "tagged " + String.join(",", filter.tags());
  }

  /** The eyes a check body asks for; every bad field added to {@code errors} ({@code locations[1].country}). */
  public static Eyes read(JsonNode root, List<FieldError> errors) {
    int before = errors.size();
    JsonNode per = root.get("perRegion");
    JsonNode locs = root.get("locations");
    JsonNode lim = root.get("limit");
    int perRegion = (int) Fields.whole(per, "perRegion", 1, 1, MAX_PER_REGION, " of agents", "", errors);
    List<Location> locations = locations(locs, errors);
    int limit = (int) Fields.whole(lim, "limit", 0, 1, MAX_LIMIT, " of agents", "", errors);
    if (!Fields.absent(locs) && !Fields.absent(per) && errors.size() == before && perRegion != 1) {
      errors.add(new FieldError("perRegion", "goes with regions, not with locations: ask for agents in all with limit"));
    }
    if (Fields.absent(locs) && !Fields.absent(lim)) {
      errors.add(new FieldError("limit", "goes with locations: the agents in all that match them"));
    }
    if (errors.size() > before) {
      return ONE_PER_REGION;
    }
    return new Eyes(perRegion, locations, locations.isEmpty() ? 0 : limit == 0 ? locations.size() : limit);
  }

  private static List<Location> locations(JsonNode n, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return List.of();
    }
    if (!n.isArray() || n.isEmpty() || n.size() > MAX_LOCATIONS) {
      errors.add(new FieldError("locations", "must be an array of 1 to " + MAX_LOCATIONS
          + " places of one field each: {\"country\": \"DE\"}, {\"city\": \"Berlin\"}, {\"provider\": \"hetzner\"}, "
          + "{\"asn\": 3320} or {\"tag\": \"eyeball\"}"));
      return List.of();
    }
    List<Location> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      Location l = location(n.get(i), "locations[" + i + "]", errors);
      if (l != null && !out.contains(l)) {
        out.add(l);
      }
    }
    return out;
  }

  private static Location location(JsonNode n, String at, List<FieldError> errors) {
    if (n == null || !n.isObject() || n.size() != 1) {
      errors.add(new FieldError(at, "must be an object of one field: country, city, provider, asn or tag"));
      return null;
    }
    Map.Entry<String, JsonNode> e = n.fields().next();
    String field = at + "." + e.getKey();
    JsonNode v = e.getValue();
    if (!KEYS.contains(e.getKey())) {
      errors.add(new FieldError(field, "is not a place: country, city, provider, asn or tag"));
      return null;
    }
    if (e.getKey().equals("asn")) {
      String why = v.isIntegralNumber() && v.canConvertToLong() ? Places.asn(v.asLong()) : "must be an AS number";
      if (why != null) {
        errors.add(new FieldError(field, Fields.json(v) + " " + why));
        return null;
      }
      return new Location(null, null, null, v.asLong(), null);
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(field, "must be a string, got " + Fields.json(v)));
      return null;
    }
    String text = v.asText();
    String why = switch (e.getKey()) {
      case "country" -> Places.country(text.toUpperCase(Locale.ROOT));
      case "city" -> Places.city(text);
      case "provider" -> Places.provider(text);
      default -> Places.tag(text);
    };
    if (why != null) {
      errors.add(new FieldError(field, "'" + Fields.clip(text) + "' " + why));
      return null;
    }
    return switch (e.getKey()) {
      case "country" -> new Location(text.toUpperCase(Locale.ROOT), null, null, null, null);
      case "city" -> new Location(null, text, null, null, null);
      case "provider" -> new Location(null, null, text, null, null);
      default -> new Location(null, null, null, null, List.of(text));
    };
  }
}

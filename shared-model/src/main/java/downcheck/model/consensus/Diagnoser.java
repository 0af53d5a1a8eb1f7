package downcheck.model.consensus;

import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The likely cause (rule 6 of {@link Consensus}). */
final class Diagnoser {
  /** Breaks ties between causes seen in as many regions: the most specific signal first. */
  private static final List<Cause> PRIORITY = List.of(Cause.GEO_BLOCKED, Cause.DNS, Cause.REFUSED, Cause.TLS,
      Cause.MAINTENANCE, Cause.OVERLOADED, Cause.SERVER_ERROR, Cause.UNREACHABLE);

  private static final int FORBIDDEN = 403;

  /** The diagnosis, with how many regions back it and the words for the summary. */
  record Finding(Diagnosis diagnosis, List<String> regions, String phrase) {
    static final Finding NONE = new Finding(Diagnosis.NONE, List.of(), "");
  }

  /** One failed (or geo-blocked) result: its cause, its label in the evidence text, where. */
  private record Sign(Cause cause, String label, String phrase, String region) {}

  private Diagnoser() {}

  static Finding diagnose(List<RegionReport> regions, long slowMs) {
    int usable = (int) regions.stream().filter(RegionRules::isUsable).count();
    Set<String> geo = geoBlockedRegions(regions);
    List<Sign> signs = new ArrayList<>();
    for (RegionReport g : regions) {
      if (geo.contains(g.region())) {
        signs.add(new Sign(Cause.GEO_BLOCKED, "HTTP 403", "HTTP 403", g.region()));
      } else if (g.status() == RegionStatus.DOWN) {
        for (ProbeResult r : g.results()) {
          if (RegionRules.isEvidence(r) && r.outcome() == Outcome.DOWN) {
            Cause c = causeOf(r, slowMs);
            signs.add(new Sign(c, label(r, c), Phrases.of(r), g.region()));
          }
        }
      }
    }
    if (signs.isEmpty()) {
      return Finding.NONE;
    }
    Map<Cause, List<Sign>> byCause = signs.stream().collect(Collectors.groupingBy(Sign::cause));
    Cause cause = byCause.keySet().stream()
        .max(Comparator.<Cause>comparingInt(c -> regionCount(byCause.get(c)))
            .thenComparingInt(c -> byCause.get(c).size())
            .thenComparing(c -> -PRIORITY.indexOf(c)))
        .orElseThrow();
    List<Sign> chosen = byCause.get(cause);
    Set<String> phrases = chosen.stream().map(Sign::phrase).collect(Collectors.toCollection(LinkedHashSet::new));
    String phrase = phrases.size() == 1 ? phrases.iterator().next() : Phrases.of(cause);
    List<String> where = chosen.stream().map(Sign::region).distinct().toList();
    return new Finding(new Diagnosis(cause, evidence(chosen, usable)), where, phrase);
  }

  /** The cause one DOWN result points at. */
  static Cause causeOf(ProbeResult r, long slowMs) {
    return switch (r.errorClass()) {
      case DNS_NXDOMAIN, DNS_FAILURE -> Cause.DNS;
      case TLS_FAILURE -> Cause.TLS;
      case CONNECT_REFUSED -> Cause.REFUSED;
      case CONNECT_TIMEOUT, NETWORK_UNREACHABLE, TIMEOUT, CONNECTION_RESET -> Cause.UNREACHABLE;
      case NO_ECHO -> Cause.UNREACHABLE; // alone never a global outage: consensus/NoEchoRule
      case HTTP_5XX, UNEXPECTED_STATUS -> byStatus(r, slowMs);
      case CONTENT_MISMATCH -> Cause.SERVER_ERROR;
      case TARGET_REFUSED -> Cause.NONE; // an ERROR, never DOWN: says nothing of the target
    };
  }

  private static Cause byStatus(ProbeResult r, long slowMs) {
    Integer status = r.httpStatus();
    if (status == null) {
      return Cause.SERVER_ERROR;
    }
    if (status == 429) {
      return Cause.OVERLOADED;
    }
    if (status == 503 && Phrases.hasRetryAfter(r)) {
      return Cause.MAINTENANCE;
    }
    if (status == 503 && r.totalMsOr(0) > slowMs) {
      return Cause.OVERLOADED;
    }
    return Cause.SERVER_ERROR;
  }

  /**
   * Usable regions that answered nothing but 403, while another usable region is UP with
   * a different status: the server is live and refuses some places only.
   */
  private static Set<String> geoBlockedRegions(List<RegionReport> regions) {
    boolean someoneElseServed = regions.stream()
        .filter(g -> g.status() == RegionStatus.UP)
        .flatMap(g -> g.results().stream())
        .anyMatch(r -> RegionRules.isEvidence(r) && r.outcome() == Outcome.UP
            && r.httpStatus() != null && r.httpStatus() != FORBIDDEN);
    if (!someoneElseServed) {
      return Set.of();
    }
    Set<String> geo = new LinkedHashSet<>();
    for (RegionReport g : regions) {
      List<ProbeResult> evidence = g.results().stream().filter(RegionRules::isEvidence).toList();
      if (RegionRules.isUsable(g) && evidence.stream().allMatch(r -> Integer.valueOf(FORBIDDEN).equals(r.httpStatus()))) {
        geo.add(g.region());
      }
    }
    return geo;
  }

  private static String label(ProbeResult r, Cause c) {
    String label = r.errorClass().name() + (r.httpStatus() == null ? "" : " " + r.httpStatus());
    return c == Cause.MAINTENANCE ? label + " with Retry-After" : label;
  }

  /** "CONNECT_TIMEOUT in 2 of 5 regions, TIMEOUT in 1 of 5 regions": most regions first. */
  private static String evidence(List<Sign> signs, int usable) {
    Map<String, Set<String>> regionsByLabel = new LinkedHashMap<>();
    signs.stream().sorted(Comparator.comparing(Sign::label))
        .forEach(s -> regionsByLabel.computeIfAbsent(s.label(), k -> new LinkedHashSet<>()).add(s.region()));
    return regionsByLabel.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, Set<String>> en) -> -en.getValue().size())
            .thenComparing(Map.Entry::getKey))
        .map(en -> en.getKey() + " in " + en.getValue().size() + " of " + Phrases.regions(usable))
        .collect(Collectors.joining(", "));
  }

  private static int regionCount(List<Sign> signs) {
    return (int) signs.stream().map(Sign::region).distinct().count();
  }
}

package downcheck.model.consensus;

import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Geo-DNS is normal: a name answered with different records in different regions is how CDNs and
 * load balancers send each visitor to a near server, not an outage. When every usable region is
 * UP and the regions' answers differ (the records of a dns answer, or the addresses of a plain
 * A/AAAA lookup; compared as sets, order ignored), the summary says so and names each region's
 * answer; the verdict is untouched (docs/consensus.md).
 */
final class GeoDns {
  static final String NOTE = "answers differ between regions (normal for geo-DNS): ";
  private static final int MAX_REGIONS_SHOWN = 5;
  private static final int MAX_RECORDS_SHOWN = 3;
  private static final int MAX_RECORD_CHARS = 80;

  private GeoDns() {}

  /** The summary, with the regions' differing answers after it when the verdict is UP or DEGRADED. */
  static String note(String summary, Verdict verdict, List<RegionReport> regions) {
    if (verdict != Verdict.UP && verdict != Verdict.DEGRADED) {
      return summary;
    }
    Map<String, TreeSet<String>> answers = answers(regions);
    if (answers.size() < 2 || answers.values().stream().distinct().count() < 2) {
      return summary;
    }
    List<String> shown = new ArrayList<>();
    for (Map.Entry<String, TreeSet<String>> a : answers.entrySet()) {
      if (shown.size() == MAX_REGIONS_SHOWN) {
        shown.add("and " + (answers.size() - MAX_REGIONS_SHOWN) + " other regions");
        break;
      }
      shown.add(a.getKey() + " " + records(a.getValue()));
    }
    return summary + "; " + NOTE + String.join(", ", shown);
  }

  /** Each UP region's answer: that of its first counted UP result that has one. */
  static Map<String, TreeSet<String>> answers(List<RegionReport> regions) {
    Map<String, TreeSet<String>> out = new LinkedHashMap<>();
    for (RegionReport g : regions) {
      if (g.status() != RegionStatus.UP) {
        continue;
      }
      for (ProbeResult r : g.results()) {
        if (RegionRules.isEvidence(r) && r.outcome() == Outcome.UP) {
          List<String> records = r.dns() != null ? r.dns().records() : r.addresses();
          if (!records.isEmpty()) {
            out.put(g.region(), new TreeSet<>(records));
            break;
          }
        }
      }
    }
    return out;
  }

  private static String records(TreeSet<String> records) {
    List<String> first = records.stream().limit(MAX_RECORDS_SHOWN)
        .map(r -> r.length() > MAX_RECORD_CHARS ? r.substring(0, MAX_RECORD_CHARS) + "…" : r).toList();
    String text = String.join(" and ", first);
    return records.size() > MAX_RECORDS_SHOWN ? text + " and " + (records.size() - MAX_RECORDS_SHOWN) + " more" : text;
  }
}

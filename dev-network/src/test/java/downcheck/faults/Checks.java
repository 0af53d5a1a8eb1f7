package downcheck.faults;

import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Check bodies and readings the fault tests share. */
final class Checks {
  private Checks() {}

  static String body(String target, List<String> regions, int timeoutMs) {
    String rs = regions.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
    return "{\"target\":\"" + target + "\",\"regions\":[" + rs + "],\"timeoutMs\":" + timeoutMs + "}";
  }

  static Map<String, RegionStatus> statusByRegion(CheckView v) {
    return v.regions().stream().collect(Collectors.toMap(RegionReport::region, RegionReport::status));
  }
}

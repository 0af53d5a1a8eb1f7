package downcheck.model.consensus;

import downcheck.model.result.Outcome;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one sentence a person reads aloud (rule 8 of {@link Consensus}). */
final class Summaries {
  /** Beyond this many down regions the sentence counts them instead of naming them. */
  static final int MAX_NAMED = 3;

  /** Everything a sentence is made of. */
  record Facts(String target, Verdict verdict, List<RegionReport> regions, Tally tally,
               Diagnoser.Finding finding, OptionalDouble medianMs, boolean justYou) {}

  private Summaries() {}

  static String sentence(Facts f) {
    String t = f.target() == null || f.target().isBlank() ? "the target" : f.target().strip();
    Tally n = f.tally();
    return switch (f.verdict()) {
      case PENDING -> n.reported() == 0
          ? "still checking " + t + ": no region has answered yet"
          : "still checking " + t + ": " + n.reported() + " of " + Phrases.regions(n.expected()) + " answered";
      case INCONCLUSIVE -> NoEchoRule.onlyNoEcho(f.regions()) && n.usable() >= n.required() ? NoEchoRule.summary(t, n.usable()) : inconclusive(t, n);
      case GLOBAL_OUTAGE -> t + " is down for everyone: " + f.finding().phrase() + " in "
          + f.finding().regions().size() + " of " + Phrases.regions(n.usable()) + rest(n);
      case REGIONAL_OUTAGE -> t + " is down in " + downRegions(f.regions()) + (n.down() > 1 ? ", and up in " : " and up in ")
          + n.up() + " other " + (n.up() == 1 ? "region" : "regions") + rest(n);
      case UP -> up(t, f) + (f.justYou() ? ": it's just you" : "") + geo(f);
      case DEGRADED -> degraded(t, f) + geo(f);
    };
  }

  private static String inconclusive(String t, Tally n) {
    if (n.expected() == 0) {
      return "could not check " + t + ": there was no region to check it from";
    }
    if (n.usable() == 0 && n.refused() > 0) {
      return "could not check " + t + ": this network does not probe private addresses, and " + t
          + " resolves to one in " + n.refused() + " of " + Phrases.regions(n.expected());
    }
    String got = n.usable() == 0
        ? "none of " + Phrases.regions(n.expected()) + " gave a usable answer"
        : "only " + n.usable() + " of " + Phrases.regions(n.expected()) + " gave a usable answer";
    return "could not tell whether " + t + " is down: " + got + ", " + n.required() + " needed";
  }

  private static String up(String t, Facts f) {
    Tally n = f.tally();
    if (n.usable() < n.expected()) {
      return t + " is up in " + n.usable() + " of " + Phrases.regions(n.expected()) + rest(n);
    }
    if (n.expected() == 1) {
      return t + " is up in " + f.regions().get(0).region();
    }
    return t + " is up in " + (n.expected() == 2 ? "both regions" : "all " + n.expected() + " regions");
  }

  private static String degraded(String t, Facts f) {
    Tally n = f.tally();
    String median = "median " + Phrases.seconds(f.medianMs().orElse(0)) + " in " + Phrases.regions(n.usable());
    return t + " is up but slow: " + median + rest(n) + (f.justYou() ? "; it's just you" : "");
  }

  /** " (1 still checking, 1 gave no usable answer)" for the regions the verdict is not made of. */
  private static String rest(Tally n) {
    List<String> parts = new ArrayList<>();
    if (n.pending() > 0) {
      parts.add(n.pending() + " still checking");
    }
    if (n.refused() > 0) {
      parts.add(n.refused() + " would not probe it: a private address there");
    }
    int silent = n.unusable() - n.pending() - n.refused();
    if (silent > 0) {
      parts.add(silent + " gave no usable answer");
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** "eu-west (connection timed out)", or "4 regions (connection timed out in 3, ...)" when many. */
  private static String downRegions(List<RegionReport> regions) {
    List<RegionReport> down = regions.stream().filter(g -> g.status() == RegionStatus.DOWN).toList();
    if (down.size() <= MAX_NAMED) {
      return Phrases.list(down.stream().map(g -> g.region() + " (" + phraseOf(g) + ")").toList());
    }
    Map<String, Long> byPhrase = down.stream().collect(Collectors.groupingBy(Summaries::phraseOf, Collectors.counting()));
    String detail = byPhrase.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(en -> en.getKey() + " in " + en.getValue())
        .collect(Collectors.joining(", "));
    return down.size() + " regions (" + detail + ")";
  }

  /** The most frequent failure among a DOWN region's counted results. */
  private static String phraseOf(RegionReport g) {
    Map<String, Long> counts = g.results().stream()
        .filter(r -> RegionRules.isEvidence(r) && r.outcome() == Outcome.DOWN)
        .map(Phrases::of)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    return counts.entrySet().stream()
        .min(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .orElse("down");
  }

  /** "; it answers HTTP 403 in eu-west, which looks like geo-blocking" when it does. */
  private static String geo(Facts f) {
    if (f.finding().diagnosis().cause() != Cause.GEO_BLOCKED) {
      return "";
    }
    return "; it answers HTTP 403 in " + Phrases.list(f.finding().regions()) + ", which looks like geo-blocking";
  }
}

package downcheck.coordinator.monitor;

import downcheck.coordinator.monitor.StatusSummary.ShownIncident;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * A status page's incidents as an Atom 1.0 feed (RFC 4287; docs/monitors.md): one entry per
 * incident, updated when it ends. Ids are name-based UUIDs of the slug and the incident, stable
 * across coordinators and restarts, and name no host (the request's Host header is not trusted
 * into a document others cache). Every text is XML-escaped.
 */
final class AtomFeed {
  private AtomFeed() {}

  static String of(StatusSummary page) {
    String self = "/s/" + page.slug();
    StringBuilder xml = new StringBuilder(4096).append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    element(xml, "  ", "id", uuid("status-page:" + page.slug()));
    element(xml, "  ", "title", page.title() + " status");
    element(xml, "  ", "updated", time(updated(page)));
    xml.append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"").append(escape(self + "/feed.atom"))
        .append("\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(self)).append("\"/>\n")
        .append("  <author><name>").append(escape(page.title())).append("</name></author>\n");
    for (ShownIncident i : page.incidents()) {
      xml.append("  <entry>\n");
      element(xml, "    ", "id", uuid("status-page:" + page.slug() + ":" + i.ref()));
      element(xml, "    ", "title", (i.endedAt() == null ? "" : "Resolved: ") + words(i.kind().name()) + ": " + i.monitor());
      element(xml, "    ", "published", time(i.startedAt()));
      element(xml, "    ", "updated", time(i.endedAt() == null ? i.startedAt() : i.endedAt()));
      xml.append("    <link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(self)).append("\"/>\n");
      element(xml, "    ", "content", content(i));
      xml.append("  </entry>\n");
    }
    return xml.append("</feed>\n").toString();
  }

  /** The newest change the feed tells: an incident's start or end, else when the page was read. */
  private static Instant updated(StatusSummary page) {
    Instant newest = null;
    for (ShownIncident i : page.incidents()) {
      Instant at = i.endedAt() == null ? i.startedAt() : i.endedAt();
      newest = newest == null || at.isAfter(newest) ? at : newest;
    }
    return newest == null ? page.updatedAt() : newest;
  }

  private static String content(ShownIncident i) {
    return words(i.kind().name()) + " of " + i.monitor() + " from " + time(i.startedAt())
        + (i.endedAt() == null ? ", still going on" : " to " + time(i.endedAt()))
        + (i.regions().isEmpty() ? "" : "; regions: " + String.join(", ", i.regions()))
        + (i.cause() == null ? "" : "; likely cause: " + words(i.cause().name())) + ".";
  }

  private static void element(StringBuilder xml, String indent, String name, String text) {
    xml.append(indent).append('<').append(name).append(name.equals("content") || name.equals("title")
        ? " type=\"text\">" : ">").append(escape(text)).append("</").append(name).append(">\n");
  }

  /** GLOBAL_OUTAGE → "Global outage". */
  private static String words(String constant) {
    String s = constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String uuid(String name) {
    return "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** Text and attribute values alike; characters XML 1.0 forbids are dropped. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(c -> {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c > 0xFFFF) {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }
}

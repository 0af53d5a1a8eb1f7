package downcheck.coordinator.monitor;

import downcheck.model.monitor.MonitorState;

/** A small SVG status badge: the monitor's name on the left, its state in its colour on the right. */
final class Badge {
  private Badge() {}

  static String svg(String label, MonitorState state) {
    String left = escape(label.length() > 40 ? label.substring(0, 39) + "…" : label);
    String right = switch (state) {
      case UP -> "up";
      case DEGRADED -> "slow";
      case REGIONAL_OUTAGE -> "regional outage";
      case GLOBAL_OUTAGE -> "down";
      case UNKNOWN -> "unknown";
      case PENDING -> "pending";
      case MAINTENANCE -> "maintenance";
    };
    String colour = switch (state) {
      case UP -> "#2e7d32";
      case DEGRADED -> "#b26a00";
      case REGIONAL_OUTAGE -> "#d84315";
      case GLOBAL_OUTAGE -> "#c62828";
      case MAINTENANCE -> "#1565c0";
      default -> "#616161";
    };
    int lw = 10 + 7 * left.length();
    int rw = 10 + 7 * right.length();
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (lw + rw) + "\" height=\"20\" role=\"img\" aria-label=\""
        + left + ": " + right + "\"><title>" + left + ": " + right + "</title>"
        + "<rect width=\"" + lw + "\" height=\"20\" fill=\"#555\"/>"
        + "<rect x=\"" + lw + "\" width=\"" + rw + "\" height=\"20\" fill=\"" + colour + "\"/>"
        + "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
        + "<text x=\"5\" y=\"14\">" + left + "</text><text x=\"" + (lw + 5) + "\" y=\"14\">" + right + "</text></g></svg>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

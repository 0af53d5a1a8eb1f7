package downcheck.model.check;

/** How a {@code trace} check traces the path: {@code icmp} or {@code tcp}, at most {@code maxHops} (≤ 30). */
public record TraceOptions(String protocol, int maxHops) {
  public static final int MAX_HOPS = 30;
  public static final TraceOptions DEFAULT = new TraceOptions(null, MAX_HOPS);

  public TraceOptions {
    maxHops = maxHops == 0 ? MAX_HOPS : maxHops;
  }
}

package downcheck.model.check;

/** What a {@code ping} check sends: {@code count} ICMP echo requests (1..10, default 3). */
public record PingOptions(int count) {
  public static final int DEFAULT_COUNT = 3;
  public static final PingOptions DEFAULT = new PingOptions(DEFAULT_COUNT);

  public PingOptions {
    count = count == 0 ? DEFAULT_COUNT : count;
  }
}

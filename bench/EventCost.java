import downcheck.coordinator.judge.CheckFixtures;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import java.util.List;

/**
 * What a stream of the coordinator spends on one verdict event it sends on, when it decodes the
 * event and encodes its check itself (as every stream did before the streams shared one
 * decoding, {@code verdict.SharedEvents}):
 *
 * <pre>
 *   mvn -q install -DskipTests   # once: the jars and the coordinator's test classes
 *   java -cp dev-network/target/downcheck-dev.jar:coordinator/target/test-classes bench/EventCost.java
 * </pre>
 *
 * The final event of a check answered UP in three regions, decoded and its check encoded 20,000
 * times a round, six rounds (the first ones warm the JIT up): µs each, per round.
 */
public class EventCost {
  public static void main(String[] args) {
    VerdictEvent event = new VerdictEvent(1, Judge.view(CheckFixtures.fresh().with(List.of(CheckFixtures.up("eu-west"),
        CheckFixtures.up("us-east"), CheckFixtures.up("ap-south")), Closure.ANSWERED)), CheckFixtures.up("ap-south"));
    String json = Codec.toJson(event);
    long sink = 0;
    for (int round = 0; round < 6; round++) {
      int n = 20_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += Codec.fromJson(json, VerdictEvent.class).check().id().length();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += Codec.toJson(event.check()).length();
      }
      long t2 = System.nanoTime();
      System.out.printf("round %d: event of %d chars, decode %.1f µs, its check encoded %.1f µs%n", round + 1,
          json.length(), (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n);
    }
    System.out.println(sink > 0 ? "" : "?");
  }
}

package downcheck.coordinator.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.judge.CheckFixtures;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event around a check encoded once is the event as the codec writes it, to the byte. */
class VerdictPublisherTest {
  @Test
  void anEventAroundItsEncodedCheckIsTheCodecsOwnEncoding() {
    ProbeResult down = CheckFixtures.refused("eu-west");
    CheckView provisional = Judge.view(CheckFixtures.fresh().with(List.of(down), null));
    CheckView last = Judge.view(CheckFixtures.fresh().with(List.of(down, CheckFixtures.up("us-east"),
        CheckFixtures.up("ap-south")), Closure.ANSWERED));

    for (VerdictEvent event : List.of(new VerdictEvent(Schema.VERSION, provisional, down),
        new VerdictEvent(Schema.VERSION, last, CheckFixtures.up("ap-south")),
        new VerdictEvent(Schema.VERSION, last, null))) {
      String json = VerdictPublisher.encode(event, Codec.toJson(event.check()));

      assertThat(json).isEqualTo(Codec.toJson(event));
      assertThat(Codec.fromJson(json, VerdictEvent.class)).isEqualTo(event);
    }
  }
}

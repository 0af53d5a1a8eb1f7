package downcheck.coordinator.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.judge.CheckFixtures;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A verdict event is decoded once for every stream that sends it on, and reads as the codec reads it. */
class SharedEventsTest {
  private static VerdictEvent event(String agentRegion) {
    CheckView view = Judge.view(CheckFixtures.fresh().with(List.of(CheckFixtures.up("eu-west"), CheckFixtures.up("us-east"),
        CheckFixtures.up(agentRegion)), Closure.ANSWERED));
    return new VerdictEvent(Schema.VERSION, view, CheckFixtures.up(agentRegion));
  }

  @Test
  void anEventThisCoordinatorSentIsReadAsSentWithItsChecksJson() {
    VerdictEvent sent = event("ap-south");
    String checkJson = Codec.toJson(sent.check());
    String json = VerdictPublisher.encode(sent, checkJson);

    SharedEvents.remember(json, sent, checkJson);

    SharedEvents.Shared read = SharedEvents.of(json);
    assertThat(read.event()).isSameAs(sent);
    assertThat(read.checkJson()).isSameAs(checkJson);
  }

  @Test
  void anEventFromKafkaIsDecodedByItsFirstStreamAndFoundByTheNext() {
    VerdictEvent other = event("sa-east");
    // a copy of the text, as a record read from Kafka is: not the instance anything remembered
    String json = new String(Codec.toJson(other).toCharArray());

    SharedEvents.Shared first = SharedEvents.of(json);
    SharedEvents.Shared second = SharedEvents.of(new String(json.toCharArray()));

    assertThat(first.event()).isEqualTo(Codec.fromJson(json, VerdictEvent.class));
    assertThat(second).isSameAs(first);
    assertThat(second.checkJson()).isEqualTo(Codec.toJson(other.check()));
  }

  @Test
  void aMalformedEventIsSkipped() {
    assertThat(SharedEvents.of("{\"schema\":1,\"check\":")).isNull();
    assertThat(SharedEvents.of("[]")).isNull();
  }
}

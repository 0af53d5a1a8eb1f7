package downcheck.coordinator.store;

import static downcheck.coordinator.judge.CheckFixtures.DEADLINE;
import static downcheck.coordinator.judge.CheckFixtures.T0;
import static downcheck.coordinator.judge.CheckFixtures.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import downcheck.coordinator.judge.Ask;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.judge.Review;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.SecondOpinion;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A check that may get a second opinion, on the path production takes: its results added, looked
 * at and closed as the store's entry processors do on the key's owner, read back and judged.
 */
class SecondOpinionLifecycleTest {
  static final Ask ASK_B1 = Ask.of("eu-west-b1", "eu-west", "eu-west-a1",
      "eu-west-a1 alone saw it down in eu-west; 2 other regions saw it up");
  /** The check's timeoutMs (CheckFixtures' request): the most a second opinion moves the deadline. */
  static final long TIMEOUT_MS = 10_000;

  static ProbeResult up(String agent, String region) {
    return new ProbeResult(Stamp.of("c-1", agent, region, T0.plusSeconds(1), null),
        ProbeOutcome.up(Timings.total(20), "203.0.113.7").withHttpStatus(200));
  }

  static ProbeResult down(String agent, String region) {
    return new ProbeResult(Stamp.of("c-1", agent, region, T0.plusSeconds(1), null),
        ProbeOutcome.down(ErrorClass.CONNECT_TIMEOUT, Timings.total(3000), "203.0.113.7", "connect timed out"));
  }

  /** As {@link CheckStore.AddResult} does on the owner, vote and all. */
  static StoredCheck add(StoredCheck s, ProbeResult r) {
    return s.withResult(r.agentId(), r.region(), Codec.toJson(r), Judge.vote(r));
  }

  /** As {@link CheckStore.Reviewed} does: asked (or not), the deadline moved by one timeoutMs when anyone was. */
  static StoredCheck review(StoredCheck s, Ask... asks) {
    List<Ask> list = List.of(asks);
    List<String> asked = list.stream().filter(Ask::asked).map(Ask::agentId).toList();
    return s.reviewed(Codec.toJson(list), asked, asked.isEmpty() ? 0 : DEADLINE.toEpochMilli() + TIMEOUT_MS);
  }

  /** Travels through Hazelcast's serialisation, as between two coordinators. */
  static StoredCheck across(StoredCheck s) {
    InternalSerializationService ss = new DefaultSerializationServiceBuilder().build();
    return ss.toObject(ss.toData(s));
  }

  static CheckView judged(StoredCheck s) {
    return Judge.view(across(s).toRecord());
  }

  static StoredCheck loneDown() {
    StoredCheck s = StoredCheck.of(fresh().withReview(Review.WAITING));
    return add(add(add(s, down("eu-west-a1", "eu-west")), up("us-east-a1", "us-east")), up("ap-south-a1", "ap-south"));
  }

  @Test
  void aUnanimousCheckClosesOnceEveryRegionAnsweredAsBefore() {
    StoredCheck s = StoredCheck.of(fresh().withReview(Review.WAITING));
    s = add(add(add(s, up("eu-west-a1", "eu-west")), up("us-east-a1", "us-east")), up("ap-south-a1", "ap-south"));

    assertThat(judged(s).isFinal()).isTrue();
    assertThat(judged(s).assessment().secondOpinion()).isEmpty();
  }

  @Test
  void aLoneDownRegionHoldsTheCheckOpenForItsLookAndASecondAgentsUpMakesItThatAgentsLocalIssue() {
    StoredCheck s = loneDown();
    assertThat(judged(s).isFinal()).as("all answered, but the regions disagree: it waits for its look").isFalse();
    assertThat(judged(s).verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);

    s = review(s, ASK_B1);
    CheckView asked = judged(s);
    assertThat(asked.isFinal()).isFalse();
    assertThat(asked.deadline()).isEqualTo(DEADLINE.plusMillis(TIMEOUT_MS));
    assertThat(asked.assessment().secondOpinion()).containsExactly(
        new SecondOpinion("eu-west-b1", "eu-west", ASK_B1.askedBecause(), null));
    assertThat(s.closedAt(DEADLINE.toEpochMilli())).as("the first deadline has moved").isSameAs(s);

    s = add(s, up("eu-west-b1", "eu-west"));

    CheckView done = judged(s);
    assertThat(done.isFinal()).isTrue();
    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.UP);
    assertThat(done.regions().get(0).status()).isEqualTo(RegionStatus.UP);
    assertThat(done.localIssues()).containsExactly(
        LocalIssue.agent("eu-west-a1", "eu-west", "not confirmed by eu-west-b1"));
    assertThat(done.assessment().secondOpinion()).extracting(SecondOpinion::outcome).containsExactly(Outcome.UP);
    assertThat(done.regions().get(0).results()).as("the unconfirmed result is kept and shown").hasSize(2);
  }

  @Test
  void aSecondAgentThatSeesItDownConfirmsTheRegionalOutageWithMoreConfidence() {
    StoredCheck s = review(loneDown(), ASK_B1);
    double before = judged(s).confidence();

    CheckView done = judged(add(s, down("eu-west-b1", "eu-west")));

    assertThat(done.isFinal()).isTrue();
    assertThat(done.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(done.localIssues()).isEmpty();
    assertThat(done.assessment().secondOpinion()).extracting(SecondOpinion::outcome).containsExactly(Outcome.DOWN);
    assertThat(done.confidence()).isGreaterThan(before);
  }

  @Test
  void noOneToAskClosesTheCheckAtOnceAndItSaysWhy() {
    Ask none = Ask.notAsked("eu-west", "eu-west-a1", ASK_B1.askedBecause(), "no other agent in eu-west to ask");

    CheckView done = judged(review(loneDown(), none));

    assertThat(done.isFinal()).isTrue();
    assertThat(done.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(done.deadline()).isEqualTo(DEADLINE);
    assertThat(done.assessment().secondOpinion()).singleElement()
        .satisfies(o -> assertThat(o.notAsked()).isEqualTo("no other agent in eu-west to ask"));
  }

  @Test
  void aCheckIsLookedAtOnceTheSecondCoordinatorsLookChangesNothing() {
    StoredCheck first = review(loneDown(), ASK_B1);

    StoredCheck second = first.reviewed(Codec.toJson(List.of(Ask.of("eu-west-a2", "eu-west", "eu-west-a1", "x"))),
        List.of("eu-west-a2"), DEADLINE.toEpochMilli() + 2 * TIMEOUT_MS);

    assertThat(second).isSameAs(first);
  }

  @Test
  void anAgentAskedThatNeverAnswersLeavesTheVerdictAsItWasAtTheMovedDeadline() {
    StoredCheck s = review(loneDown(), ASK_B1);

    StoredCheck closed = s.closedAt(DEADLINE.toEpochMilli() + TIMEOUT_MS);

    assertThat(closed.toRecord().closure()).isEqualTo(Closure.atDeadline(List.of()));
    CheckView done = judged(closed);
    assertThat(done.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(done.assessment().secondOpinion()).extracting(SecondOpinion::outcome).containsOnlyNulls();
    // a result that comes after the close changes nothing
    assertThat(add(closed, up("eu-west-b1", "eu-west"))).isSameAs(closed);
  }

  @Test
  void aCheckThatGetsNoSecondOpinionClosesOnItsAnswersWhateverTheyAre() {
    CheckRecord plain = fresh();
    StoredCheck s = add(add(add(StoredCheck.of(plain), down("eu-west-a1", "eu-west")), up("us-east-a1", "us-east")),
        up("ap-south-a1", "ap-south"));

    assertThat(judged(s).isFinal()).isTrue();
    assertThat(review(s, ASK_B1)).isSameAs(s);
  }
}

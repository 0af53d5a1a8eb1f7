package downcheck.coordinator.store;

import static downcheck.coordinator.judge.CheckFixtures.DEADLINE;
import static downcheck.coordinator.judge.CheckFixtures.T0;
import static downcheck.coordinator.judge.CheckFixtures.fresh;
import static downcheck.coordinator.judge.CheckFixtures.refused;
import static downcheck.coordinator.judge.CheckFixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.judge.PathTrace;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Hop;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.result.TracePath;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A check's one path comparison as the store's entry processors keep it: held open after its
 * answers when they disagree at the network level, closed by its two traces or its moved deadline,
 * never twice.
 */
class PathStatesTest {
  static final Instant UNTIL = DEADLINE.plusSeconds(5);
  static final List<String> IDS = List.of("p-1-f", "p-1-h");
  static final List<String> SIDES = List.of("ap-south", "eu-west");

  static StoredCheck add(StoredCheck s, ProbeResult r) {
    return s.withResult(r.agentId(), r.region(), Codec.toJson(r), Judge.vote(r), StoredCheck.sign(r));
  }

  static ProbeResult timedOut(String region) {
    return new ProbeResult(Stamp.of("c-1", region + "-a1", region, T0.plusSeconds(10), null),
        ProbeOutcome.down(ErrorClass.CONNECT_TIMEOUT, Timings.total(10_000), "203.0.113.7", "connect timed out"));
  }

  static ProbeResult trace(String id, String region, boolean reached, String... addresses) {
    List<Hop> hops = new java.util.ArrayList<>();
    for (int i = 0; i < addresses.length; i++) {
      String a = addresses[i].equals("*") ? null : addresses[i];
      hops.add(new Hop(i + 1, a, null, a == null ? null : 1.0, a == null ? 1 : 0));
    }
    return new ProbeResult(Stamp.of(id, region + "-a1", region, T0.plusSeconds(14), null),
        ProbeOutcome.up(Timings.total(3000), "203.0.113.7").withTrace(new TracePath("tcp", hops, reached)));
  }

  static StoredCheck judging() {
    return add(add(add(StoredCheck.of(fresh()), up("eu-west")), up("us-east")), timedOut("ap-south"));
  }

  static StoredCheck held() {
    PathTrace path = new PathTrace("ap-south", "ap-south-a1", "eu-west", "eu-west-a1", "trace://203.0.113.7:443",
        UNTIL, List.of());
    return judging().held(Codec.toJson(path), IDS, SIDES, UNTIL.toEpochMilli());
  }

  static StoredCheck withTrace(StoredCheck s, ProbeResult r) {
    return s.withTrace(r.checkId(), r.region(), Codec.toJson(r));
  }

  @Test
  void aNetworkLevelDisagreementWaitsForItsPathDecisionInsteadOfClosing() {
    CheckRecord r = judging().toRecord();
    assertThat(r.isFinal()).isFalse();
    assertThat(r.awaitsPathDecision()).isTrue();
    assertThat(Judge.view(r).isFinal()).isFalse();
  }

  @Test
  void aDisagreementOnARefusedConnectionOrAnImpairedAgentClosesAtOnceAsEver() {
    StoredCheck refusedOne = add(add(add(StoredCheck.of(fresh()), up("eu-west")), up("us-east")), refused("ap-south"));
    assertThat(refusedOne.toRecord().closure()).isEqualTo(Closure.ANSWERED);

    ProbeResult impaired = timedOut("ap-south").withImpaired(true, "canaries failed");
    StoredCheck impairedOne = add(add(add(StoredCheck.of(fresh()), up("eu-west")), up("us-east")), impaired);
    assertThat(impairedOne.toRecord().closure()).isEqualTo(Closure.ANSWERED);
  }

  @Test
  void aDnsCheckIsNeverHeldForItsPaths() {
    CheckRequest dns = new CheckRequest(1, "c-1", "dns://example.com", ProbeKind.DNS, List.of("eu-west", "ap-south"),
        10_000, null, T0, DEADLINE);
    StoredCheck s = add(add(StoredCheck.of(CheckRecord.open(dns, "example.com", dns.regions(), 2000, null)),
        up("eu-west")), timedOut("ap-south"));
    assertThat(s.toRecord().closure()).isEqualTo(Closure.ANSWERED);
  }

  @Test
  void releasedItIsFinalAndCannotBeHeldAfter() {
    StoredCheck released = judging().released();
    assertThat(released.toRecord().closure()).isEqualTo(Closure.ANSWERED);
    assertThat(released.held("{}", IDS, SIDES, UNTIL.toEpochMilli())).isSameAs(released);
    assertThat(released.released()).isSameAs(released);
  }

  @Test
  void heldItsDeadlineMovesAndItsEvidenceSaysItIsTracing() {
    StoredCheck held = held();
    assertThat(held.held("{}", IDS, SIDES, UNTIL.plusSeconds(60).toEpochMilli())).as("one comparison at most").isSameAs(held);
    assertThat(held.closedAt(DEADLINE.toEpochMilli())).as("its first deadline no longer closes it").isSameAs(held);
    CheckView view = Judge.view(held.toRecord());
    assertThat(view.isFinal()).isFalse();
    assertThat(view.deadline()).isEqualTo(UNTIL);
    assertThat(view.diagnosis().evidence()).endsWith("tracing the path from ap-south and eu-west");
  }

  @Test
  void bothTracesCloseItWithWhereThePathsPart() {
    StoredCheck one = withTrace(held(), trace("p-1-f", "ap-south", false, "10.1.0.1", "*", "*"));
    assertThat(Judge.view(one.toRecord()).isFinal()).isFalse();
    assertThat(withTrace(one, trace("p-1-f", "ap-south", false, "10.9.9.9"))).as("at least once: counted once")
        .isSameAs(one);

    StoredCheck both = withTrace(one, trace("p-1-h", "eu-west", true, "10.2.0.1", "10.3.0.2"));
    CheckView view = Judge.view(both.toRecord());
    assertThat(view.isFinal()).isTrue();
    assertThat(view.deadline()).isEqualTo(UNTIL);
    assertThat(view.diagnosis().pathSplit().failing().lastHop().address()).isEqualTo("10.1.0.1");
    assertThat(view.diagnosis().pathSplit().healthy().firstDifferentHop().address()).isEqualTo("10.3.0.2");
    assertThat(view.diagnosis().pathSplit().failing().agentId()).isEqualTo("ap-south-a1");
    assertThat(view.diagnosis().evidence())
        .endsWith("the path from ap-south stops after 10.1.0.1; eu-west goes on through 10.3.0.2");
    assertThat(withTrace(both, trace("p-1-h", "eu-west", true, "10.2.0.1"))).as("final never changes").isSameAs(both);
    assertThat(both.closedAt(UNTIL.toEpochMilli() + 60_000)).isSameAs(both);
  }

  @Test
  void aTraceFromAnotherRegionOrForAnotherCheckIsNotTaken() {
    StoredCheck held = held();
    assertThat(withTrace(held, trace("p-1-f", "us-east", false, "10.1.0.1"))).isSameAs(held);
    assertThat(withTrace(held, trace("p-2-f", "ap-south", false, "10.1.0.1"))).isSameAs(held);
    StoredCheck judging = judging();
    assertThat(withTrace(judging, trace("p-1-f", "ap-south", false, "10.1.0.1"))).as("none asked yet")
        .isSameAs(judging);
  }

  @Test
  void atItsMovedDeadlineItClosesWithWhatCameAndSaysWhichTraceDidNot() {
    StoredCheck one = withTrace(held(), trace("p-1-h", "eu-west", true, "10.2.0.1", "10.3.0.2"));
    assertThat(one.closedAt(UNTIL.toEpochMilli() - 1)).isSameAs(one);
    StoredCheck closed = one.closedAt(UNTIL.toEpochMilli());
    CheckView view = Judge.view(closed.toRecord());
    assertThat(view.isFinal()).isTrue();
    assertThat(closed.toRecord().closure()).as("every region answered").isEqualTo(Closure.ANSWERED);
    assertThat(view.diagnosis().pathSplit()).isNull();
    assertThat(view.diagnosis().evidence()).endsWith("no trace came back from ap-south");
  }

  @Test
  void anAskerAnsweredFromTheSameProbesSeesWhereThePathsPartToo() {
    StoredCheck both = withTrace(withTrace(held(), trace("p-1-f", "ap-south", false, "10.1.0.1", "*")),
        trace("p-1-h", "eu-west", true, "10.2.0.1", "10.3.0.2"));
    CheckView original = Judge.view(both.toRecord());
    CheckRecord alias = CheckRecord.sharing("c-1", downcheck.coordinator.judge.CheckFixtures.request("c-2", T0, DEADLINE),
        "example.com", downcheck.coordinator.judge.CheckFixtures.REGIONS, 2000, null);
    CheckView seen = Judge.asSeenBy(alias, original);
    assertThat(seen.diagnosis()).isEqualTo(original.diagnosis());
    assertThat(seen.deadline()).isEqualTo(UNTIL);
  }

  @Test
  void aCheckWhoseCoordinatorNeverDecidedClosesAtItsDeadline() {
    StoredCheck s = judging();
    assertThat(s.closedAt(DEADLINE.toEpochMilli() - 1)).isSameAs(s);
    assertThat(s.closedAt(DEADLINE.toEpochMilli()).toRecord().closure()).isEqualTo(Closure.ANSWERED);
  }
}

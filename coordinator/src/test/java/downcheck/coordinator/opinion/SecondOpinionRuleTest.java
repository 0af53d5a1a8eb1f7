package downcheck.coordinator.opinion;

import static downcheck.coordinator.judge.CheckFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.coordinator.judge.Ask;
import downcheck.coordinator.judge.CheckFixtures;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Judge;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.agent.Location;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.CheckView;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a second opinion is asked, and of whom: a pure rule over a check and the live agents. */
class SecondOpinionRuleTest {
  static final SecondOpinionSettings TWO = SecondOpinionSettings.DEFAULT;

  static ProbeResult up(String agent, String region) {
    return new ProbeResult(Stamp.of("c-1", agent, region, T0.plusSeconds(1), null),
        ProbeOutcome.up(Timings.total(20), "203.0.113.7").withHttpStatus(200));
  }

  static ProbeResult down(String agent, String region) {
    return new ProbeResult(Stamp.of("c-1", agent, region, T0.plusSeconds(1), null),
        ProbeOutcome.down(ErrorClass.CONNECT_TIMEOUT, Timings.total(3000), "203.0.113.7", "connect timed out"));
  }

  static ProbeResult impaired(String agent, String region) {
    return down(agent, region).withImpaired(true, "2 of 2 canaries failed");
  }

  static Heartbeat agent(String id, String region, String provider, Long asn, AgentStatus status) {
    return new Heartbeat(0, id, region, "test", status, CanaryCounts.NONE, null, T0, 1000,
        new Location(null, null, provider, asn, List.of()));
  }

  static Heartbeat agent(String id, String region, String provider) {
    return agent(id, region, provider, null, AgentStatus.HEALTHY);
  }

  /** The check of example.com from eu-west, us-east and ap-south with these results, all in, not final yet. */
  static CheckView check(ProbeResult... results) {
    CheckRecord r = CheckFixtures.fresh().with(List.of(results), null);
    return Judge.view(r);
  }

  static final List<Heartbeat> LIVE = List.of(
      agent("eu-west-a1", "eu-west", "pa"), agent("eu-west-a2", "eu-west", "pa"), agent("eu-west-b1", "eu-west", "pb"),
      agent("us-east-a1", "us-east", "pa"), agent("us-east-b1", "us-east", "pb"),
      agent("ap-south-a1", "ap-south", "pa"), agent("ap-south-b1", "ap-south", "pb"));

  static Stream<Arguments> whether() {
    return Stream.of(
        argumentSet("a lone DOWN region while the others are UP is asked about",
            check(down("eu-west-a1", "eu-west"), up("us-east-a1", "us-east"), up("ap-south-a1", "ap-south")),
            List.of("eu-west")),
        argumentSet("all UP: nothing to ask",
            check(up("eu-west-a1", "eu-west"), up("us-east-a1", "us-east"), up("ap-south-a1", "ap-south")), List.of()),
        argumentSet("all DOWN, sure: a global outage is asked nothing",
            check(down("eu-west-a1", "eu-west"), down("us-east-a1", "us-east"), down("ap-south-a1", "ap-south")),
            List.of()),
        argumentSet("two DOWN of three: the UP region is the dissent, and an UP is never second-guessed",
            check(down("eu-west-a1", "eu-west"), down("us-east-a1", "us-east"), up("ap-south-a1", "ap-south")),
            List.of()),
        argumentSet("two agents of the region both saw it DOWN: they confirm each other",
            check(down("eu-west-a1", "eu-west"), down("eu-west-b1", "eu-west"), up("us-east-a1", "us-east"),
                up("ap-south-a1", "ap-south")), List.of()),
        argumentSet("an impaired agent's DOWN is no evidence, so no dissent",
            check(impaired("eu-west-a1", "eu-west"), up("us-east-a1", "us-east"), up("ap-south-a1", "ap-south")),
            List.of()),
        argumentSet("a global outage below the confidence asks about its lone DOWN regions, two at most",
            check(down("eu-west-a1", "eu-west"), down("us-east-a1", "us-east"), impaired("ap-south-a1", "ap-south"),
                up("us-east-x9", "us-east"), down("us-east-x8", "us-east"), up("us-east-x7", "us-east"),
                down("us-east-x6", "us-east")), List.of("eu-west")));
  }

  @ParameterizedTest
  @MethodSource("whether")
  void aSecondOpinionIsAskedOfTheRegionsThatAloneSawItDown(CheckView check, List<String> regions) {
    assertThat(SecondOpinionRule.decide(check, LIVE, TWO)).extracting(Ask::region).isEqualTo(regions);
  }

  @Test
  void theAgentAskedIsOnAnotherNetworkFirstNeverTheOneThatAnsweredNorAnImpairedOne() {
    List<Heartbeat> live = new ArrayList<>(LIVE);
    live.add(agent("eu-west-a0", "eu-west", "pb", null, AgentStatus.IMPAIRED));
    CheckView check = check(down("eu-west-a1", "eu-west"), up("us-east-a1", "us-east"), up("ap-south-a1", "ap-south"));

    Ask ask = SecondOpinionRule.decide(check, live, TWO).get(0);

    // eu-west-a2 sorts first but shares pa with eu-west-a1; eu-west-a0 is on pb but impaired
    assertThat(ask.agentId()).isEqualTo("eu-west-b1");
    assertThat(ask.about()).isEqualTo("eu-west-a1");
    assertThat(ask.askedBecause()).isEqualTo("eu-west-a1 alone saw it down in eu-west; 2 other regions saw it up");
  }

  @Test
  void anotherAsnCountsBeforeTheSameProviderAndTheSameNetworkComesLast() {
    List<Heartbeat> live = List.of(agent("eu-west-a1", "eu-west", "aws", 16509L, AgentStatus.HEALTHY),
        agent("eu-west-c1", "eu-west", "aws", 16509L, AgentStatus.HEALTHY),
        agent("eu-west-d1", "eu-west", null, null, AgentStatus.HEALTHY),
        agent("eu-west-e1", "eu-west", "aws", 14618L, AgentStatus.HEALTHY));
    CheckView check = check(down("eu-west-a1", "eu-west"), up("us-east-a1", "us-east"), up("ap-south-a1", "ap-south"));

    assertThat(SecondOpinionRule.decide(check, live, TWO)).extracting(Ask::agentId).containsExactly("eu-west-e1");
    assertThat(SecondOpinionRule.decide(check, live.subList(0, 3), TWO)).extracting(Ask::agentId)
        .as("a network not stated before the same one").containsExactly("eu-west-d1");
    assertThat(SecondOpinionRule.decide(check, live.subList(0, 2), TWO)).extracting(Ask::agentId)
        .as("the same network rather than none").containsExactly("eu-west-c1");
  }

  @Test
  void noOtherAgentInTheRegionMeansNoSecondOpinionAndTheCheckSaysWhy() {
    CheckView check = check(down("eu-west-a1", "eu-west"), up("us-east-a1", "us-east"), up("ap-south-a1", "ap-south"));

    List<Ask> asks = SecondOpinionRule.decide(check, List.of(agent("eu-west-a1", "eu-west", "pa")), TWO);

    assertThat(asks).singleElement().satisfies(a -> {
      assertThat(a.asked()).isFalse();
      assertThat(a.notAsked()).isEqualTo("no other agent in eu-west to ask");
    });
  }

  @Test
  void atMostNPerCheckAndNoneWhenTurnedOffOrFinal() {
    // five regions, two DOWN alone, three UP: two dissenting regions
    CheckRecord five = new CheckRecord(CheckFixtures.fresh().request(), "example.com",
        List.of("eu-west", "us-east", "ap-south", "sa-east", "af-south"), 2000, null,
        List.of(down("eu-west-a1", "eu-west"), down("us-east-a1", "us-east"), up("ap-south-a1", "ap-south"),
            up("sa-east-a1", "sa-east"), up("af-south-a1", "af-south")), null, null, null);
    CheckView check = Judge.view(five);

    assertThat(SecondOpinionRule.decide(check, LIVE, TWO)).extracting(Ask::region).containsExactly("eu-west", "us-east");
    assertThat(SecondOpinionRule.decide(check, LIVE, new SecondOpinionSettings(1, 0.5))).extracting(Ask::region)
        .containsExactly("eu-west");
    assertThat(SecondOpinionRule.decide(check, LIVE, SecondOpinionSettings.NEVER)).isEmpty();
    assertThat(SecondOpinionRule.decide(Judge.view(five.with(five.results(), downcheck.coordinator.judge.Closure.ANSWERED)),
        LIVE, TWO)).as("a final check is never asked about").isEmpty();
  }
}

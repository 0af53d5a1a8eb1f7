package downcheck.coordinator.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import downcheck.coordinator.judge.Ask;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.judge.PathTrace;
import downcheck.coordinator.judge.Review;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.wire.Codec;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A check as Hazelcast holds it: the {@link CheckRecord} as created, encoded once, each result
 * as the JSON it came in, and whether and why the check is closed. An update on the key's owner
 * adds a string and applies the finality rule of {@link Judge} to region and agent names, so it never runs
 * Jackson or the consensus; the coordinator that reads it decodes it ({@link #toRecord()}) and
 * has it judged.
 */
public final class StoredCheck implements DataSerializable {
  static final byte OPEN = 0;
  /** Closed because every expected region answered. */
  static final byte ANSWERED = 1;
  /** Closed at the deadline with whatever came in. */
  static final byte AT_DEADLINE = 2;
  /** Stored already final (its frozen view is in the record itself, e.g. rebuilt from Kafka). */
  static final byte FROZEN = 3;
  /**
   * Every region answered, and they disagree at the network level: open until a coordinator
   * decides whether to compare the paths ({@link #held} or {@link #released}), or until its deadline.
   */
  static final byte JUDGING = 4;
  /** Waiting for its two traces until its moved deadline; closed as ANSWERED by them or by it. */
  static final byte TRACING = 5;

  /** What one result says for the path comparison: nothing, up, or down at the network level. */
  static final byte NO_SIGN = 0;
  static final byte UP_SIGN = 1;
  static final byte NET_DOWN_SIGN = 2;
  private static final Set<ErrorClass> NETWORK_LEVEL = EnumSet.of(ErrorClass.CONNECT_TIMEOUT, ErrorClass.TIMEOUT,
      ErrorClass.NETWORK_UNREACHABLE, ErrorClass.CONNECTION_RESET);

  private String recordJson;
  private List<String> expected;
  private boolean shared;
  private long deadlineMs;
  private List<String> agents;
  private List<String> regions;
  private List<String> results;
  private byte closed;
  /** The agents known impaired when it was closed at the deadline, as JSON; null when none. */
  private String knownImpairedJson;
  /** One vote per result, in order ({@link Judge#vote}): what the second opinion's wait is decided on. */
  private String votes;
  /** {@link #NO_REVIEW}, {@link #REVIEW_WAITING} or {@link #REVIEWED}. */
  private byte review;
  /** The second opinions of a reviewed check ({@link Ask} array JSON), null before. */
  private String asksJson;
  /** Sent to chosen agents by id: only their results are folded. */
  private boolean direct;
  /**
   * The agents that must answer before it is final (CheckRecord.expectedAgents): those it was sent
   * to by id, and those asked for a second opinion; empty for a region check asked of no one.
   */
  private List<String> expectedAgents;
  /** An http or tcp check of its own: one whose paths may be compared. */
  private boolean traceable;
  /** A result up, and one down at the network level, both from agents not impaired, came in. */
  private boolean sawUp;
  private boolean sawNetDown;
  /** The path comparison as asked ({@code PathTrace} JSON without its traces), null before. */
  private String pathJson;
  /** The two trace checks' ids and the region each is for, index for index; the traces come back as JSON. */
  private List<String> traceIds = List.of();
  private List<String> traceRegions = List.of();
  private List<String> traces = List.of();

  /** A check that gets no second opinion. */
  static final byte NO_REVIEW = 0;
  /** A check that may get one, not looked at yet. */
  static final byte REVIEW_WAITING = 1;
  /** Looked at: second opinions asked (or not), as {@link #asksJson} says. */
  static final byte REVIEWED = 2;

  /** For Hazelcast's deserialisation only. */
  public StoredCheck() {}

  private StoredCheck(String recordJson, List<String> expected, boolean shared, long deadlineMs, List<String> agents,
      List<String> regions, List<String> results, byte closed, String knownImpairedJson, String votes, byte review,
      String asksJson, boolean direct, List<String> expectedAgents) {
    this.votes = votes;
    this.review = review;
    this.asksJson = asksJson;
    this.direct = direct;
    this.expectedAgents = expectedAgents;
    this.recordJson = recordJson;
    this.expected = expected;
    this.shared = shared;
    this.deadlineMs = deadlineMs;
    this.agents = agents;
    this.regions = regions;
    this.results = results;
    this.closed = closed;
    this.knownImpairedJson = knownImpairedJson;
  }

  /** This check with the path state of {@code from}, and the signs seen so far. */
  private StoredCheck pathOf(StoredCheck from, boolean up, boolean netDown) {
    traceable = from.traceable;
    sawUp = up;
    sawNetDown = netDown;
    pathJson = from.pathJson;
    traceIds = from.traceIds;
    traceRegions = from.traceRegions;
    traces = from.traces;
    return this;
  }

  /**
   * Nothing will change it any more: closed (every region answered, or its deadline passed),
   * stored final, or an answer shared from another check. The store's bound lets these go first.
   */
  boolean settled() {
    return shared || closed == ANSWERED || closed == AT_DEADLINE || closed == FROZEN;
  }

  /** What {@code r} says for the path comparison: its agent's impaired results say nothing. */
  static byte sign(ProbeResult r) {
    if (r.impaired()) {
      return NO_SIGN;
    }
    if (r.outcome() == Outcome.UP) {
      return UP_SIGN;
    }
    return r.outcome() == Outcome.DOWN && NETWORK_LEVEL.contains(r.errorClass()) ? NET_DOWN_SIGN : NO_SIGN;
  }

  /** A check to store as it stands: open, or rebuilt final; the store closes a check itself, by its updates. */
  static StoredCheck of(CheckRecord r) {
    if (r.closure() != null) {
      throw new IllegalArgumentException("check " + r.id() + " is closed by the store's own update, not stored closed");
    }
    CheckRecord bare = r.with(List.of(), null);
    List<String> agents = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    List<String> results = new ArrayList<>();
    StringBuilder votes = new StringBuilder();
    for (ProbeResult p : r.results()) {
      agents.add(p.agentId());
      regions.add(p.region());
      results.add(Codec.toJson(p));
      votes.append(Judge.vote(p));
    }
    Review review = r.review();
    byte reviewState = review == null ? NO_REVIEW : review.done() ? REVIEWED : REVIEW_WAITING;
    String bareJson = Codec.toJson(bare);
    Decoded.remember(bareJson, bare); // read back by the first result's fold: decoded already
    StoredCheck s = new StoredCheck(bareJson, r.expectedRegions(), r.sharedFrom() != null,
        r.deadline().toEpochMilli(), agents, regions, results, r.isFinal() ? FROZEN : OPEN, null, votes.toString(),
        reviewState, review == null || !review.done() ? null : Codec.toJson(review.asks()),
        r.isDirect(), r.expectedAgents());
    s.traceable = r.sharedFrom() == null && (r.request().kind() == ProbeKind.HTTP || r.request().kind() == ProbeKind.TCP);
    return s;
  }

  /** As {@link #withResult(String, String, String, char, byte)} with a result whose vote and sign are not known. */
  StoredCheck withResult(String agentId, String region, String resultJson) {
    return withResult(agentId, region, resultJson, 'X', NO_SIGN);
  }

  /** As {@link #withResult(String, String, String, char, byte)} for a result that says nothing for the paths. */
  StoredCheck withResult(String agentId, String region, String resultJson, char vote) {
    return withResult(agentId, region, resultJson, vote, NO_SIGN);
  }

  /**
   * With this result added, or this same object when it adds nothing (closed, shared, a
   * duplicate, or, for a check sent to chosen agents, an agent it did not send it to).
   * {@code vote}: the result's {@link Judge#vote}; {@code sign}: what it says for the paths
   * ({@link #sign}). When it completes the check and the regions disagree at the network level,
   * the check is JUDGING instead of closed: a coordinator decides on a path comparison first.
   */
  StoredCheck withResult(String agentId, String region, String resultJson, char vote, byte sign) {
    if (closed != OPEN || shared || agents.contains(agentId)) {
      return this; // at-least-once delivery: (check, agent) counts once
    }
    if (direct && !expectedAgents.contains(agentId)) {
      return this; // asked of chosen agents: another's answer is no answer to it
    }
    List<String> a = new ArrayList<>(agents);
    List<String> g = new ArrayList<>(regions);
    List<String> j = new ArrayList<>(results);
    a.add(agentId);
    g.add(region);
    j.add(resultJson);
    String v = votes + vote;
    // a result folded late still counts until the check is closed; only a complete set closes
    // it here, the deadline is the Finalizer's to call
    boolean up = sawUp || sign == UP_SIGN;
    boolean netDown = sawNetDown || sign == NET_DOWN_SIGN;
    byte next = complete(g, a, v) ? answered(up, netDown) : OPEN;
    return new StoredCheck(recordJson, expected, false, deadlineMs, a, g, j, next, null, v, review, asksJson, direct,
        expectedAgents).pathOf(this, up, netDown);
  }

  /** How a complete check closes: JUDGING when its paths may be compared, else ANSWERED. */
  private byte answered(boolean up, boolean netDown) {
    return traceable && up && netDown ? JUDGING : ANSWERED;
  }

  /**
   * Expecting these agents too (e.g. a check sent to more agents by {@code CheckDispatcher.dispatchTo}):
   * the check stays open until they answered as well, or its deadline; their results are folded
   * even into a check sent to chosen agents. This same object when closed or shared, or when it
   * expects them already. The deadline is not changed here.
   */
  StoredCheck expecting(List<String> more) {
    if (closed != OPEN || shared || expectedAgents.containsAll(more)) {
      return this;
    }
    return new StoredCheck(recordJson, expected, false, deadlineMs, agents, regions, results, closed, null, votes,
        review, asksJson, direct, plus(expectedAgents, more)).pathOf(this, sawUp, sawNetDown);
  }

  private static List<String> plus(List<String> list, List<String> more) {
    List<String> e = new ArrayList<>(list);
    more.stream().filter(id -> !e.contains(id)).forEach(e::add);
    return e;
  }

  /**
   * Every region and every agent expected answered (the agents asked for a second opinion among
   * them), and the second opinion's look is not awaited: none to look for, or none needed
   * ({@link Judge#unanimous}).
   */
  private boolean complete(List<String> answeredRegions, List<String> answeredAgents, String v) {
    return Judge.complete(expected, expectedAgents, answeredRegions, answeredAgents)
        && (review != REVIEW_WAITING || Judge.unanimous(v));
  }

  /**
   * Looked at for a second opinion: {@code asks} (an {@link Ask} array as JSON) asked of
   * {@code askedAgents}, the deadline moved to {@code movedDeadlineMs} (never earlier), closed at
   * once when no agent was asked. This same object when it was looked at already, or is closed.
   */
  StoredCheck reviewed(String asksJson, List<String> askedAgents, long movedDeadlineMs) {
    if (closed != OPEN || shared || review != REVIEW_WAITING) {
      return this;
    }
    StoredCheck done = new StoredCheck(recordJson, expected, false, Math.max(deadlineMs, movedDeadlineMs), agents,
        regions, results, OPEN, null, votes, REVIEWED, asksJson, direct, plus(expectedAgents, askedAgents))
        .pathOf(this, sawUp, sawNetDown);
    done.closed = done.complete(regions, agents, votes) ? done.answered(sawUp, sawNetDown) : OPEN;
    return done;
  }

  /** This check closed or held as {@code state}, its deadline {@code untilMs}, all else as it is. */
  private StoredCheck as(byte state, long untilMs) {
    return new StoredCheck(recordJson, expected, false, untilMs, agents, regions, results, state, null, votes, review,
        asksJson, direct, expectedAgents).pathOf(this, sawUp, sawNetDown);
  }

  /** JUDGING, decided without a path comparison: closed as answered. Otherwise unchanged. */
  StoredCheck released() {
    return closed != JUDGING ? this : as(ANSWERED, deadlineMs);
  }

  /**
   * JUDGING, now waiting for the traces {@code ids} (one per region of {@code regionsAsked}) until
   * {@code untilMs}, its moved deadline. Otherwise unchanged: one comparison per check at most.
   */
  StoredCheck held(String pathTraceJson, List<String> ids, List<String> regionsAsked, long untilMs) {
    if (closed != JUDGING) {
      return this;
    }
    StoredCheck s = as(TRACING, Math.max(deadlineMs, untilMs));
    s.pathJson = pathTraceJson;
    s.traceIds = List.copyOf(ids);
    s.traceRegions = List.copyOf(regionsAsked);
    s.traces = List.of();
    return s;
  }

  /** With one of its traces; closed as answered once both are in. Unchanged for a trace it did not ask. */
  StoredCheck withTrace(String traceId, String region, String resultJson) {
    int i = traceIds.indexOf(traceId);
    if (closed != TRACING || i < 0 || !traceRegions.get(i).equals(region)
        || traces.stream().anyMatch(t -> t.startsWith(traceId + "\n"))) {
      return this;
    }
    List<String> t = new ArrayList<>(traces);
    t.add(traceId + "\n" + resultJson);
    StoredCheck s = as(t.size() == traceIds.size() ? ANSWERED : TRACING, deadlineMs);
    s.traces = List.copyOf(t);
    return s;
  }

  /** As {@link #closedAt(long, String)} with no agent known impaired. */
  StoredCheck closedAt(long nowMs) {
    return closedAt(nowMs, null);
  }

  /**
   * Closed at the deadline, or this same object when it is closed already, shared, or not due.
   * {@code knownImpairedJson}: the agents known impaired now (a {@code LocalIssue} array, or null
   * for none), kept as it came and judged by the reader, so its silent regions stay IMPAIRED.
   */
  StoredCheck closedAt(long nowMs, String knownImpairedJson) {
    if (shared || !Judge.due(deadlineMs, nowMs)) {
      return this;
    }
    if (closed == JUDGING || closed == TRACING) {
      // every region answered: closed as answered, with what traces came (its coordinator died, or they did not come)
      return as(ANSWERED, deadlineMs);
    }
    if (closed != OPEN) {
      return this;
    }
    return new StoredCheck(recordJson, expected, false, deadlineMs, agents, regions, results, AT_DEADLINE,
        knownImpairedJson, votes, review, asksJson, direct, expectedAgents).pathOf(this, sawUp, sawNetDown);
  }

  /** The check as it is kept: decoded, its results in, and why it closed (null while open). */
  CheckRecord toRecord() {
    List<ProbeResult> in = new ArrayList<>(results.size());
    results.forEach(json -> in.add(Decoded.of(json, ProbeResult.class)));
    CheckRecord record = Decoded.of(recordJson, CheckRecord.class).with(in, closure()).expecting(expectedAgents)
        .withReview(reviewOf());
    if (pathJson == null) {
      return record;
    }
    List<ProbeResult> traced = new ArrayList<>(traces.size());
    traces.forEach(t -> traced.add(Decoded.of(t.substring(t.indexOf('\n') + 1), ProbeResult.class)));
    return record.withPathTrace(Decoded.of(pathJson, PathTrace.class).withTraces(traced));
  }

  private Review reviewOf() {
    return switch (review) {
      case REVIEW_WAITING -> Review.WAITING;
      case REVIEWED -> {
        List<Ask> asks = asksJson == null ? List.of() : List.of(Codec.fromJson(asksJson, Ask[].class));
        boolean asked = asks.stream().anyMatch(Ask::asked);
        yield new Review(true, asks, asked ? Instant.ofEpochMilli(deadlineMs) : null);
      }
      default -> null;
    };
  }

  private Closure closure() {
    return switch (closed) {
      case ANSWERED -> Closure.ANSWERED;
      case AT_DEADLINE -> Closure.atDeadline(knownImpairedJson == null ? List.of()
          : List.of(Codec.fromJson(knownImpairedJson, LocalIssue[].class)));
      default -> null;
    };
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(recordJson);
    out.writeStringArray(expected.toArray(String[]::new));
    out.writeBoolean(shared);
    out.writeLong(deadlineMs);
    out.writeStringArray(agents.toArray(String[]::new));
    out.writeStringArray(regions.toArray(String[]::new));
    out.writeStringArray(results.toArray(String[]::new));
    out.writeByte(closed);
    out.writeString(knownImpairedJson);
    out.writeString(votes);
    out.writeByte(review);
    out.writeString(asksJson);
    out.writeBoolean(direct);
    out.writeStringArray(expectedAgents.toArray(String[]::new));
    out.writeBoolean(traceable);
    out.writeBoolean(sawUp);
    out.writeBoolean(sawNetDown);
    out.writeString(pathJson);
    out.writeStringArray(traceIds.toArray(String[]::new));
    out.writeStringArray(traceRegions.toArray(String[]::new));
    out.writeStringArray(traces.toArray(String[]::new));
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    recordJson = in.readString();
    expected = List.of(in.readStringArray());
    shared = in.readBoolean();
    deadlineMs = in.readLong();
    agents = List.of(in.readStringArray());
    regions = List.of(in.readStringArray());
    results = List.of(in.readStringArray());
    closed = in.readByte();
    knownImpairedJson = in.readString();
    votes = in.readString();
    review = in.readByte();
    asksJson = in.readString();
    direct = in.readBoolean();
    expectedAgents = List.of(in.readStringArray());
    traceable = in.readBoolean();
    sawUp = in.readBoolean();
    sawNetDown = in.readBoolean();
    pathJson = in.readString();
    traceIds = List.of(in.readStringArray());
    traceRegions = List.of(in.readStringArray());
    traces = List.of(in.readStringArray());
  }
}

package downcheck.coordinator.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import downcheck.coordinator.judge.Ask;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.judge.Review;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.wire.Codec;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    return new StoredCheck(Codec.toJson(bare), r.expectedRegions(), r.sharedFrom() != null,
        r.deadline().toEpochMilli(), agents, regions, results, r.isFinal() ? FROZEN : OPEN, null, votes.toString(),
        reviewState, review == null || !review.done() ? null : Codec.toJson(review.asks()),
        r.isDirect(), r.expectedAgents());
  }

  /** As {@link #withResult(String, String, String, char)} with a result whose vote is not known. */
  StoredCheck withResult(String agentId, String region, String resultJson) {
    return withResult(agentId, region, resultJson, 'X');
  }

  /**
   * With this result added, or this same object when it adds nothing (closed, shared, a
   * duplicate, or, for a check sent to chosen agents, an agent it did not send it to).
   * {@code vote}: the result's {@link Judge#vote}.
   */
  StoredCheck withResult(String agentId, String region, String resultJson, char vote) {
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
    byte next = complete(g, a, v) ? ANSWERED : OPEN;
    return new StoredCheck(recordJson, expected, false, deadlineMs, a, g, j, next, null, v, review, asksJson, direct,
        expectedAgents);
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
        review, asksJson, direct, plus(expectedAgents, more));
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
        regions, results, OPEN, null, votes, REVIEWED, asksJson, direct, plus(expectedAgents, askedAgents));
    done.closed = done.complete(regions, agents, votes) ? ANSWERED : OPEN;
    return done;
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
    if (closed != OPEN || shared || !Judge.due(deadlineMs, nowMs)) {
      return this;
    }
    return new StoredCheck(recordJson, expected, false, deadlineMs, agents, regions, results, AT_DEADLINE,
        knownImpairedJson, votes, review, asksJson, direct, expectedAgents);
  }

  /** The check as it is kept: decoded, its results in, and why it closed (null while open). */
  CheckRecord toRecord() {
    List<ProbeResult> in = new ArrayList<>(results.size());
    results.forEach(json -> in.add(Decoded.of(json, ProbeResult.class)));
    return Decoded.of(recordJson, CheckRecord.class).with(in, closure()).expecting(expectedAgents)
        .withReview(reviewOf());
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
  }
}

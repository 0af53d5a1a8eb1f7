package downcheck.coordinator.operator;

import java.time.Instant;

/**
 * One event told to the operator, as a webhook receives it (docs/operations.md). Decided once, in
 * the shared state, with its delivery id: the same on every attempt, from any coordinator.
 *
 * @param agent  the agent concerned; for a region's event, the region's agent heard from last
 * @param at     when it was decided
 */
record OperatorNotice(String event, String deliveryId, AgentView agent, String region, Instant at, String summary) {}

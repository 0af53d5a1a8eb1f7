package downcheck.model.agent;

/** HEALTHY, or IMPAIRED when more than half of the agent's canaries fail. */
public enum AgentStatus { HEALTHY, IMPAIRED }

package downcheck.model.verdict;

/**
 * A local connectivity problem that is not the target's fault: an impaired agent
 * ({@code scope = "agent"}) or the asker ({@code scope = "client"}).
 */
public record LocalIssue(String scope, String agentId, String region, String reason) {
  public static LocalIssue agent(String agentId, String region, String reason) {
    return new LocalIssue("agent", agentId, region, reason);
  }

  public static LocalIssue client(String reason) {
    return new LocalIssue("client", null, null, reason);
  }
}

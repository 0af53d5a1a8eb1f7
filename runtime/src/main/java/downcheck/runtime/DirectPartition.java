package downcheck.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of the direct topic an agent reads: the one Kafka's default partitioner puts a
 * record keyed by the agent's id in ({@code toPositive(murmur2(utf8(key))) % partitions}, as the
 * producer's built-in partitioner does for a keyed record). The coordinator sends keyed by the
 * agent id and names this partition too, so the two can never disagree, whatever partitioner a
 * producer is configured with.
 */
public final class DirectPartition {
  private DirectPartition() {}

  public static int of(String agentId, int partitions) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions: " + partitions + " is not positive");
    }
    return Utils.toPositive(Utils.murmur2(agentId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}

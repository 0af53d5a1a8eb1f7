package downcheck.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An agent reads the partition the producer's own partitioner gives a record keyed by its id. */
class DirectPartitionTest {
  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({"eu-west-a1, 12", "us-east-7x2k, 12", "ap-south-dev, 1", "sa-east-1, 3", "Ünïcode-agent, 7", "x, 100"})
  void theAgentsPartitionIsTheOneKafkasKeyPartitionerPicks(String agentId, int partitions) {
    assertThat(DirectPartition.of(agentId, partitions))
        .isEqualTo(BuiltInPartitioner.partitionForKey(agentId.getBytes(StandardCharsets.UTF_8), partitions));
  }
}

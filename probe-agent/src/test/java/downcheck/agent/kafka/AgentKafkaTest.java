package downcheck.agent.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.runtime.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentKafkaTest {
  @Test
  void anAgentsClientsHoldLittleMemoryByDefault() {
    KafkaSettings kafka = new KafkaSettings("127.0.0.1:9092", Map.of(), null, 0, (short) 0);
    Map<String, String> consumer = AgentKafka.consumer(kafka, "c", "g", "earliest");
    assertThat(consumer).containsEntry("fetch.max.bytes", "1048576").containsEntry("max.partition.fetch.bytes", "262144")
        .containsEntry("group.id", "g");
    assertThat(AgentKafka.producer(kafka, "p")).containsEntry("buffer.memory", "4194304").containsEntry("acks", "all");
  }

  @Test
  void theOperatorsKafkaSettingsWin() {
    KafkaSettings kafka = new KafkaSettings("127.0.0.1:9092",
        Map.of("fetch.max.bytes", "52428800", "buffer.memory", "33554432"), null, 0, (short) 0);
    assertThat(AgentKafka.consumer(kafka, "c", "g", "earliest")).containsEntry("fetch.max.bytes", "52428800")
        .containsEntry("max.partition.fetch.bytes", "262144");
    assertThat(AgentKafka.producer(kafka, "p")).containsEntry("buffer.memory", "33554432");
  }
}

package downcheck.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeMemoryTest {
  @Test
  void leasesShareTheBudgetAndGiveItBackWhenClosed() {
    ProbeMemory memory = new ProbeMemory(100);
    ProbeMemory.Lease a = memory.lease();
    ProbeMemory.Lease b = memory.lease();

    assertThat(a.growTo(60)).isTrue();
    assertThat(b.growTo(50)).as("60 + 50 > 100").isFalse();
    assertThat(b.bytes()).as("a refused lease is unchanged").isZero();
    assertThat(b.growTo(40)).isTrue();
    assertThat(a.growTo(30)).as("a lease never shrinks below what it holds").isTrue();
    assertThat(memory.held()).isEqualTo(100);
    assertThat(memory.refusals()).isEqualTo(1);

    a.close();
    assertThat(memory.held()).isEqualTo(40);
    assertThat(b.growTo(100)).isTrue();
    b.close();
    b.close();
    assertThat(memory.held()).as("closing twice gives back once").isZero();
  }

  @Test
  void aRefusalSaysWhatWasWantedAndWhichFlagSetsTheBudget() {
    ProbeMemory memory = new ProbeMemory(10);
    assertThat(memory.lease().refusal(12))
        .isEqualTo("not probed to the end: the agent's probe memory budget is spent (12 bytes wanted, 0 of 10 held"
            + " by probes in flight; --probe-memory-budget-bytes)");
  }

  @Test
  void aBudgetMustBePositive() {
    assertThatThrownBy(() -> new ProbeMemory(0)).hasMessageContaining("0 must be above 0");
  }
}

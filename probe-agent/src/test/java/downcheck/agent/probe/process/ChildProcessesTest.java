package downcheck.agent.probe.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.process.ChildProcesses.Exit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bounds of every ping and trace process, shown with plain commands. */
class ChildProcessesTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aProcessStillRunningAtItsDeadlineIsKilledWithItsChildren() {
    ChildProcesses processes = new ChildProcesses(vertx, 1, 1024);
    long started = System.nanoTime();
    Exit exit = Await.result(processes.run(List.of("sh", "-c", "sleep 30 & echo $!; wait"), 300));
    assertThat(exit.killedAtDeadline()).isTrue();
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    long child = Long.parseLong(exit.stdout().strip());
    await().atMost(Duration.ofSeconds(2)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void pastTheCapARunIsRefusedAtOnceNotQueued() {
    ChildProcesses processes = new ChildProcesses(vertx, 1, 1024);
    Future<Exit> first = processes.run(List.of("sleep", "30"), 500);
    Throwable second = Await.failure(processes.run(List.of("true"), 500));
    assertThat(second).isInstanceOf(ChildProcesses.BusyException.class).hasMessageContaining("busy");
    assertThat(Await.result(first).killedAtDeadline()).isTrue();
    assertThat(Await.result(processes.run(List.of("true"), 2_000)).code()).isZero();
    assertThat(processes.running()).isZero();
  }

  @Test
  void outputPastTheCapEndsTheProcess() {
    ChildProcesses processes = new ChildProcesses(vertx, 1, 4096);
    Exit exit = Await.result(processes.run(List.of("yes"), 10_000));
    assertThat(exit.truncated()).isTrue();
    assertThat(exit.killedAtDeadline()).isFalse();
    assertThat(exit.stdout()).hasSize(4096);
  }

  @Test
  void theProcessGetsNoneOfTheAgentsEnvironment() {
    Exit exit = Await.result(new ChildProcesses(vertx, 1, 4096).run(List.of("env"), 5_000));
    assertThat(exit.stdout().lines()).allMatch(l -> l.startsWith("PATH=") || l.startsWith("LC_ALL="));
  }
}

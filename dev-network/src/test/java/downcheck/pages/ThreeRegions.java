package downcheck.pages;

import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The network the pages are tried against: three regions, each agent bound to its own loopback
 * address as if on its own host, so a target can treat one region differently.
 */
final class ThreeRegions implements AutoCloseable {
  static final List<String> REGIONS = List.of("ap-south", "eu-west", "us-east");
  static final Map<String, String> SOURCE = Map.of("eu-west", "127.0.0.2", "us-east", "127.0.0.3", "ap-south", "127.0.0.4");

  final TestNetwork net;
  final TargetServer canary;

  ThreeRegions() {
    // monitors run every second and may notify loopback receivers, for the monitors page
    net = TestNetwork.start(Duration.ofMillis(1500), java.util.Set.of(), 0, 0, List.of("--monitor-min-interval-seconds", "1",
        "--monitor-tick-ms", "100"));
    canary = TargetServer.ok(net.vertx());
    for (String region : REGIONS) {
      net.startAgent(net.agent(region, region + "-a1", SOURCE.get(region), List.of(canary.url())));
    }
  }

  String base() {
    return net.api().base();
  }

  @Override
  public void close() {
    net.close();
  }
}

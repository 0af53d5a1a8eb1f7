package downcheck.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Four hosts of their own on this machine, as network namespaces: two agents' (A and B), a router
 * between them and a target, and the target. Each agent also has a veth pair to this host (its
 * Kafka broker and canary live here); everything else goes through the router, so a trace from
 * an agent to the target has two hops: the router, then the target.
 *
 * <pre>
 *   host 10.212.11.1 ── A 10.212.11.2 / 10.212.1.2 ── 10.212.1.1 ┐
 *                                                         router  ├ 10.212.3.1 ── target 10.212.3.2
 *   host 10.212.12.1 ── B 10.212.12.2 / 10.212.2.2 ── 10.212.2.1 ┘
 * </pre>
 *
 * Needs root, {@code ip}, {@code iptables} and {@code mtr}: missing, the test fails under CI=true
 * and is skipped elsewhere, naming what is missing. Deleted on {@link #close()}.
 */
final class PathLab implements AutoCloseable {
  static final String A = NetworkNamespace.PREFIX + "ps-a";
  static final String B = NetworkNamespace.PREFIX + "ps-b";
  static final String ROUTER = NetworkNamespace.PREFIX + "ps-r";
  static final String TARGET = NetworkNamespace.PREFIX + "ps-t";
  /** This host as A sees it: where the broker and the canary listen (B reaches it through its own link). */
  static final String HOST = "10.212.11.1";
  static final String TARGET_ADDRESS = "10.212.3.2";
  static final String ROUTER_FOR_A = "10.212.1.1";
  static final String ROUTER_FOR_B = "10.212.2.1";
  private static final String HOST_LINK_A = A + "-h";
  private static final String HOST_LINK_B = B + "-h";

  static PathLab create() throws IOException, InterruptedException {
    requireTools();
    PathLab lab = new PathLab();
    lab.close(); // a leftover of a killed run
    for (String ns : List.of(A, B, ROUTER, TARGET)) {
      NetworkNamespace.must("ip", "netns", "add", ns);
      NetworkNamespace.must("ip", "-n", ns, "link", "set", "lo", "up");
      // no resolver reachable from here: asked on loopback, refused at once, so a trace's reverse
      // lookups of the hops fail fast instead of waiting out this host's resolver behind the router
      Path conf = Path.of("/etc/netns", ns, "resolv.conf");
      Files.createDirectories(conf.getParent());
      Files.writeString(conf, "nameserver 127.0.0.1\n");
    }
    hostLink(A, HOST_LINK_A, "10.212.11");
    hostLink(B, HOST_LINK_B, "10.212.12");
    toRouter(A, "ra", "10.212.1");
    toRouter(B, "rb", "10.212.2");
    toRouter(TARGET, "rt", "10.212.3");
    NetworkNamespace.must("ip", "netns", "exec", ROUTER, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    // B reaches the broker on A's host address through its own link to this host
    NetworkNamespace.must("ip", "-n", B, "route", "add", HOST + "/32", "via", "10.212.12.1");
    return lab;
  }

  /** A's packets to the target are dropped at the router: A's path stops after its first hop, B's goes on. */
  void cutAtRouterFor(String agentNamespace) throws IOException, InterruptedException {
    String subnet = agentNamespace.equals(A) ? "10.212.1.0/24" : "10.212.2.0/24";
    NetworkNamespace.must("ip", "netns", "exec", ROUTER, "iptables", "-A", "FORWARD", "-s", subnet, "-d", TARGET_ADDRESS, "-j", "DROP");
  }

  /** The command line that runs {@code command} inside {@code namespace}. */
  static List<String> inside(String namespace, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(command);
    return cmd;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (String ns : List.of(A, B, ROUTER, TARGET)) {
      NetworkNamespace.run("ip", "netns", "del", ns); // takes its ends of the veth pairs, and so their peers, with it
      Files.deleteIfExists(Path.of("/etc/netns", ns, "resolv.conf"));
      Files.deleteIfExists(Path.of("/etc/netns", ns));
    }
    NetworkNamespace.run("ip", "link", "del", HOST_LINK_A);
    NetworkNamespace.run("ip", "link", "del", HOST_LINK_B);
  }

  /** A /30 between this host ({@code net}.1) and the namespace ({@code net}.2, its eth0). */
  private static void hostLink(String ns, String hostEnd, String net) throws IOException, InterruptedException {
    NetworkNamespace.must("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
    NetworkNamespace.must("ip", "addr", "add", net + ".1/30", "dev", hostEnd);
    NetworkNamespace.must("ip", "link", "set", hostEnd, "up");
    NetworkNamespace.must("ip", "-n", ns, "addr", "add", net + ".2/30", "dev", "eth0");
    NetworkNamespace.must("ip", "-n", ns, "link", "set", "eth0", "up");
  }

  /** A /24 between the namespace ({@code net}.2, its eth1, default route) and the router ({@code net}.1). */
  private static void toRouter(String ns, String routerEnd, String net) throws IOException, InterruptedException {
    NetworkNamespace.must("ip", "-n", ns, "link", "add", "eth1", "type", "veth", "peer", "name", routerEnd, "netns", ROUTER);
    NetworkNamespace.must("ip", "-n", ns, "addr", "add", net + ".2/24", "dev", "eth1");
    NetworkNamespace.must("ip", "-n", ns, "link", "set", "eth1", "up");
    NetworkNamespace.must("ip", "-n", ROUTER, "addr", "add", net + ".1/24", "dev", routerEnd);
    NetworkNamespace.must("ip", "-n", ROUTER, "link", "set", routerEnd, "up");
    NetworkNamespace.must("ip", "-n", ns, "route", "add", "default", "via", net + ".1");
  }

  private static void requireTools() throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    for (String tool : List.of("ip", "iptables", "mtr")) {
      if (NetworkNamespace.run("sh", "-c", "command -v " + tool) != 0) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String why = "the path namespace test needs " + String.join(", ", missing)
        + " (./downcheck test installs iproute2, iptables and mtr-tiny)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
  }
}

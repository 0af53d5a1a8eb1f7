package downcheck.system;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A host of its own on this machine: a network namespace joined to this one by a veth pair
 * ({@code ip netns add}, {@code ip link add ... type veth peer ... netns}), whose firewall
 * ({@code iptables} inside the namespace) the test sets. Needs root, {@code ip} and
 * {@code iptables}: missing, the test fails under CI=true and is skipped elsewhere, naming what
 * is missing. Deleted, with its veth pair, on {@link #close()}.
 */
final class NetworkNamespace implements AutoCloseable {
  /** Namespaces are named with this prefix (-Ddowncheck.netns.prefix), so parallel runs never collide. */
  static final String PREFIX = System.getProperty("downcheck.netns.prefix", "dc-");
  private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "downcheck-netns.lock");

  private final String name;
  private final String hostLink;
  private final String hostAddress;
  private final String innerAddress;

  private NetworkNamespace(String name, String hostLink, int subnet) {
    this.name = name;
    this.hostLink = hostLink;
    this.hostAddress = "10.211." + subnet + ".1";
    this.innerAddress = "10.211." + subnet + ".2";
  }

  /**
   * Creates {@code <prefix><suffix>}, with a /30 between this host and it on a subnet of
   * 10.211.0.0/16 that no address of this host is on.
   */
  static NetworkNamespace create(String suffix) throws IOException, InterruptedException {
    requireTools();
    String name = PREFIX + suffix;
    // interface names are at most 15 characters
    String hostLink = name.substring(0, Math.min(12, name.length())) + "-h";
    // one subnet is chosen and taken at a time, across the test JVMs of this machine too
    synchronized (NetworkNamespace.class) {
      try (FileChannel lock = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock held = lock.lock()) {
        run("ip", "netns", "del", name); // a leftover of a killed run
        run("ip", "link", "del", hostLink);
        return create(name, hostLink, freeSubnet());
      }
    }
  }

  /**
   * A subnet no address of this host is on, drawn at random among the free ones. Two namespaces
   * on one subnet give this host one address on two links, and one of them loses its path: a test
   * of four namespaces drew a taken subnet about once in forty runs when subnets were drawn blind.
   */
  private static int freeSubnet() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "-4", "-o", "addr", "show").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("ip -4 -o addr show failed: " + out.strip());
    }
    List<Integer> free = new ArrayList<>();
    for (int subnet = 1; subnet < 255; subnet++) {
      if (!out.contains(" 10.211." + subnet + ".")) {
        free.add(subnet);
      }
    }
    if (free.isEmpty()) {
      throw new IllegalStateException("every subnet of 10.211.0.0/16 is taken on this host");
    }
    return free.get(ThreadLocalRandom.current().nextInt(free.size()));
  }

  private static NetworkNamespace create(String name, String hostLink, int subnet)
      throws IOException, InterruptedException {
    NetworkNamespace ns = new NetworkNamespace(name, hostLink, subnet);
    must("ip", "netns", "add", name);
    must("ip", "link", "add", ns.hostLink, "type", "veth", "peer", "name", "eth0", "netns", name);
    must("ip", "addr", "add", ns.hostAddress + "/30", "dev", ns.hostLink);
    must("ip", "link", "set", ns.hostLink, "up");
    ns.exec("ip", "addr", "add", ns.innerAddress + "/30", "dev", "eth0");
    ns.exec("ip", "link", "set", "eth0", "up");
    ns.exec("ip", "link", "set", "lo", "up");
    return ns;
  }

  /** This host's address as the namespace sees it. */
  String hostAddress() {
    return hostAddress;
  }

  String name() {
    return name;
  }

  /** Drops every packet the namespace sends, except to {@code host:port} over TCP (and loopback). */
  void dropAllBut(String host, int port) throws IOException, InterruptedException {
    exec("iptables", "-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT");
    exec("iptables", "-A", "OUTPUT", "-p", "tcp", "-d", host, "--dport", String.valueOf(port), "-j", "ACCEPT");
    exec("iptables", "-P", "OUTPUT", "DROP");
  }

  /** The command line that runs {@code command} inside the namespace. */
  List<String> inside(List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(command);
    return cmd;
  }

  void exec(String... command) throws IOException, InterruptedException {
    must(inside(List.of(command)).toArray(String[]::new));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("ip", "netns", "del", name); // takes eth0, and so its peer, with it
    run("ip", "link", "del", hostLink);
  }

  private static void requireTools() throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    for (String tool : List.of("ip", "iptables")) {
      if (run("sh", "-c", "command -v " + tool) != 0) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String why = "network namespace tests need " + String.join(", ", missing) + " (./downcheck test installs iproute2 and iptables)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
  }

  /** Runs a command that must succeed (20 s at most); its output is in the failure. */
  static void must(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
    }
  }

  /** Runs a command that may fail (a leftover to remove); its exit value, -1 past 20 s. */
  static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}

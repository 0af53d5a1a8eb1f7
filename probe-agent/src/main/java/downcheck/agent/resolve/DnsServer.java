package downcheck.agent.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A DNS server to ask: {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address. */
record DnsServer(String host, int port) {
  public static DnsServer parse(String text) {
    String s = text.strip();
    try {
      if (s.startsWith("[")) {
        int end = s.indexOf(']');
        String host = s.substring(1, end);
        return new DnsServer(host, end + 1 < s.length() ? Integer.parseInt(s.substring(end + 2)) : 53);
      }
      int colon = s.indexOf(':');
      if (colon > 0 && colon == s.lastIndexOf(':')) {
        return new DnsServer(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
      }
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return new DnsServer(s, 53);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("dnsServers: '" + text + "' is not host, host:port or [v6]:port");
    }
  }

  public static List<DnsServer> parseAll(List<String> texts) {
    return texts.stream().map(DnsServer::parse).toList();
  }

  /** The {@code nameserver} lines of a resolv.conf; empty when the file is missing or names none. */
  public static List<DnsServer> fromResolvConf(Path file) {
    List<DnsServer> servers = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String[] words = line.strip().split("\\s+");
        if (words.length >= 2 && words[0].equals("nameserver")) {
          String host = words[1].contains("%") ? words[1].substring(0, words[1].indexOf('%')) : words[1];
          servers.add(new DnsServer(host, 53));
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return servers;
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

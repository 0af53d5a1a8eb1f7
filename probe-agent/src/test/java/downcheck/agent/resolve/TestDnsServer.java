package downcheck.agent.resolve;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server on 127.0.0.1:port (UDP) for tests: A and AAAA answers from
 * a map, NXDOMAIN for unknown names, SERVFAIL or silence on request. Enough of RFC 1035 for a
 * resolver's question; the resolver's EDNS record and anything after the question is ignored, so
 * an answer keeps to UDP's 512 bytes as RFC 1035 has it: the records that fit, with TC set; the
 * same port over TCP gives the whole answer, where a resolver asks again for it.
 */
public final class TestDnsServer implements AutoCloseable {
  private static final int NOERROR = 0;
  private static final int SERVFAIL = 2;
  private static final int NXDOMAIN = 3;
  private static final int UDP_LIMIT = 512;

  private sealed interface Answer permits Addresses, Rcode, Silent, V4OnlyNxdomainV6, Records {}

  /** Records of any type, each as its wire RDATA, by type code; a type with none is NOERROR and empty. */
  private record Records(Map<Integer, List<byte[]>> byType) implements Answer {}

  /** A answered, AAAA NXDOMAIN: dnsmasq with --local and an IPv4-only --address does this. */
  private record V4OnlyNxdomainV6(List<InetAddress> addresses) implements Answer {}

  private record Addresses(List<InetAddress> addresses) implements Answer {}

  private record Rcode(int code) implements Answer {}

  private record Silent() implements Answer {}

  private final DatagramSocket socket;
  private final ServerSocket tcp;
  private final Map<String, Answer> zone = new ConcurrentHashMap<>();
  private final AtomicInteger queries = new AtomicInteger();
  private final Thread thread;

  public TestDnsServer() throws SocketException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(this::serve, "test-dns");
    thread.setDaemon(true);
    thread.start();
    try {
      tcp = new ServerSocket(socket.getLocalPort(), 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      socket.close();
      throw new SocketException("no TCP port " + socket.getLocalPort() + " beside the UDP one: " + e);
    }
    Thread tcpThread = new Thread(this::serveTcp, "test-dns-tcp");
    tcpThread.setDaemon(true);
    tcpThread.start();
  }

  public TestDnsServer answer(String name, InetAddress... addresses) {
    zone.put(key(name), new Addresses(List.of(addresses)));
    return this;
  }

  /** Answers A with these IPv4 addresses but AAAA with NXDOMAIN, a misconfiguration seen in the wild. */
  public TestDnsServer answerANxdomainAaaa(String name, InetAddress... v4) {
    zone.put(key(name), new V4OnlyNxdomainV6(List.of(v4)));
    return this;
  }

  /**
   * Adds a record of {@code type} (1 A, 2 NS, 5 CNAME, 6 SOA, 15 MX, 16 TXT, 28 AAAA, 33 SRV, 257
   * CAA ...) with this RDATA, in wire form ({@link #name}, {@link #pointerToQuestion} and the
   * rest built by the caller); the name's other types answer NOERROR with no record.
   */
  public TestDnsServer record(String name, int type, byte[] rdata) {
    Answer existing = zone.get(key(name));
    Map<Integer, List<byte[]>> byType = new ConcurrentHashMap<>(existing instanceof Records r ? r.byType() : Map.of());
    List<byte[]> list = new java.util.ArrayList<>(byType.getOrDefault(type, List.of()));
    list.add(rdata);
    byType.put(type, List.copyOf(list));
    zone.put(key(name), new Records(byType));
    return this;
  }

  /** A name in uncompressed wire form: length-prefixed labels, then the root's zero. */
  public static byte[] name(String dotted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : key(dotted).split("\\.")) {
      if (!label.isEmpty()) {
        out.write(label.length());
        out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    out.write(0);
    return out.toByteArray();
  }

  /** Labels, then a compression pointer to the question's name (offset 12): {@code mail} + pointer = mail.<qname>. */
  public static byte[] pointerToQuestion(String labels) {
    byte[] n = name(labels);
    byte[] out = java.util.Arrays.copyOf(n, n.length + 1);
    out[n.length - 1] = (byte) 0xc0;
    out[n.length] = 0x0c;
    return out;
  }

  public TestDnsServer servfail(String name) {
    zone.put(key(name), new Rcode(SERVFAIL));
    return this;
  }

  public TestDnsServer silent(String name) {
    zone.put(key(name), new Silent());
    return this;
  }

  /** For ProbeSettings.dnsServers. */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  public int queries() {
    return queries.get();
  }

  @Override
  public void close() {
    socket.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static String key(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private void serve() {
    byte[] buf = new byte[1500];
    while (!socket.isClosed()) {
      try {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        queries.incrementAndGet();
        byte[] reply = reply(ByteBuffer.wrap(in.getData(), 0, in.getLength()));
        if (reply != null) {
          socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
        }
      } catch (Exception e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  /** DNS over TCP (RFC 1035 4.2.2): each message after its two-byte length. */
  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        while (true) {
          byte[] query = new byte[in.readUnsignedShort()];
          in.readFully(query);
          queries.incrementAndGet();
          byte[] reply = reply(ByteBuffer.wrap(query), Integer.MAX_VALUE);
          if (reply != null) {
            out.writeShort(reply.length);
            out.write(reply);
            out.flush();
          }
        }
      } catch (IOException e) {
        // the resolver hung up, or the server closed
      }
    }
  }

  private byte[] reply(ByteBuffer q) {
    return reply(q, UDP_LIMIT);
  }

  private byte[] reply(ByteBuffer q, int limit) {
    short id = q.getShort(0);
    boolean rd = (q.get(2) & 0x01) != 0;
    int pos = 12;
    StringBuilder name = new StringBuilder();
    while (q.get(pos) != 0) {
      int len = q.get(pos) & 0xff;
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(new String(q.array(), q.arrayOffset() + pos + 1, len, java.nio.charset.StandardCharsets.US_ASCII));
      pos += len + 1;
    }
    int qtype = q.getShort(pos + 1) & 0xffff;
    int questionEnd = pos + 5;
    Answer answer = zone.getOrDefault(key(name.toString()), new Rcode(NXDOMAIN));
    if (answer instanceof Silent) {
      return null;
    }
    if (answer instanceof Records r) {
      return raw(q, id, rd, qtype, questionEnd, r.byType().getOrDefault(qtype, List.of()), limit);
    }
    List<InetAddress> records = List.of();
    int rcode = NOERROR;
    if (answer instanceof Rcode r) {
      rcode = r.code();
    } else if (answer instanceof V4OnlyNxdomainV6 v) {
      if (qtype == 1) {
        records = v.addresses();
      } else {
        rcode = NXDOMAIN;
      }
    } else if (answer instanceof Addresses a) {
      boolean wantV4 = qtype == 1;
      records = a.addresses().stream().filter(x -> (x instanceof Inet4Address) == wantV4).toList();
    }
    boolean truncated = false;
    if (!records.isEmpty()) {
      int fit = (limit - questionEnd) / (12 + records.get(0).getAddress().length); // one family per answer
      truncated = records.size() > fit;
      records = records.subList(0, Math.min(records.size(), fit));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort(id);
    header.put((byte) (0x84 | (truncated ? 0x02 : 0) | (rd ? 0x01 : 0))); // QR, AA, TC, RD echoed
    header.put((byte) (0x80 | rcode)); // RA
    header.putShort((short) 1).putShort((short) records.size()).putShort((short) 0).putShort((short) 0);
    out.writeBytes(header.array());
    out.write(q.array(), q.arrayOffset() + 12, questionEnd - 12);
    for (InetAddress r : records) {
      byte[] data = r.getAddress();
      ByteBuffer rr = ByteBuffer.allocate(12 + data.length);
      rr.putShort((short) 0xc00c).putShort((short) qtype).putShort((short) 1).putInt(60).putShort((short) data.length);
      rr.put(data);
      out.writeBytes(rr.array());
    }
    return out.toByteArray();
  }

  private static byte[] raw(ByteBuffer q, short id, boolean rd, int qtype, int questionEnd, List<byte[]> rdatas,
      int limit) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int count = 0;
    boolean truncated = false;
    for (byte[] data : rdatas) {
      if (questionEnd + body.size() + 12 + data.length > limit) {
        truncated = true;
        break;
      }
      ByteBuffer rr = ByteBuffer.allocate(12 + data.length);
      rr.putShort((short) 0xc00c).putShort((short) qtype).putShort((short) 1).putInt(60).putShort((short) data.length);
      rr.put(data);
      body.writeBytes(rr.array());
      count++;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort(id);
    header.put((byte) (0x84 | (truncated ? 0x02 : 0) | (rd ? 0x01 : 0)));
    header.put((byte) 0x80);
    header.putShort((short) 1).putShort((short) count).putShort((short) 0).putShort((short) 0);
    out.writeBytes(header.array());
    out.write(q.array(), q.arrayOffset() + 12, questionEnd - 12);
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }
}

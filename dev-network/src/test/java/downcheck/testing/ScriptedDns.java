package downcheck.testing;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) whose answers follow a script: the n-th A
 * query for a name gets the n-th answer set, the last one repeating (a rebinding name: TTL 0,
 * first an allowed address, then another). AAAA queries get no record; unknown names NXDOMAIN.
 * Enough of RFC 1035 for a resolver's question.
 */
public final class ScriptedDns implements AutoCloseable {
  private static final int NOERROR = 0;
  private static final int NXDOMAIN = 3;

  private final DatagramSocket socket;
  private final Map<String, List<List<InetAddress>>> zone = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> mxByClient = new ConcurrentHashMap<>();

  public ScriptedDns() {
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (SocketException e) {
      throw new IllegalStateException(e);
    }
    Thread thread = new Thread(this::serve, "scripted-dns");
    thread.setDaemon(true);
    thread.start();
  }

  /** The answers to the first, second … A query for {@code name}; the last repeats. */
  @SafeVarargs
  public final ScriptedDns answers(String name, List<String>... inOrder) {
    zone.put(key(name), List.of(inOrder).stream().map(ScriptedDns::addresses).toList());
    asked.put(key(name), new AtomicInteger());
    return this;
  }

  /** The same answer every time. */
  public ScriptedDns answer(String name, String... addresses) {
    return answers(name, List.of(addresses));
  }

  /** MX records of preference 10: the exchange for each client address ({@code 127.0.0.2}), none for others. */
  public ScriptedDns mx(String name, Map<String, String> exchangeByClient) {
    mxByClient.put(key(name), Map.copyOf(exchangeByClient));
    return this;
  }

  /** A queries for the name so far. */
  public int asked(String name) {
    AtomicInteger n = asked.get(key(name));
    return n == null ? 0 : n.get();
  }

  /** As {@code IP:PORT}, for the flags. */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  @Override
  public void close() {
    socket.close();
  }

  private static List<InetAddress> addresses(List<String> texts) {
    return texts.stream().map(t -> {
      try {
        return InetAddress.getByName(t); // literals only: no lookup
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException(t, e);
      }
    }).toList();
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
        byte[] reply = reply(ByteBuffer.wrap(in.getData(), 0, in.getLength()), in.getAddress());
        socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
      } catch (Exception e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private byte[] reply(ByteBuffer q, InetAddress client) {
    short id = q.getShort(0);
    boolean rd = (q.get(2) & 0x01) != 0;
    int pos = 12;
    StringBuilder name = new StringBuilder();
    while (q.get(pos) != 0) {
      int len = q.get(pos) & 0xff;
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(new String(q.array(), q.arrayOffset() + pos + 1, len, StandardCharsets.US_ASCII));
      pos += len + 1;
    }
    int qtype = q.getShort(pos + 1) & 0xffff;
    int questionEnd = pos + 5;
    Map<String, String> mx = mxByClient.get(key(name.toString()));
    if (mx != null) {
      String exchange = qtype == 15 ? mx.get(client.getHostAddress()) : null;
      return mxReply(q, id, rd, questionEnd, exchange);
    }
    List<List<InetAddress>> script = zone.get(key(name.toString()));
    int rcode = script == null ? NXDOMAIN : NOERROR;
    List<InetAddress> records = List.of();
    if (script != null && qtype == 1) {
      int n = asked.get(key(name.toString())).getAndIncrement();
      records = script.get(Math.min(n, script.size() - 1));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort(id);
    header.put((byte) (0x84 | (rd ? 0x01 : 0))); // QR, AA, RD echoed
    header.put((byte) (0x80 | rcode)); // RA
    header.putShort((short) 1).putShort((short) records.size()).putShort((short) 0).putShort((short) 0);
    out.writeBytes(header.array());
    out.write(q.array(), q.arrayOffset() + 12, questionEnd - 12);
    for (InetAddress r : records) {
      byte[] data = r.getAddress();
      ByteBuffer rr = ByteBuffer.allocate(12 + data.length);
      rr.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(0).putShort((short) data.length);
      rr.put(data);
      out.writeBytes(rr.array());
    }
    return out.toByteArray();
  }

  private static byte[] mxReply(ByteBuffer q, short id, boolean rd, int questionEnd, String exchange) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort(id);
    header.put((byte) (0x84 | (rd ? 0x01 : 0)));
    header.put((byte) 0x80); // NOERROR
    header.putShort((short) 1).putShort((short) (exchange == null ? 0 : 1)).putShort((short) 0).putShort((short) 0);
    out.writeBytes(header.array());
    out.write(q.array(), q.arrayOffset() + 12, questionEnd - 12);
    if (exchange != null) {
      ByteArrayOutputStream rdata = new ByteArrayOutputStream();
      rdata.write(0);
      rdata.write(10);
      for (String label : exchange.split("\\.")) {
        rdata.write(label.length());
        rdata.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
      }
      rdata.write(0);
      ByteBuffer rr = ByteBuffer.allocate(12);
      rr.putShort((short) 0xc00c).putShort((short) 15).putShort((short) 1).putInt(0).putShort((short) rdata.size());
      out.writeBytes(rr.array());
      out.writeBytes(rdata.toByteArray());
    }
    return out.toByteArray();
  }
}

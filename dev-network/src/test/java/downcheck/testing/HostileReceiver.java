package downcheck.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on a loopback address that answers as an attacker would: it reads the
 * request's head and body, then plays its {@link Behaviour} on the raw socket. It counts what it
 * managed to send and the connections it saw, and when each began and ended.
 */
public final class HostileReceiver implements AutoCloseable {
  /** What the receiver does once it has read a request. */
  @FunctionalInterface
  public interface Behaviour {
    void answer(Socket socket, AtomicLong sent) throws IOException, InterruptedException;
  }

  /** One connection: its request's head, when it came and when it ended (ms since the epoch; 0 while open). */
  public record Connection(String head, long openedAt, AtomicLong closed) {
    public long closedAt() {
      return closed.get();
    }
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  private HostileReceiver(String address, int port, Behaviour behaviour) {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + address + ":" + port, e);
    }
    this.behaviour = behaviour;
    Thread accept = new Thread(this::accept, "hostile-receiver-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  public static HostileReceiver on(String address, int port, Behaviour behaviour) {
    return new HostileReceiver(address, port, behaviour);
  }

  public static HostileReceiver on(String address, Behaviour behaviour) {
    return new HostileReceiver(address, 0, behaviour);
  }

  /** 200, then a chunked body that never ends: 64 KiB chunks as fast as the peer takes them, up to {@code limit}. */
  public static Behaviour endlessBody(long limit) {
    return (socket, sent) -> {
      OutputStream out = socket.getOutputStream();
      write(out, sent, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
      byte[] chunk = ("10000\r\n" + "a".repeat(65_536) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      while (sent.get() < limit) {
        out.write(chunk);
        sent.addAndGet(chunk.length);
      }
      untilClosed(socket); // then silence, the connection open
    };
  }

  /** The status line and headers of a long body, then nothing, the connection held open. */
  public static Behaviour stallAfterHeaders() {
    return (socket, sent) -> {
      write(socket.getOutputStream(), sent, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
      untilClosed(socket);
    };
  }

  /** One byte every {@code everyMs}, forever: an idle timeout never fires, the status line never ends in time. */
  public static Behaviour trickle(long everyMs) {
    return (socket, sent) -> {
      OutputStream out = socket.getOutputStream();
      byte[] bytes = "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; ; i++) {
        out.write(i < bytes.length ? bytes[i] : 'z');
        out.flush();
        sent.incrementAndGet();
        Thread.sleep(everyMs);
      }
    };
  }

  /** A redirect of the POST (307 keeps the method and body) to {@code location}. */
  public static Behaviour redirect(String location) {
    return (socket, sent) -> write(socket.getOutputStream(), sent, "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + location
        + "\r\nContent-Length: 0\r\n\r\n");
  }

  /** An ordinary receiver: 200 and an empty body. */
  public static Behaviour ok() {
    return (socket, sent) -> write(socket.getOutputStream(), sent, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url(String path) {
    return "http://" + server.getInetAddress().getHostAddress() + ":" + port() + path;
  }

  /** Bytes of answer written to connections so far. */
  public long sent() {
    return sent.get();
  }

  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** Connections accepted so far, whether or not a request came on them. */
  public int accepted() {
    return accepted.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "hostile-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    Connection c = new Connection("", System.currentTimeMillis(), new AtomicLong());
    accepted.incrementAndGet();
    try (s) {
      c = new Connection(readRequest(s.getInputStream()), c.openedAt(), c.closed());
      connections.add(c);
      behaviour.answer(s, sent);
      s.getOutputStream().flush();
      s.shutdownOutput();
      s.getInputStream().read(); // until the peer closes
    } catch (IOException | InterruptedException e) {
      // the peer closed: the end of this connection
    } finally {
      c.closed().set(System.currentTimeMillis());
    }
  }

  /** The request's head; its body (Content-Length bytes) read and dropped. */
  private static String readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    long length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).strip());
      }
    }
    in.readNBytes((int) Math.min(length, 1 << 20));
    return head.toString();
  }

  /** Blocks until the peer closes (or resets) the connection. */
  private static void untilClosed(Socket socket) throws IOException {
    while (socket.getInputStream().read() >= 0) {
      // whatever the peer still sends is dropped
    }
  }

  private static void write(OutputStream out, AtomicLong sent, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes);
    out.flush();
    sent.addAndGet(bytes.length);
  }
}

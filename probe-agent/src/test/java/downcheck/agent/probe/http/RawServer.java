package downcheck.agent.probe.http;

import downcheck.agent.probe.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A TCP server on 127.0.0.1, port 0, that answers with exactly the bytes a test gives it:
 * framings and malformed answers a real HTTP server would never send, or silence.
 */
final class RawServer {
  private final NetServer server;

  private RawServer(NetServer server) {
    this.server = server;
  }

  /** Reads the request head, writes {@code answer}, then closes if {@code close}. */
  static RawServer answering(Vertx vertx, String answer, boolean close) {
    return start(vertx, socket -> {
      Buffer seen = Buffer.buffer();
      socket.handler(b -> {
        boolean first = !seen.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n");
        seen.appendBuffer(b);
        if (first && seen.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
          socket.write(Buffer.buffer(answer.getBytes(StandardCharsets.ISO_8859_1)))
              .onComplete(v -> {
                if (close) {
                  socket.close();
                }
              });
        }
      });
    });
  }

  /** Accepts the connection and never sends a byte: a TLS ClientHello goes unanswered. */
  static RawServer silent(Vertx vertx) {
    return start(vertx, socket -> socket.handler(b -> { }));
  }

  /** Closes each connection as soon as the client sends anything. */
  static RawServer closingOnFirstByte(Vertx vertx) {
    return start(vertx, socket -> socket.handler(b -> socket.close()));
  }

  private static RawServer start(Vertx vertx, Consumer<NetSocket> onConnect) {
    NetServer s = vertx.createNetServer().connectHandler(onConnect::accept);
    return new RawServer(Await.result(s.listen(0, "127.0.0.1")));
  }

  int port() {
    return server.actualPort();
  }

  void close() {
    Await.result(server.close());
  }
}

package downcheck.agent.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket whose accept queue is full, so a new connect never completes: the kernel
 * drops its SYN and the client waits. The pure-Java way to get a CONNECT_TIMEOUT on loopback
 * (a backlog of 1 that is never accepted, filled by our own connections first).
 */
public final class UnacceptingServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> fillers = new ArrayList<>();

  public UnacceptingServer() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    for (int i = 0; i < 64; i++) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
        fillers.add(s);
      } catch (SocketTimeoutException full) {
        s.close();
        return;
      }
    }
    close();
    throw new IllegalStateException("the accept queue never filled; this kernel does not drop SYNs when it is full");
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket s : fillers) {
      s.close();
    }
    server.close();
  }
}

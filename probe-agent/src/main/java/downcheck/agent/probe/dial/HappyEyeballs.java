package downcheck.agent.probe.dial;

import downcheck.agent.probe.ErrorClassifier;
import downcheck.agent.probe.Phase;
import downcheck.model.result.AddressTry;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Opens a TCP connection to one of a name's addresses as a browser does (Happy Eyeballs, RFC
 * 8305): the addresses in {@link AddressOrder}, a new attempt every {@link #ATTEMPT_DELAY_MS}
 * while the earlier ones are still connecting, at once when one fails; the first connection
 * wins and every other is closed. Each address dialled is listed with its outcome. Must be
 * called on a Vert.x context; the caller owns the deadline ({@link Dial#abandon()}).
 */
public final class HappyEyeballs {
  /** RFC 8305's recommended Connection Attempt Delay. */
  public static final long ATTEMPT_DELAY_MS = 250;

  private final Vertx vertx;
  private final NetClient client;

  public HappyEyeballs(Vertx vertx, NetClient client) {
    this.vertx = vertx;
    this.client = client;
  }

  /** A connection that won: the socket, the address it goes to, its own connect time, and every address dialled. */
  public record Connected(NetSocket socket, String address, long connectMs, List<AddressTry> tried) {}

  /** Every address dialled failed; the cause is the failure that ended the dial (the last one). */
  public static final class DialFailedException extends Exception {
    private final transient List<AddressTry> tried;

    DialFailedException(List<AddressTry> tried, Throwable last) {
      super(last.getMessage(), last);
      this.tried = List.copyOf(tried);
    }

    public List<AddressTry> tried() {
      return tried;
    }
  }

  /**
   * Starts dialling {@code addresses} (at most {@link AddressOrder#MAX_ADDRESSES}, in their order).
   *
   * @param remote    the socket address for one IP (an HTTPS probe's carries the name for SNI)
   * @param timeoutMs the most any one attempt may take (what is left of the caller's deadline)
   */
  public Dial dial(List<InetAddress> addresses, Function<InetAddress, SocketAddress> remote, long timeoutMs) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no address to dial");
    }
    Dial dial = new Dial(addresses.subList(0, Math.min(addresses.size(), AddressOrder.MAX_ADDRESSES)), remote,
        timeoutMs);
    dial.startNext();
    return dial;
  }

  /** One dial in flight. Runs on the caller's context, so its fields need no locking. */
  public final class Dial {
    private final List<InetAddress> addresses;
    private final Function<InetAddress, SocketAddress> remote;
    private final long timeoutMs;
    private final long started = System.nanoTime();
    private final long[] startedAt;
    private final AddressTry[] tries;
    private final Promise<Connected> result = Promise.promise();
    private int next;
    private int failed;
    private long timer = -1;
    private boolean settled;

    private Dial(List<InetAddress> addresses, Function<InetAddress, SocketAddress> remote, long timeoutMs) {
      this.addresses = List.copyOf(addresses);
      this.remote = remote;
      this.timeoutMs = timeoutMs;
      this.startedAt = new long[this.addresses.size()];
      this.tries = new AddressTry[this.addresses.size()];
    }

    /** Completes with the first connection made, or fails with {@link DialFailedException} once every address failed. */
    public Future<Connected> future() {
      return result.future();
    }

    /**
     * The caller's deadline came: no more attempts, a connection made from now on is closed at
     * once, and what was dialled is returned, those still connecting as {@code CONNECT_TIMEOUT}.
     */
    public List<AddressTry> abandon() {
      settled = true;
      cancelTimer();
      return tried();
    }

    private void startNext() {
      cancelTimer();
      if (settled || next >= addresses.size()) {
        return;
      }
      int i = next++;
      startedAt[i] = System.nanoTime();
      InetAddress ip = addresses.get(i);
      long left = Math.max(1, timeoutMs - msSince(started));
      ConnectOptions options = new ConnectOptions()
          .setRemoteAddress(remote.apply(ip))
          .setTimeout((int) Math.min(Integer.MAX_VALUE, left));
      client.connect(options).onComplete(ar -> {
        if (ar.succeeded()) {
          connected(i, ar.result());
        } else {
          failed(i, ar.cause());
        }
      });
      if (next < addresses.size()) {
        timer = vertx.setTimer(ATTEMPT_DELAY_MS, id -> {
          timer = -1;
          startNext();
        });
      }
    }

    private void connected(int i, NetSocket socket) {
      if (settled) {
        socket.close(); // another address won, or the deadline passed: no longer ours
        return;
      }
      settled = true;
      cancelTimer();
      long ms = msSince(startedAt[i]);
      tries[i] = new AddressTry(address(i), Outcome.UP, null, ms);
      result.complete(new Connected(socket, address(i), ms, tried()));
    }

    private void failed(int i, Throwable cause) {
      if (settled) {
        return;
      }
      ErrorClass errorClass = ErrorClassifier.classify(cause, Phase.CONNECT);
      tries[i] = new AddressTry(address(i), Outcome.DOWN, errorClass, msSince(startedAt[i]));
      if (++failed == addresses.size()) {
        settled = true;
        result.fail(new DialFailedException(tried(), cause));
      } else {
        startNext(); // a failure starts the next address at once
      }
    }

    /** The addresses dialled so far, in order; one still connecting is listed as not having connected in time. */
    private List<AddressTry> tried() {
      List<AddressTry> out = new ArrayList<>(next);
      for (int i = 0; i < next; i++) {
        out.add(tries[i] != null ? tries[i]
            : new AddressTry(address(i), Outcome.DOWN, ErrorClass.CONNECT_TIMEOUT, msSince(startedAt[i])));
      }
      return out;
    }

    private String address(int i) {
      return addresses.get(i).getHostAddress();
    }

    private void cancelTimer() {
      if (timer != -1) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  private static long msSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}

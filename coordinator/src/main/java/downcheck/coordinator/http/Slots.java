package downcheck.coordinator.http;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Things a client holds open (connections, streams), capped per client address and in all;
 * shared by the coordinator's event loops. A client is its IPv4 address, or its IPv6 /64 (one
 * host is given a whole /64, so one address each would be no cap at all). A client's entry
 * lives while it holds something: the map is never larger than the total cap.
 */
public final class Slots {
  /** Why a slot was not given. */
  public enum Refusal {
    /** This client holds its most. */
    CLIENT,
    /** Every client together holds the most. */
    TOTAL
  }

  private final int perClient;
  private final int total;
  private final ConcurrentHashMap<String, Integer> byClient = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();

  public Slots(int perClient, int total) {
    this.perClient = perClient;
    this.total = total;
  }

  /** A slot for the client, to give back once with {@link Slot#release()}; or the refusal, holding nothing. */
  public Slot take(String client) {
    boolean[] mine = {false};
    byClient.compute(client, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= perClient) {
        return n;
      }
      mine[0] = true;
      return now + 1;
    });
    if (!mine[0]) {
      return new Slot(null, Refusal.CLIENT);
    }
    if (held.incrementAndGet() > total) {
      held.decrementAndGet();
      giveBack(client);
      return new Slot(null, Refusal.TOTAL);
    }
    return new Slot(client, null);
  }

  /** Slots held now, by every client. */
  public int held() {
    return held.get();
  }

  private void giveBack(String client) {
    byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** The client a peer address counts as: its IPv4 address, or its IPv6 /64. */
  public static String clientOf(SocketAddress peer) {
    String host = peer == null ? null : peer.hostAddress();
    if (host == null) {
      return "unknown";
    }
    if (host.indexOf(':') < 0) {
      return host;
    }
    try {
      byte[] ip = InetAddress.getByName(host).getAddress(); // a literal: parsed, never looked up
      if (ip.length == 16) {
        byte[] prefix = Arrays.copyOf(ip, 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
      }
      return InetAddress.getByAddress(ip).getHostAddress();
    } catch (UnknownHostException e) {
      return host;
    }
  }

  /** One thing held, or a refusal; given back once however often it is released. */
  public final class Slot {
    private final String client;
    private final Refusal refusal;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String client, Refusal refusal) {
      this.client = client;
      this.refusal = refusal;
    }

    /** Null when the slot is held; else why it was refused. */
    public Refusal refusal() {
      return refusal;
    }

    public void release() {
      if (refusal == null && released.compareAndSet(false, true)) {
        held.decrementAndGet();
        giveBack(client);
      }
    }
  }
}

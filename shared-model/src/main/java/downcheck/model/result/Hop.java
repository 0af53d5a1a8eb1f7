package downcheck.model.result;

/** One hop of a trace: its TTL, the address that answered (null: none did), its reverse name, RTT and loss in 0..1. */
public record Hop(int ttl, String address, String name, Double rttMs, double loss) {}

package downcheck.model.result;

/** What a ping probe saw: echo requests sent and answered, loss in 0..1, round-trip times of the answers. */
public record PingStats(int sent, int received, double loss, Double rttMinMs, Double rttAvgMs, Double rttMaxMs,
    Double rttStdevMs) {}

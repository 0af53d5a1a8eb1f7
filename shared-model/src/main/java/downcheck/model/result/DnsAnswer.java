package downcheck.model.result;

import java.util.List;

/** What a dns probe of a record type found: the records as text (an MX as "10 mx.example.com."), and which resolver answered. */
public record DnsAnswer(String type, List<String> records, String resolver) {
  public DnsAnswer {
    records = records == null ? List.of() : List.copyOf(records);
  }
}

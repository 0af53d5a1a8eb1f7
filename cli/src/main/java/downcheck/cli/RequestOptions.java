package downcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.wire.Codec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The request an http check sends and what it expects of the answer, as curl users write them
 * ({@code -X}, {@code -H}, {@code -d}), turned into the check's {@code method}, {@code headers},
 * {@code body} and {@code expect} (docs/api.md, "Shaped requests"). The coordinator judges the
 * values; this only splits them and says which flag a malformed one came from.
 */
final class RequestOptions {
  /** The most of a body file read: the API takes 8 KiB, a bigger file is refused there with its size. */
  private static final int MAX_FILE_BYTES = 64 * 1024;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = {"-X", "--method"}, paramLabel = "METHOD",
      description = "GET (default; POST with --data), HEAD, POST, PUT, PATCH, DELETE or OPTIONS")
  String method;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
      description = "a header to send, repeatable (no Host, Content-Length or hop-by-hop headers); values are never shown back")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-d", "--data"}, paramLabel = "TEXT|@FILE",
      description = "the body to send (at most 8 KiB), @FILE for a file's; as curl: POST and "
          + "Content-Type: application/x-www-form-urlencoded unless -X or -H say otherwise")
  String data;

  @Option(names = "--expect-header", paramLabel = "'NAME[: REGEX]'",
      description = "the answer must have this header, a value matching REGEX (RE2) if given; repeatable")
  List<String> expectHeaders = new ArrayList<>();

  @Option(names = "--expect-json", paramLabel = "/POINTER=VALUE",
      description = "the JSON body must hold VALUE at the JSON Pointer (3, true, null, \"3\" as JSON; else text); repeatable")
  List<String> expectJson = new ArrayList<>();

  @Option(names = "--match", paramLabel = "REGEX", description = "the body (its first 64 KiB) must match REGEX (RE2 syntax)")
  String match;

  @Option(names = "--not-contains", paramLabel = "TEXT", description = "the body must not contain TEXT")
  String notContains;

  /** Adds what was given to the check's body; nothing when no flag of these was. */
  void addTo(Map<String, Object> body) {
    Map<String, String> sent = headers();
    String payload = data == null ? null : payload();
    String m = method != null ? method.toUpperCase(Locale.ROOT) : payload != null ? "POST" : null;
    if (payload != null && method == null && sent.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("Content-Type"))) {
      sent.put("Content-Type", "application/x-www-form-urlencoded");
    }
    if (m != null) {
      body.put("method", m);
    }
    if (!sent.isEmpty()) {
      body.put("headers", sent);
    }
    if (payload != null) {
      body.put("body", payload);
    }
    Map<String, Object> expect = expect();
    if (!expect.isEmpty()) {
      body.put("expect", expect);
    }
  }

  private Map<String, String> headers() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String h : headers) {
      String[] nv = split(h, ':', "-H", "'Name: value'");
      out.put(nv[0], nv[1]);
    }
    return out;
  }

  private Map<String, Object> expect() {
    Map<String, Object> expect = new LinkedHashMap<>();
    if (notContains != null) {
      expect.put("bodyNotContains", notContains);
    }
    if (match != null) {
      expect.put("bodyMatches", match);
    }
    List<Map<String, Object>> hs = new ArrayList<>();
    for (String h : expectHeaders) {
      Map<String, Object> one = new LinkedHashMap<>();
      if (h.indexOf(':') < 0) {
        one.put("name", h.strip());
      } else {
        String[] nv = split(h, ':', "--expect-header", "'Name: regex' or 'Name'");
        one.put("name", nv[0]);
        one.put("matches", nv[1]);
      }
      hs.add(one);
    }
    if (!hs.isEmpty()) {
      expect.put("headers", hs);
    }
    List<Map<String, Object>> js = new ArrayList<>();
    for (String j : expectJson) {
      String[] pv = split(j, '=', "--expect-json", "'/pointer=value'");
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("pointer", pv[0]);
      one.put("equals", scalar(pv[1]));
      js.add(one);
    }
    if (!js.isEmpty()) {
      expect.put("json", js);
    }
    return expect;
  }

  /** A JSON scalar as written ({@code 3}, {@code true}, {@code null}, {@code "3"}), else the text itself. */
  static Object scalar(String text) {
    try {
      JsonNode n = Codec.mapper().readTree(text);
      if (n != null && (n.isNumber() || n.isBoolean() || n.isNull() || n.isTextual())) {
        return n.isTextual() ? n.asText() : n.isBoolean() ? n.asBoolean() : n.isNull() ? null : n.numberValue();
      }
    } catch (IOException e) {
      // not JSON: the text itself
    }
    return text;
  }

  private String payload() {
    if (!data.startsWith("@")) {
      return data;
    }
    Path file = Path.of(data.substring(1));
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ParameterException(spec.commandLine(), "-d: " + file + " is over " + MAX_FILE_BYTES
            + " bytes (a check's body is at most 8 KiB)");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "-d: cannot read " + file + ": " + e.getMessage());
    }
  }

  private String[] split(String given, char at, String flag, String form) {
    int i = given.indexOf(at);
    if (i <= 0) {
      throw new ParameterException(spec.commandLine(), flag + ": '" + given + "' is not " + form);
    }
    return new String[] {given.substring(0, i).strip(), given.substring(i + 1).strip()};
  }
}

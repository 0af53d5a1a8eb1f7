package downcheck.model.check;

/** An expected response header: {@code name} present and, when {@code matches} is given, its value matching that RE2 expression. */
public record HeaderMatch(String name, String matches) {}

package downcheck.model.check;

/** The asker's own view of the target: {@code reachable=false} means "I can't open it". */
public record ClientView(Boolean reachable, String error) {
  public boolean saysUnreachable() {
    return Boolean.FALSE.equals(reachable);
  }
}

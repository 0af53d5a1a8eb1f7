import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Arrays;

/**
 * The slow site of bench/run's memory phase:
 * {@code java -cp downcheck-dev.jar bench/SlowTarget.java PORT DELAY_MS [BODY_BYTES]}.
 * Answers every GET on 127.0.0.1:PORT with 200 and a page of BODY_BYTES (default 16384), but
 * only DELAY_MS after the request came, so a prober that keeps N checks outstanding has about N
 * probes in flight. A Vert.x timer per request, no thread per connection: thousands wait at
 * once for a few MB. Prints "slow target ready PORT" and runs until stopped.
 */
public class SlowTarget {
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    long delayMs = Long.parseLong(args[1]);
    int bodyBytes = args.length > 2 ? Integer.parseInt(args[2]) : 16384;
    byte[] page = new byte[bodyBytes];
    Arrays.fill(page, (byte) 'x');
    Buffer body = Buffer.buffer(page);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setAcceptBacklog(4096))
        .requestHandler(req -> vertx.setTimer(delayMs, id -> {
          if (!req.response().closed()) {
            req.response().putHeader("content-type", "text/html").end(body);
          }
        }))
        .listen()
        .onSuccess(s -> System.out.println("slow target ready " + s.actualPort()))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }
}

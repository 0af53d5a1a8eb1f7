import downcheck.dev.EmbeddedKafka;

/**
 * The Kafka broker of bench/run: {@code java -cp downcheck-dev.jar bench/Broker.java PORT}.
 * A real single-node KRaft broker on 127.0.0.1:PORT with its data in a temporary directory,
 * deleted again when the process is stopped (SIGTERM). Prints "broker ready HOST:PORT".
 */
public class Broker {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1", port);
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-stop"));
    System.out.println("broker ready " + kafka.bootstrapServers());
    System.out.flush();
    Thread.currentThread().join();
  }
}

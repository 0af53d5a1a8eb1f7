package downcheck.deploy;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/** The host's address on a Docker network (its gateway): what containers there reach the host at. */
final class DockerClientGateway {
  private DockerClientGateway() {}

  static String of(Network network) {
    String id = network.getId(); // creates the network
    return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(id).exec()
        .getIpam().getConfig().get(0).getGateway();
  }
}

#!/bin/bash
# One Kafka broker in KRaft combined mode (broker and controller in one process), configured
# the way the apache/kafka image is, so docker-compose.yml runs with either image: every
# KAFKA_X_Y variable becomes the setting x.y (KAFKA_A__B is a_b, KAFKA_A___B is a-b), over
# defaults for a single node; CLUSTER_ID names the cluster when the storage is formatted.
#
# With DOWNCHECK_CREDENTIALS=DIR (docker-compose.yml) the broker takes only SASL/SCRAM-SHA-512
# logins and authorizes with the StandardAuthorizer: DIR/admin/password is its own super user,
# DIR/agent/password and DIR/coordinator/password the two roles' users (downcheck-agent,
# downcheck-coordinator), all bootstrapped at format time (kafka-storage format --add-scram); once
# it serves, it grants each role the ACLs of docs/operations.md with kafka-acls' own class.
set -euo pipefail

conf=/var/lib/kafka/server.properties
declare -A props=(
  [node.id]=1
  [process.roles]=broker,controller
  [listeners]=PLAINTEXT://:9092,CONTROLLER://:9093
  [advertised.listeners]=PLAINTEXT://localhost:9092
  [controller.listener.names]=CONTROLLER
  [listener.security.protocol.map]=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
  [controller.quorum.voters]=1@localhost:9093
  [log.dirs]=/var/lib/kafka/data
  [offsets.topic.replication.factor]=1
  [transaction.state.log.replication.factor]=1
  [transaction.state.log.min.isr]=1
  [share.coordinator.state.topic.replication.factor]=1
  [share.coordinator.state.topic.min.isr]=1
  [group.initial.rebalance.delay.ms]=0
)
for var in $(compgen -e); do
  case "$var" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key=${var#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  props[${key//@/_}]=${!var}
done
: > "$conf"
for key in "${!props[@]}"; do
  printf '%s=%s\n' "$key" "${props[$key]}" >> "$conf"
done

# this project's image keeps the jars in lib/, apache/kafka in libs/
if [[ -d /opt/kafka/libs ]]; then
  classpath='/opt/kafka/config:/opt/kafka/libs/*'
else
  classpath='/opt/kafka/config:/opt/kafka/lib/*'
fi
creds=${DOWNCHECK_CREDENTIALS:-}
prefix=${DOWNCHECK_TOPIC_PREFIX:-downcheck.}
scram=()
if [[ -n "$creds" ]]; then
  for role in admin agent coordinator; do
    [[ -s "$creds/$role/password" ]] || { echo "start-kafka: $creds/$role/password is missing or empty" >&2; exit 1; }
  done
  admin_password=$(<"$creds/admin/password")
  jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin_password\";"
  {
    echo "sasl.enabled.mechanisms=SCRAM-SHA-512"
    echo "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512"
    echo "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=$jaas"
    echo "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    # the broker's own login; ANONYMOUS is the controller listener's, which listens on loopback only
    echo "super.users=User:admin;User:ANONYMOUS"
  } >> "$conf"
  admin_client=/tmp/downcheck-admin.properties
  ( umask 077; printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\n' "$jaas" \
    > "$admin_client" )
  scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$admin_password]"
    --add-scram "SCRAM-SHA-512=[name=downcheck-agent,password=$(<"$creds/agent/password")]"
    --add-scram "SCRAM-SHA-512=[name=downcheck-coordinator,password=$(<"$creds/coordinator/password")]")
fi
# A restarted container keeps its storage, its topics and its cluster id: format only an empty
# one (a new random id would not match the stored one, and the broker would not start).
first_log_dir=${props[log.dirs]%%,*}
if [[ ! -f "$first_log_dir/meta.properties" ]]; then
  # Kafka's cluster id: 16 random bytes, URL-safe base64 without padding; never one that starts
  # with '-' (as Kafka's own random ids never do), which the format tool would read as an option:
  # one start in 64 failed that way and the container restarted
  cluster_id=${CLUSTER_ID:-}
  while [[ -z "$cluster_id" || "$cluster_id" == -* ]] && [[ -z "${CLUSTER_ID:-}" ]]; do
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  java -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$conf" "${scram[@]}" >/dev/null
fi
if [[ -z "$creds" ]]; then
  # shellcheck disable=SC2086 # the options are words on purpose
  exec java -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError ${KAFKA_HEAP_OPTS:-} ${KAFKA_OPTS:-} \
    -cp "$classpath" kafka.Kafka "$conf"
fi

# the ACLs of docs/operations.md, granted once: they live in the cluster's metadata from then on
granted="${first_log_dir%/}.downcheck-acls-granted" # beside the log dir, whose content is Kafka's
acl() {
  java -cp "$classpath" org.apache.kafka.tools.AclCommand --bootstrap-server localhost:9092 \
    --command-config "$admin_client" --add "$@" >/dev/null
}
grant() {
  local group_prefix=${prefix//./-}
  acl --allow-principal User:downcheck-agent --operation Read --topic "${prefix}checks" --topic "${prefix}direct"
  acl --allow-principal User:downcheck-agent --operation Read --group "${group_prefix}region-" --resource-pattern-type prefixed
  acl --allow-principal User:downcheck-agent --operation Write --topic "${prefix}results" --topic "${prefix}agents"
  acl --allow-principal User:downcheck-coordinator --operation Read --operation Write --operation Create \
    --operation Describe --operation DescribeConfigs --topic "$prefix" --resource-pattern-type prefixed
  acl --allow-principal User:downcheck-coordinator --operation Read --group "${group_prefix}coordinators"
}
# shellcheck disable=SC2086 # the options are words on purpose
java -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError ${KAFKA_HEAP_OPTS:-} ${KAFKA_OPTS:-} \
  -cp "$classpath" kafka.Kafka "$conf" &
broker=$!
trap 'kill -TERM "$broker"; wait "$broker"' TERM INT
if [[ ! -f "$granted" ]]; then
  until grant; do
    kill -0 "$broker" 2>/dev/null || exit 1
    sleep 1
  done
  touch "$granted"
fi
wait "$broker"

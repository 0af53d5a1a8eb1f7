#!/bin/bash
# One Kafka broker in KRaft combined mode (broker and controller in one process), configured
# the way the apache/kafka image is, so docker-compose.yml runs with either image: every
# KAFKA_X_Y variable becomes the setting x.y (KAFKA_A__B is a_b, KAFKA_A___B is a-b), over
# defaults for a single node; CLUSTER_ID names the cluster when the storage is formatted.
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

classpath='/opt/kafka/config:/opt/kafka/lib/*'
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
  java -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$conf" >/dev/null
fi
# shellcheck disable=SC2086 # the options are words on purpose
exec java -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError ${KAFKA_HEAP_OPTS:-} ${KAFKA_OPTS:-} \
  -cp "$classpath" kafka.Kafka "$conf"

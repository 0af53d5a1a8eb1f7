#!/usr/bin/env bash
# Builds the images: downcheck/coordinator, downcheck/agent and downcheck/kafka (a broker from
# the project's own Kafka jars, for hosts that cannot pull apache/kafka).
#
#   deploy/build-images.sh                              # on a Java 17 base built here from Debian packages
#   BASE=eclipse-temurin:17-jre deploy/build-images.sh  # on a public JRE image, where a registry is reachable
#   deploy/build-images.sh base                         # only the local base image, when missing
#
# Builds the jars first when they are missing. Without BASE it uses the local base image
# (LOCAL_BASE, built with debootstrap and docker import when missing), since no registry may
# be reachable. TAG names the images' tag (default: latest).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TAG=${TAG:-latest}
LOCAL_BASE=${LOCAL_BASE:-downcheck/jre-base:17-bookworm}
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml)

log() { printf '%(%H:%M:%S)T %s\n' -1 "$*"; }

# The Debian mirror apt already uses here, so debootstrap needs nothing else.
debian_mirror() {
  local uri
  uri=$(grep -rhsE '^(URIs:|deb )' /etc/apt/sources.list.d /etc/apt/sources.list 2>/dev/null \
    | grep -oE 'https?://[^ ]*/debian/?( |$)' | head -n 1 | tr -d ' ')
  echo "${uri:-http://deb.debian.org/debian}"
}

build_local_base() {
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap (or give BASE=<a Java 17 image>)" >&2; exit 1; }
  local rootfs
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' RETURN
  log "building $LOCAL_BASE with debootstrap from $(debian_mirror)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates,iputils-ping,mtr-tiny \
    bookworm "$rootfs" "$(debian_mirror)" >/dev/null
  # what only the package manager needs: the runtime does not read it
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*
  tar -C "$rootfs" -c . | docker import \
    -c 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' - "$LOCAL_BASE" >/dev/null
  log "built $LOCAL_BASE"
}

if [[ "${1:-}" == base ]]; then
  docker image inspect "$LOCAL_BASE" >/dev/null 2>&1 || build_local_base
  exit 0
fi

if [[ ! -f probe-agent/target/downcheck-agent.jar || ! -f coordinator/target/downcheck-coordinator.jar ]]; then
  log "building the jars"
  mvn -B -q package -DskipTests -pl coordinator,probe-agent -am
fi
# copied again when the broker's pom (or the Kafka version in pom.xml) changed since: a checkout
# that copied them before kafka-tools joined would build a broker that cannot grant its ACLs
if [[ ! -d deploy/kafka/target/lib || deploy/kafka/pom.xml -nt deploy/kafka/target/lib || pom.xml -nt deploy/kafka/target/lib ]]; then
  log "copying the Kafka $KAFKA_VERSION broker jars"
  rm -rf deploy/kafka/target/lib
  mvn -B -q -f deploy/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory='${project.build.directory}/lib'
fi

if [[ -z "${BASE:-}" ]]; then
  BASE=$LOCAL_BASE
  docker image inspect "$BASE" >/dev/null 2>&1 || build_local_base
fi

for image in coordinator agent kafka; do
  tag="downcheck/$image:$TAG"
  [[ $image == kafka ]] && tag="downcheck/kafka:$KAFKA_VERSION"
  log "building $tag on $BASE"
  # its output only when it fails: the legacy builder's deprecation notice is noise here
  if ! out=$(docker build -q --build-arg "BASE=$BASE" -f "deploy/$image/Dockerfile" -t "$tag" . 2>&1); then
    echo "$out" >&2
    exit 1
  fi
done
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E '^downcheck/(coordinator|agent|kafka):' || true

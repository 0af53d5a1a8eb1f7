#!/usr/bin/env bash
# ./downcheck test [--no-install] [MAVEN_ARGS...]: sets this machine up for every layer of the
# tests, then runs `mvn -B verify` (with MAVEN_ARGS after it). A line per step, with the seconds
# since the start. What cannot be set up is one line per layer that cannot run, and exit 1: a
# layer is never skipped silently.
#
#   layer        needs                                   Debian packages
#   build, unit  Java 17, Maven, ping, mtr               openjdk-17-jdk-headless maven iputils-ping mtr-tiny
#   system       root, ip, iptables (network namespaces) iproute2 iptables
#   containers   a Docker engine, the local Java base    docker.io docker-compose debootstrap
#   browser      Chromium and ChromeDriver               chromium chromium-driver
#   monitoring   promtool (checks deploy/monitoring)     prometheus
#
# As root, missing packages are installed with apt-get and a Docker engine is started when none
# answers (its log in target/dockerd.log). --no-install only checks, and prints the one
# apt-get line a missing part needs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
step() { printf '== %s (%d s)\n' "$*" $((SECONDS - started)); }
cannot=()
cannot_run() { cannot+=("$1: cannot run: $2"); }

install=true
if [[ "${1:-}" == --no-install ]]; then
  install=false
  shift
fi
root=false
[[ $(id -u) -eq 0 ]] && root=true

# What each layer needs: "command package" pairs (a path for the browser, which must be Debian's).
declare -A layer_needs=(
  [build]="java:openjdk-17-jdk-headless mvn:maven ping:iputils-ping mtr:mtr-tiny"
  [system]="ip:iproute2 iptables:iptables"
  [containers]="dockerd:docker.io docker-compose:docker-compose debootstrap:debootstrap"
  [browser]="/usr/bin/chromium:chromium /usr/bin/chromedriver:chromium-driver"
  [monitoring]="promtool:prometheus"
)
layers=(build system containers browser monitoring)

present() {
  if [[ $1 == /* ]]; then [[ -x $1 ]]; else command -v "$1" >/dev/null 2>&1; fi
}

missing_packages() {
  local layer=$1 pair
  for pair in ${layer_needs[$layer]}; do
    present "${pair%%:*}" || printf '%s ' "${pair##*:}"
  done
}

step "checking what each layer of the tests needs"
need=()
for layer in "${layers[@]}"; do
  pkgs=$(missing_packages "$layer")
  [[ -n $pkgs ]] && need+=($pkgs)
done
if [[ ${#need[@]} -gt 0 ]]; then
  if $install && $root; then
    step "installing ${need[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; }; then
      echo "apt-get could not install ${need[*]}" >&2
    fi
  fi
  for layer in "${layers[@]}"; do
    pkgs=$(missing_packages "$layer")
    [[ -n $pkgs ]] && cannot_run "$layer" "missing ${pkgs% } (apt-get install -y ${pkgs% })"
  done
fi
$root || cannot_run system "network namespaces need root"

if present dockerd && ! docker info >/dev/null 2>&1; then
  if $install && $root; then
    step "no Docker engine answers: starting dockerd (log: target/dockerd.log)"
    mkdir -p target
    nohup dockerd >target/dockerd.log 2>&1 &
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    docker info >/dev/null 2>&1 || cannot_run containers "dockerd did not answer within 60 s (target/dockerd.log)"
  else
    cannot_run containers "no Docker engine answers this user (start dockerd as root)"
  fi
fi

if [[ ${#cannot[@]} -gt 0 ]]; then
  printf '%s\n' "${cannot[@]}" >&2
  echo "downcheck test: not run; set the machine up as above (as root, ./downcheck test does it)" >&2
  exit 1
fi

java -version 2>&1 | sed -n 1p
mvn -v 2>&1 | sed -n 1p
docker version --format 'Docker {{.Server.Version}}'

# No image can be pulled here: the images build on a local Java base (debootstrap, about a
# minute, once); the container tests build the project's images from the jars verify packages.
step "the local Java base image for the container tests"
deploy/build-images.sh base

step "mvn -B verify${*:+ $*}"
status=0
mvn -B verify "$@" || status=$?
step "done: mvn -B verify exited $status"
exit $status

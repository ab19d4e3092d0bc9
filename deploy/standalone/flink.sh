#!/usr/bin/env bash
# A Flink standalone session cluster on 127.0.0.1 from Maven jars: one JobManager and one TaskManager
# JVM, and the `flink` command line (CliFrontend) to submit jobs to it.
#
#   deploy/standalone/flink.sh start [SLOTS]     start the cluster (REST and web UI on 127.0.0.1:8081)
#   deploy/standalone/flink.sh run ARGS...       `flink run ARGS...` against it
#   deploy/standalone/flink.sh list|cancel ID    `flink list`, `flink cancel ID`
#   deploy/standalone/flink.sh stop              stop both JVMs
#
# State (config, logs, pids) lives under deploy/standalone/target/cluster. FLINK_REST_PORT changes the port.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/target/lib"
work="$here/target/cluster"
conf="$work/conf"
port="${FLINK_REST_PORT:-8081}"
opens=(--add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
       --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED)

ensure_lib() {
  if [[ ! -d "$lib" ]]; then
    echo "flink.sh: fetching Flink's jars with Maven..." >&2
    mvn -B -q -f "$here/pom.xml" package >&2
  fi
}

write_conf() {
  local slots="$1"
  mkdir -p "$conf" "$work/log" "$work/tmp"
  cat > "$conf/config.yaml" <<YAML
jobmanager:
  rpc: {address: 127.0.0.1, port: 6123}
  bind-host: 127.0.0.1
  memory: {process: {size: 1024m}}
taskmanager:
  host: 127.0.0.1
  bind-host: 127.0.0.1
  numberOfTaskSlots: $slots
  memory: {process: {size: 2048m}}
rest:
  address: 127.0.0.1
  bind-address: 127.0.0.1
  port: $port
parallelism: {default: 1}
io: {tmp: {dirs: $work/tmp}}
execution:
  checkpointing: {dir: file://$work/checkpoints}
YAML
  cat > "$conf/log4j.properties" <<'LOG'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n
LOG
  cp "$conf/log4j.properties" "$conf/log4j-cli.properties"
}

wait_rest() {
  for _ in $(seq 1 120); do
    # No pipe into grep -q: under pipefail an early exit of grep could fail curl with SIGPIPE.
    local body
    body="$(curl -sf "http://127.0.0.1:$port/taskmanagers" || true)"
    if [[ "$body" == *'"id"'* ]]; then
      return 0
    fi
    sleep 1
  done
  echo "flink.sh: cluster not ready after 120 s; see $work/log" >&2
  return 1
}

start() {
  ensure_lib
  write_conf "${1:-2}"
  local cp="$lib/*"
  java -Xmx768m "${opens[@]}" -Dlog.file="$work/log/jobmanager.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    -cp "$cp" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf" \
    > "$work/log/jobmanager.out" 2>&1 &
  echo $! > "$work/jobmanager.pid"
  # The TaskManager's memory settings are derived the way Flink's own scripts derive them.
  local params jvm dynamic
  params="$(java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS --configDir "$conf" 2>/dev/null \
            | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  jvm="$(echo "$params" | sed -n 1p)"
  dynamic="$(echo "$params" | sed -n 2p)"
  # shellcheck disable=SC2086
  java $jvm "${opens[@]}" -Dlog.file="$work/log/taskmanager.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    -cp "$cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" $dynamic \
    > "$work/log/taskmanager.out" 2>&1 &
  echo $! > "$work/taskmanager.pid"
  wait_rest
  echo "Flink cluster up: http://127.0.0.1:$port (logs: $work/log)"
}

cli() {
  ensure_lib
  [[ -f "$conf/config.yaml" ]] || { echo "flink.sh: start the cluster first" >&2; exit 1; }
  FLINK_CONF_DIR="$conf" java "${opens[@]}" -Dlog.file="$work/log/client.log" -Dlog4j.configurationFile="file:$conf/log4j-cli.properties" \
    -cp "$lib/*" org.apache.flink.client.cli.CliFrontend "$@"
}

stop() {
  for p in taskmanager jobmanager; do
    if [[ -f "$work/$p.pid" ]]; then
      kill "$(cat "$work/$p.pid")" 2>/dev/null || true
      rm -f "$work/$p.pid"
    fi
  done
  echo "Flink cluster stopped"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  run|list|cancel|info) cli "$@" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac

#!/usr/bin/env bash
# A Flink standalone session cluster on 127.0.0.1 from Maven jars: one JobManager and one or more
# TaskManager JVMs, and the `flink` command line (CliFrontend) to submit jobs to it.
#
#   deploy/standalone/flink.sh start [SLOTS] [TMS]  start the cluster (REST and web UI on 127.0.0.1:8081)
#   deploy/standalone/flink.sh run ARGS...          `flink run ARGS...` against it
#   deploy/standalone/flink.sh list|cancel ID       `flink list`, `flink cancel ID`
#   deploy/standalone/flink.sh taskmanager start    start one more TaskManager
#   deploy/standalone/flink.sh taskmanager kill [N] SIGKILL TaskManager N (default: the oldest running)
#   deploy/standalone/flink.sh jobmanager start|kill  start the JobManager again, or SIGKILL it
#   deploy/standalone/flink.sh stop                 stop every JVM
#
# State (config, logs, pids) lives under deploy/standalone/target/cluster (FLINK_WORK changes it).
# FLINK_REST_PORT changes the port; FLINK_EXTRA_CONF is appended to the generated config.yaml (for
# example high availability or a metrics reporter).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/target/lib"
work="${FLINK_WORK:-$here/target/cluster}"
conf="$work/conf"
port="${FLINK_REST_PORT:-8081}"
opens=(--add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
       --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED)

ensure_lib() {
  if [[ ! -d "$lib" || "$here/pom.xml" -nt "$lib" ]]; then
    rm -rf "$lib"
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
  if [[ -n "${FLINK_EXTRA_CONF:-}" ]]; then
    printf '%s\n' "$FLINK_EXTRA_CONF" >> "$conf/config.yaml"
  fi
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

start_jobmanager() {
  local n=1
  while [[ -f "$work/log/jobmanager-$n.log" ]]; do n=$((n + 1)); done
  java -Xmx768m "${opens[@]}" -Dlog.file="$work/log/jobmanager-$n.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    -cp "$lib/*" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf" \
    > "$work/log/jobmanager-$n.out" 2>&1 &
  echo $! > "$work/jobmanager.pid"
}

# Starts one more TaskManager, numbered after the ones started before (taskmanager-N.pid, -N.log).
start_taskmanager() {
  local n=1
  while [[ -f "$work/log/taskmanager-$n.log" || -f "$work/taskmanager-$n.pid" ]]; do n=$((n + 1)); done
  # The TaskManager's memory settings are derived the way Flink's own scripts derive them.
  local params jvm dynamic
  params="$(java -cp "$lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS --configDir "$conf" 2>/dev/null \
            | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  jvm="$(echo "$params" | sed -n 1p)"
  dynamic="$(echo "$params" | sed -n 2p)"
  # shellcheck disable=SC2086
  java $jvm "${opens[@]}" -Dlog.file="$work/log/taskmanager-$n.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    -cp "$lib/*" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" $dynamic \
    > "$work/log/taskmanager-$n.out" 2>&1 &
  echo $! > "$work/taskmanager-$n.pid"
  echo "taskmanager $n: pid $!"
}

# SIGKILL of TaskManager N, or of the oldest one still running.
kill_taskmanager() {
  local pidfile
  if [[ -n "${1:-}" ]]; then pidfile="$work/taskmanager-$1.pid"; else pidfile="$(ls "$work"/taskmanager-*.pid 2>/dev/null | sort -V | head -1)"; fi
  [[ -n "$pidfile" && -f "$pidfile" ]] || { echo "flink.sh: no such TaskManager running" >&2; return 1; }
  if kill -9 "$(cat "$pidfile")" 2>/dev/null; then
    echo "killed $(basename "$pidfile" .pid) (pid $(cat "$pidfile"))"
  else
    echo "flink.sh: $(basename "$pidfile" .pid) (pid $(cat "$pidfile")) was not running" >&2
    rm -f "$pidfile"
    return 1
  fi
  rm -f "$pidfile"
}

start() {
  ensure_lib
  if curl -sf "http://127.0.0.1:$port/config" >/dev/null 2>&1; then
    echo "flink.sh: something already answers on port $port (another cluster?); stop it first" >&2
    return 1
  fi
  rm -rf "$work/log"
  write_conf "${1:-2}"
  start_jobmanager
  for _ in $(seq 1 "${2:-1}"); do start_taskmanager >/dev/null; done
  wait_rest
  echo "Flink cluster up: http://127.0.0.1:$port (logs: $work/log)"
}

cli() {
  ensure_lib
  [[ -f "$conf/config.yaml" ]] || { echo "flink.sh: start the cluster first" >&2; exit 1; }
  FLINK_CONF_DIR="$conf" java "${opens[@]}" -Dlog.file="$work/log/client.log" -Dlog4j.configurationFile="file:$conf/log4j-cli.properties" \
    -cp "$lib/*" org.apache.flink.client.cli.CliFrontend "$@"
}

# Stops every JVM of the cluster: TERM, then KILL for any still running after 20 s.
stop() {
  local pids=() f
  for f in "$work"/taskmanager*.pid "$work/jobmanager.pid"; do
    if [[ -f "$f" ]]; then
      pids+=("$(cat "$f")")
      rm -f "$f"
    fi
  done
  if (( ${#pids[@]} )); then
    kill "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "${pids[@]}" 2>/dev/null || break; sleep 1; done
    kill -9 "${pids[@]}" 2>/dev/null || true
  fi
  echo "Flink cluster stopped"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  taskmanager)
    case "${2:-}" in
      start) start_taskmanager ;;
      kill) kill_taskmanager "${3:-}" ;;
      *) echo "flink.sh taskmanager start|kill [N]" >&2; exit 2 ;;
    esac ;;
  jobmanager)
    case "${2:-}" in
      start) start_jobmanager; wait_rest ;;
      kill) kill -9 "$(cat "$work/jobmanager.pid")" && rm -f "$work/jobmanager.pid" && echo "killed the jobmanager" ;;
      *) echo "flink.sh jobmanager start|kill" >&2; exit 2 ;;
    esac ;;
  stop) stop ;;
  run|list|cancel|info) cli "$@" ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac

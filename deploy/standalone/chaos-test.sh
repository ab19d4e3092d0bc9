#!/usr/bin/env bash
# The chaos suite: the jobs jar on the standalone cluster (JobManager and TaskManager JVMs), reading a
# simulated fleet from the embedded Kafka broker, under the faults an operator meets. Each scenario
# compares the Parquet history with a clean `vigil replay` of the same fleet and prints one line:
#
#   CHAOS <scenario> ok|FAILED key=value ...
#
# Scenarios (default: all of the short suite, `tm-kill backlog`):
#   tm-kill       SIGKILL of a TaskManager mid-stream, a fresh one started; with the webhook receiver
#                 down for the first WEBHOOK_DOWN seconds (120) and the alert topic read read_committed
#   tm-lost       two TaskManagers, one killed and not replaced: the job finishes on the survivor
#   broker        the Kafka broker stopped for 60 s mid-stream, started again on its port and log folder
#   jm-ha         JobManager SIGKILLed and started again, with ZooKeeper high availability (Debian's
#                 zookeeper package, started on 127.0.0.1): the job resumes from its last checkpoint
#   backlog       a fleet-day already in Kafka (BACKLOG_HOSTS, 40; BACKLOG_SLOTS x BACKLOG_TMS, 2 x 1), the job started at earliest: no
#                 OutOfMemoryError, no restart, every row once, every incident; peak heap and time
#
#   deploy/standalone/chaos-test.sh [SCENARIO...]
#
# Everything listens on 127.0.0.1 and is stopped at the end. Every wait is bounded. Sizes: HOSTS (20)
# hosts over a DURATION (24h) day for the fault scenarios; JOB_SETTINGS adds `--set key=value` words to
# every submission (e.g. JOB_SETTINGS="--set watermark.max-drift=5min"). Exit status 1 when any scenario failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/deploy/standalone"
jar="$root/jobs/target/vigil-jobs-0.1.0-SNAPSHOT-flink.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -DskipTests install)
vigil="$root/vigil"
base="$(mktemp -d)"
hosts="${HOSTS:-20}"
duration="${DURATION:-24h}"
webhook_down="${WEBHOOK_DOWN:-120}"
rest="http://127.0.0.1:${FLINK_REST_PORT:-8081}"
failed=0

log() { echo "chaos: $*" >&2; }

# Stops whatever a scenario left running (Flink, Kafka, ZooKeeper, the receiver): TERM, then KILL after 15 s.
teardown() {
  local pids=() p
  for p in "$base"/flink/*.pid "$base"/*.pid; do [[ -f "$p" ]] && pids+=("$(cat "$p")") && rm -f "$p"; done
  (( ${#pids[@]} )) || return 0
  kill "${pids[@]}" 2>/dev/null
  for _ in $(seq 1 15); do kill -0 "${pids[@]}" 2>/dev/null || return 0; sleep 1; done
  kill -9 "${pids[@]}" 2>/dev/null
  return 0
}

cleanup() {
  teardown
  if [[ "$failed" == 0 ]]; then rm -rf "$base"; else log "kept $base for a look (logs in flink/log)"; fi
}
trap cleanup EXIT

flink() { FLINK_WORK="$base/flink" "$here/flink.sh" "$@"; }

# A start time near now, so the records are recent (as a live fleet's are).
fleet_start() { date -u -d "-$(( ${1%h} + 2 )) hours" +%Y-%m-%dT%H:00:00Z; }

# start_kafka NAME ARGS...: `vigil kafka` in the background; sets $bootstrap and $published_* .
start_kafka() {
  local name="$1"; shift
  "$vigil" kafka "$@" > "$base/$name.kafka.out" 2>&1 &
  echo $! > "$base/$name.kafka.pid"
  for _ in $(seq 1 300); do grep -q '^bootstrap.servers=' "$base/$name.kafka.out" && break; sleep 1; done
  bootstrap="$(sed -n 's/^bootstrap.servers=//p' "$base/$name.kafka.out")"
  [[ -n "$bootstrap" ]] || { log "Kafka did not start"; cat "$base/$name.kafka.out" >&2; return 1; }
  published_metrics=$(sed -n 's/^published \([0-9,]*\) metric samples.*/\1/p' "$base/$name.kafka.out" | tr -d ,)
  published_logs=$(sed -n 's/.* and \([0-9,]*\) log lines/\1/p' "$base/$name.kafka.out" | tr -d ,)
}

# Stops a broker started by start_kafka and waits (at most 60 s) until it has written its log and exited.
stop_kafka() {
  local pid; pid="$(cat "$base/$1.kafka.pid")"
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$base/$1.kafka.pid"
}

# The clean replay of the same fleet, once per fleet: $base/replay-<hosts>-<start>/history.
replay_of() {
  local hosts="$1" start="$2" out="$base/replay-$1-$2"
  if [[ ! -d "$out/history" ]]; then
    "$vigil" simulate --hosts "$hosts" --duration "$duration" --start "$start" --out "$out/fleet" >/dev/null
    "$vigil" replay --input "$out/fleet/metrics.jsonl" "$out/fleet/syslog.log" --out "$out" --set alerts.console=false \
      > "$out.log" 2>&1 || { log "the clean replay failed; see $out.log"; tail -5 "$out.log" >&2; }
  fi
  echo "$out/history"
}

# submit NAME [--set k=v ...]: the jobs jar with -p 2 against $bootstrap; sets $job.
submit() {
  local name="$1"; shift
  flink run -d -p 2 "$jar" --config "$root/config/vigil.yaml" \
    --set kafka.bootstrap-servers="$bootstrap" --set kafka.starting-offsets=earliest --set kafka.group-id="chaos-$name" \
    --set history.path="$base/$name/history" --set checkpoint.interval=5s --set alerts.console=false "$@" ${JOB_SETTINGS:-} \
    > "$base/$name.run.out" 2>&1
  job="$(grep -o 'JobID [0-9a-f]*' "$base/$name.run.out" | awk '{print $2}')"
  [[ -n "$job" ]] || { log "submission failed"; cat "$base/$name.run.out" >&2; return 1; }
}

# finish NAME: cancels the job and stops the cluster, the scenario's broker and anything else it started.
finish() {
  flink cancel "$job" >/dev/null 2>&1
  flink stop >/dev/null
  stop_kafka "$1"
  teardown
}

scalar() { "$vigil" sql --history "$1" --format csv "$2" 2>/dev/null | tail -1 | tr -d '\r'; }

# wait_rows HISTORY EXPECTED SECONDS: until the metrics table holds EXPECTED rows (or the time is up).
wait_rows() {
  local deadline=$(( $(date +%s) + $3 )) n=0
  while (( $(date +%s) < deadline )); do
    n=$(scalar "$1" "SELECT count(*) FROM metrics" || echo 0)
    [[ "$n" == "$2" ]] && return 0
    sleep 5
  done
  log "only $n of $2 metric rows after $3 s"
  return 1
}

# recovery_after EPOCH SECONDS: seconds from EPOCH (a kill) to the first checkpoint completed after it,
# or nothing when none completes within SECONDS.
recovery_after() {
  local latest
  for _ in $(seq 1 "$2"); do
    latest=$(curl -sf "$rest/jobs/$job/checkpoints" | python3 -c 'import json,sys; c=json.load(sys.stdin)["latest"]["completed"]; print(c["latest_ack_timestamp"]//1000 if c else 0)' 2>/dev/null || echo 0)
    if (( latest > $1 )); then echo $(( latest - $1 )); return 0; fi
    sleep 1
  done
}

restarts() { curl -sf "$rest/jobs/$job/exceptions" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("exceptionHistory",{}).get("entries",[])))' 2>/dev/null || echo "?"; }

# compare HISTORY REPLAY: every row exactly once, and the replay's incidents and alerts (those
# that began at least 30 minutes before the last record) all present. Prints key=value figures.
compare() {
  python3 "$here/compare-history.py" "$vigil" "$1" "$2"
}

result() {
  local name="$1" ok="$2"; shift 2
  if [[ "$ok" == 0 ]]; then echo "CHAOS $name ok $*"; else echo "CHAOS $name FAILED $*"; failed=1; fi
}

scenario_tm_kill() {
  local start; start="$(fleet_start "$duration")"
  start_kafka tm-kill --simulate --hosts "$hosts" --duration "$duration" --start "$start" || return 1
  local hook_port=$(( 20000 + RANDOM % 20000 ))
  cat > "$base/routing.yaml" <<YAML
route:
  receiver: chaos
  group_by: [alertname, host]
  group_wait: 5s
  group_interval: 30s
  repeat_interval: 4h
receivers:
  - name: chaos
    webhook_configs:
      - url: http://127.0.0.1:$hook_port/hook
YAML
  flink start 2 1 >/dev/null || return 1
  submit tm-kill --set alerts.routing="$base/routing.yaml" --set kafka.topics.alerts=vigil.alerts \
    --set alerts.delivery.backoff-max=10s || return 1
  local t0; t0=$(date +%s)
  # The receiver is down from the start; it comes up after $webhook_down s.
  sleep 30
  local before; before=$(scalar "$base/tm-kill/history" "SELECT count(*) FROM metrics")
  flink taskmanager kill >/dev/null
  local killed; killed=$(date +%s)
  flink taskmanager start >/dev/null
  local recovered; recovered=$(recovery_after "$killed" 120)
  local wait_hook=$(( t0 + webhook_down - $(date +%s) ))
  (( wait_hook > 0 )) && sleep "$wait_hook"
  python3 "$here/webhook-receiver.py" "$hook_port" "$base/hook.jsonl" > /dev/null 2>&1 &
  echo $! > "$base/hook.pid"
  local ok=0
  [[ -n "$recovered" ]] || { log "no checkpoint completed after the kill"; ok=1; }
  (( before < published_metrics )) || { log "the kill came after the last record ($before rows): it did not land mid-stream"; ok=1; }
  wait_rows "$base/tm-kill/history" "$published_metrics" 600 || ok=1
  # Let deliveries that were waiting for the receiver drain.
  sleep 45
  local figures; figures=$(compare "$base/tm-kill/history" "$(replay_of "$hosts" "$start")") || ok=1
  "$vigil" kafka dump --bootstrap-servers "$bootstrap" --topic vigil.alerts > "$base/alert-topic.jsonl" 2>/dev/null
  local delivery; delivery=$(python3 "$here/compare-delivery.py" "$vigil" "$base/tm-kill/history" "$base/hook.jsonl" \
    "$base/alert-topic.jsonl" 5 30) || ok=1
  finish tm-kill
  result tm-kill "$ok" "rows_at_kill=$before recovery_s=${recovered:-none} $figures $delivery"
}

scenario_tm_lost() {
  local start; start="$(fleet_start "$duration")"
  start_kafka tm-lost --simulate --hosts "$hosts" --duration "$duration" --start "$start" || return 1
  # Two TaskManagers with two slots each: either one alone can run the job at parallelism 2.
  flink start 2 2 >/dev/null || return 1
  submit tm-lost || return 1
  sleep 30
  # Kill one that runs part of the job: found by its RPC port among the TaskManagers with slots in use.
  local port pid n victim=""
  port=$(curl -sf "$rest/taskmanagers" | python3 -c 'import json,sys; t=[x for x in json.load(sys.stdin)["taskmanagers"] if x["freeSlots"] < x["slotsNumber"]]; print(t[0]["path"].split("@")[1].split("/")[0].split(":")[1] if t else "")')
  pid=$(ss -ltnpH "sport = :${port:-0}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  for n in 1 2; do [[ -n "$pid" && "$(cat "$base/flink/taskmanager-$n.pid" 2>/dev/null)" == "$pid" ]] && victim=$n; done
  [[ -n "$victim" ]] || { log "no TaskManager with slots in use found (port '$port', pid '$pid')"; return 1; }
  flink taskmanager kill "$victim" >/dev/null
  local ok=0
  wait_rows "$base/tm-lost/history" "$published_metrics" 600 || ok=1
  local figures; figures=$(compare "$base/tm-lost/history" "$(replay_of "$hosts" "$start")") || ok=1
  local r; r=$(restarts)
  [[ "$r" =~ ^[0-9]+$ ]] && (( r >= 1 )) || { log "the job did not restart ($r): the killed TaskManager ran none of it"; ok=1; }
  finish tm-lost
  result tm-lost "$ok" "restarts=$r $figures"
}

scenario_broker() {
  local start; start="$(fleet_start "$duration")"
  local port=$(( 20000 + RANDOM % 20000 ))
  start_kafka broker --simulate --hosts "$hosts" --duration "$duration" --start "$start" --port "$port" --log-dir "$base/broker-log" || return 1
  local metrics="$published_metrics"
  flink start 2 1 >/dev/null || return 1
  submit broker || return 1
  sleep 30
  stop_kafka broker
  log "broker stopped; starting it again in 60 s"
  sleep 60
  start_kafka broker --port "$port" --log-dir "$base/broker-log" || return 1
  local ok=0
  wait_rows "$base/broker/history" "$metrics" 600 || ok=1
  local figures; figures=$(compare "$base/broker/history" "$(replay_of "$hosts" "$start")") || ok=1
  finish broker
  result broker "$ok" "$figures"
}

scenario_jm_ha() {
  local zk=/usr/share/zookeeper/bin/zkServer.sh
  [[ -x "$zk" ]] || { log "jm-ha needs Debian's zookeeper package (apt-get install zookeeper)"; return 1; }
  local start; start="$(fleet_start "$duration")"
  start_kafka jm-ha --simulate --hosts "$hosts" --duration "$duration" --start "$start" || return 1
  local zk_port=$(( 20000 + RANDOM % 20000 ))
  mkdir -p "$base/zk/data"
  printf 'tickTime=2000\ndataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n' \
    "$base/zk/data" "$zk_port" > "$base/zk/zoo.cfg"
  ZOO_LOG_DIR="$base/zk" "$zk" start-foreground "$base/zk/zoo.cfg" > "$base/zk/out" 2>&1 &
  echo $! > "$base/zk.pid"
  FLINK_EXTRA_CONF="high-availability: {type: zookeeper, storageDir: 'file://$base/flink/ha', zookeeper: {quorum: '127.0.0.1:$zk_port', path.root: /vigil-chaos}}" \
    flink start 2 1 >/dev/null || return 1
  submit jm-ha || return 1
  sleep 30
  local before; before=$(scalar "$base/jm-ha/history" "SELECT count(*) FROM metrics")
  flink jobmanager kill >/dev/null
  local killed; killed=$(date +%s)
  sleep 5
  flink jobmanager start >/dev/null
  local recovered; recovered=$(recovery_after "$killed" 180)
  local ok=0
  [[ -n "$recovered" ]] || { log "no checkpoint completed after the JobManager came back"; ok=1; }
  (( before < published_metrics )) || { log "the kill came after the last record ($before rows)"; ok=1; }
  wait_rows "$base/jm-ha/history" "$published_metrics" 600 || ok=1
  sleep 15
  local figures; figures=$(compare "$base/jm-ha/history" "$(replay_of "$hosts" "$start")") || ok=1
  finish jm-ha
  result jm-ha "$ok" "rows_at_kill=$before recovery_s=${recovered:-none} $figures"
}

scenario_backlog() {
  local bhosts="${BACKLOG_HOSTS:-40}"
  local start; start="$(fleet_start "$duration")"
  start_kafka backlog --simulate --broken --hosts "$bhosts" --duration "$duration" --start "$start" || return 1
  # With Flink's Prometheus reporter, scraped once at the end: the dead-letter counter must have moved.
  # BACKLOG_SLOTS x BACKLOG_TMS: 2 slots on one TaskManager by default; 1 x 2 measures two TaskManager JVMs
  # (docs/benchmarks.md, scaling; the peak heap is then the first TaskManager's).
  FLINK_EXTRA_CONF="$(cat "$root/deploy/prometheus/flink-reporter.yaml")" flink start "${BACKLOG_SLOTS:-2}" "${BACKLOG_TMS:-1}" >/dev/null || return 1
  local t0; t0=$(date +%s)
  submit backlog || return 1
  local tm; tm=$(curl -sf "$rest/taskmanagers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["taskmanagers"][0]["id"])')
  local peak=0 n=0 deadline=$(( t0 + 900 )) i=0 ok=1
  while (( $(date +%s) < deadline )); do
    sleep 2
    local heap
    heap=$(curl -sf "$rest/taskmanagers/$tm/metrics?get=Status.JVM.Memory.Heap.Used" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)[0]["value"])//1048576)' 2>/dev/null || echo 0)
    (( heap > peak )) && peak=$heap
    i=$(( i + 1 ))
    (( i % 8 == 0 )) || continue
    n=$(scalar "$base/backlog/history" "SELECT count(*) FROM metrics" || echo 0)
    [[ "$n" == "$published_metrics" ]] && { ok=0; break; }
  done
  local took=$(( $(date +%s) - t0 ))
  local r; r=$(restarts)
  local oom; oom=$(grep -c OutOfMemoryError "$base"/flink/log/taskmanager-*.log 2>/dev/null | awk -F: '{s+=$NF} END {print s+0}')
  [[ "$r" == 0 && "$oom" == 0 ]] || ok=1
  local dead=0 port scraped
  for port in $(seq 9249 9260); do
    scraped=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '/^flink_taskmanager_job_task_operator_deserializer_vigil_deadLetters[{ ]/ {s += $NF} END {print s + 0}')
    dead=$(( dead + ${scraped%.*} ))
  done
  (( dead >= 5 )) || { log "the Prometheus reporter's vigil_deadLetters counters sum to $dead, 5 broken records were sent"; ok=1; }
  local figures; figures=$(compare "$base/backlog/history" "$(replay_of "$bhosts" "$start")") || ok=1
  finish backlog
  result backlog "$ok" "hosts=$bhosts metrics=$n of $published_metrics seconds=$took peak_heap_mb=$peak restarts=$r ooms=$oom prometheus_dead_letters=$dead $figures"
}

scenarios=("$@")
(( ${#scenarios[@]} )) || scenarios=(tm-kill backlog)
for s in "${scenarios[@]}"; do
  teardown
  case "$s" in
    tm-kill) scenario_tm_kill || result tm-kill 1 "setup failed" ;;
    tm-lost) scenario_tm_lost || result tm-lost 1 "setup failed" ;;
    broker) scenario_broker || result broker 1 "setup failed" ;;
    jm-ha) scenario_jm_ha || result jm-ha 1 "setup failed" ;;
    backlog) scenario_backlog || result backlog 1 "setup failed" ;;
    *) echo "chaos-test.sh: unknown scenario '$s'; known: tm-kill tm-lost broker jm-ha backlog" >&2; exit 2 ;;
  esac
done
teardown
exit "$failed"

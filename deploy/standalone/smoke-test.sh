#!/usr/bin/env bash
# Submits the Vigil jobs jar to a real standalone Flink cluster (JobManager and TaskManager JVMs) with
# `flink run`, reading a local Kafka broker that holds a simulated fleet, and checks that history
# arrives in Parquet, committed by the cluster's checkpoints. Everything listens on 127.0.0.1 and is
# stopped at the end. Bounded: gives up after about 4 minutes of waiting for history.
#
#   deploy/standalone/smoke-test.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/deploy/standalone"
work="$(mktemp -d)"
jar="$root/jobs/target/vigil-jobs-0.1.0-SNAPSHOT-flink.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -DskipTests install)
started=$(date +%s)

cleanup() {
  "$here/flink.sh" stop >/dev/null 2>&1 || true
  [[ -n "${kafka_pid:-}" ]] && kill "$kafka_pid" 2>/dev/null && wait "$kafka_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/vigil" kafka --simulate --hosts 3 --duration 6h --hold 10m > "$work/kafka.out" 2>&1 &
kafka_pid=$!
"$here/flink.sh" start 2
for _ in $(seq 1 120); do grep -q '^bootstrap.servers=' "$work/kafka.out" && break; sleep 1; done
bootstrap="$(sed -n 's/^bootstrap.servers=//p' "$work/kafka.out")"
[[ -n "$bootstrap" ]] || { echo "smoke: Kafka did not start"; cat "$work/kafka.out"; exit 1; }
echo "smoke: Kafka at $bootstrap; $(grep published "$work/kafka.out")"

"$here/flink.sh" run -d -p 2 "$jar" --config "$root/config/vigil.yaml" \
  --set kafka.bootstrap-servers="$bootstrap" --set kafka.starting-offsets=earliest \
  --set history.path="$work/history" --set checkpoint.interval=5s --set alerts.console=false \
  | tee "$work/run.out"
job="$(grep -o 'JobID [0-9a-f]*' "$work/run.out" | awk '{print $2}')"
[[ -n "$job" ]] || { echo "smoke: submission failed"; exit 1; }

expected=$(( 3 * 720 * 11 ))   # 3 hosts, 6 h at 30 s, 11 series per host
# Alerts need the watermark, which the empty security topic holds back until watermark.idleness (1 min).
n=0; alerts=0
for _ in $(seq 1 90); do
  sleep 2
  n=$("$root/vigil" sql --history "$work/history" --format csv "SELECT count(*) FROM metrics" 2>/dev/null | tail -1 | tr -d '\r' || echo 0)
  alerts=$("$root/vigil" sql --history "$work/history" --format csv "SELECT count(*) FROM alerts WHERE status = 'firing'" 2>/dev/null | tail -1 | tr -d '\r' || echo 0)
  if [[ "$n" == "$expected" && "$alerts" -ge 1 ]]; then break; fi
done
"$here/flink.sh" cancel "$job" >/dev/null
echo "smoke: job $job on the standalone cluster wrote $n of $expected metric rows and $alerts firing alerts in $(( $(date +%s) - started )) s"
[[ "$n" == "$expected" && "$alerts" -ge 1 ]]

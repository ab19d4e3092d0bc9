#!/usr/bin/env python3
"""Compares a cluster run's Parquet history with a clean replay's (chaos-test.sh).

    compare-history.py VIGIL ACTUAL_HISTORY REPLAY_HISTORY

Checks, and prints as key=value on one line:
- events: per kind, the cluster's row count equals the replay's (nothing lost), and equals its own
  distinct count as in the replay (nothing doubled);
- incidents and alerts: every incident the replay opened and every alert it fired that began at least
  30 minutes before the last record is in the cluster's history, once.
Exit status 1 when a check fails; the failing check is named on stderr.
"""
import csv
import io
import subprocess
import sys

vigil, actual, replay = sys.argv[1:4]

EVENTS = """SELECT kind, count(*) AS n,
  count(DISTINCT (time, host, coalesce(name, ''), coalesce(labels::VARCHAR, ''), coalesce(value, 0),
                  coalesce(message, ''), coalesce(action, ''), coalesce(user, ''), coalesce(source_ip, ''))) AS d
FROM events GROUP BY kind ORDER BY kind"""
SETTLED = "(SELECT max(time) - INTERVAL 30 MINUTE FROM events)"
INCIDENTS = f"""SELECT rule_id, group_key::VARCHAR AS g, first_time::VARCHAR AS t FROM incidents
WHERE status = 'open' AND first_time <= {SETTLED} ORDER BY ALL"""
ALERTS = f"""SELECT alertname, fingerprint, starts_at::VARCHAR AS t FROM alerts
WHERE status = 'firing' AND starts_at <= {SETTLED} ORDER BY ALL"""


def query(history, sql):
    out = subprocess.run([vigil, "sql", "--history", history, "--format", "csv", sql],
                         capture_output=True, text=True, check=True).stdout
    rows = list(csv.reader(io.StringIO(out)))
    return [tuple(r) for r in rows[1:]]


failures = []
figures = {}
a_events = {r[0]: (int(r[1]), int(r[2])) for r in query(actual, EVENTS)}
r_events = {r[0]: (int(r[1]), int(r[2])) for r in query(replay, EVENTS)}
for kind in sorted(set(a_events) | set(r_events)):
    got, want = a_events.get(kind, (0, 0)), r_events.get(kind, (0, 0))
    figures[kind] = f"{got[0]}/{want[0]}"
    if got[0] != want[0]:
        failures.append(f"{kind}: {got[0]} rows, the replay has {want[0]}")
    if got[0] - got[1] != want[0] - want[1]:
        failures.append(f"{kind}: {got[0] - got[1]} repeated rows, the replay has {want[0] - want[1]}")

for name, sql in (("incidents", INCIDENTS), ("alerts", ALERTS)):
    got, want = query(actual, sql), query(replay, sql)
    missing = sorted(set(want) - set(got))
    doubled = len(got) - len(set(got))
    figures[name] = f"{len(set(want) & set(got))}/{len(set(want))}"
    if missing:
        failures.append(f"{name}: {len(missing)} of the replay's missing, e.g. {missing[:3]}")
    if doubled:
        failures.append(f"{name}: {doubled} repeated")

for f in failures:
    print("compare-history: " + f, file=sys.stderr)
print(" ".join(f"{k}={v}" for k, v in figures.items()))
sys.exit(1 if failures else 0)

#!/usr/bin/env python3
"""Checks alert delivery after the chaos suite's receiver outage (chaos-test.sh).

    compare-delivery.py VIGIL HISTORY WEBHOOK_JSONL ALERT_TOPIC_JSONL

- every alert state change in history table alerts (fingerprint, status, startsAt) reached the webhook
  receiver in at least one notification;
- notifications delivered more than once carry the same idempotency key (webhook-id) and body;
- the Kafka alert topic, read read_committed, holds each alert state change exactly once.
Prints key=value on one line; exit status 1 when a check fails.
"""
import csv
import io
import json
import subprocess
import sys
from collections import Counter

vigil, history, hook, topic = sys.argv[1:5]
out = subprocess.run([vigil, "sql", "--history", history, "--format", "csv",
                      "SELECT fingerprint, status, epoch_ms(starts_at) FROM alerts WHERE alertname <> 'KafkaRecordsLost'"],
                     capture_output=True, text=True, check=True).stdout
changes = [tuple(r) for r in list(csv.reader(io.StringIO(out)))[1:]]
wanted = {(f, s, int(t)) for f, s, t in changes}

from datetime import datetime


def millis(ts):
    return int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000)


delivered = set()
bodies = {}
mismatched = 0
posts = 0
with open(hook, encoding="utf-8") if __import__("os").path.exists(hook) else io.StringIO("") as f:
    for line in f:
        posts += 1
        n = json.loads(line)
        body = json.dumps(n["body"], sort_keys=True)
        if n["id"] in bodies and bodies[n["id"]] != body:
            mismatched += 1
        bodies[n["id"]] = body
        for a in n["body"].get("alerts", []):
            delivered.add((a["fingerprint"], a["status"], millis(a["startsAt"])))

on_topic = Counter()
with open(topic, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            a = json.loads(line)
            on_topic[(a.get("fingerprint"), a.get("status"), a.get("startsAt"), a.get("endsAt"))] += 1

failures = []
undelivered = wanted - delivered
if undelivered:
    failures.append(f"{len(undelivered)} of {len(wanted)} alert changes never reached the webhook, e.g. {sorted(undelivered)[:3]}")
if mismatched:
    failures.append(f"{mismatched} notifications repeated under one webhook-id with another body")
doubled = sum(c - 1 for c in on_topic.values() if c > 1)
if doubled:
    failures.append(f"the alert topic holds {doubled} alert changes more than once")
if sum(on_topic.values()) < len(changes):
    failures.append(f"the alert topic holds {sum(on_topic.values())} alert changes, history {len(changes)}")
for f in failures:
    print("compare-delivery: " + f, file=sys.stderr)
print(f"alert_changes={len(wanted)} webhook_posts={posts} webhook_ids={len(bodies)} delivered={len(wanted & delivered)} "
      f"topic_records={sum(on_topic.values())} topic_repeated={doubled}")
sys.exit(1 if failures else 0)

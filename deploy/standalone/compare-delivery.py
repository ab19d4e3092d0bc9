#!/usr/bin/env python3
"""Checks alert delivery after the chaos suite's receiver outage (chaos-test.sh).

    compare-delivery.py VIGIL HISTORY WEBHOOK_JSONL ALERT_TOPIC_JSONL GROUP_WAIT_S GROUP_INTERVAL_S

Delivery follows Alertmanager's semantics: a group notifies its current alerts at each flush, so an
alert that fired and resolved between two flushes of a group that never notified it is not sent to a
webhook. The checks:
- every notification the job made (history table notifications) was delivered, none given up, and the
  receiver got each of them (by idempotency key, webhook-id);
- a notification received more than once carries the same webhook-id and the same body;
- every alert that stayed firing longer than group_wait + group_interval, and began at least 30 minutes
  before the last record, reached the receiver;
- the Kafka alert topic, read read_committed, holds each alert state change of history table alerts
  exactly once.
Prints key=value on one line; exit status 1 when a check fails, naming it on stderr.
"""
import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter

vigil, history, hook, topic, group_wait, group_interval = sys.argv[1:7]
settle_ms = (int(group_wait) + int(group_interval)) * 1000


def query(sql):
    out = subprocess.run([vigil, "sql", "--history", history, "--format", "csv", sql],
                         capture_output=True, text=True, check=True).stdout
    return [tuple(r) for r in list(csv.reader(io.StringIO(out)))[1:]]


notifications = query("SELECT notification_id, outcome, attempts FROM notifications")
made = {n for n, _, _ in notifications}
given_up = [n for n, o, _ in notifications if o != "delivered"]
retried = sum(1 for _, o, a in notifications if o == "delivered" and int(a) > 1)
changes = query("SELECT fingerprint, status, epoch_ms(starts_at), epoch_ms(ends_at) FROM alerts "
                "WHERE alertname <> 'KafkaRecordsLost'")
resolved_at = {f: int(e) for f, s, _, e in changes if s == "resolved"}
# Alerts that began at least 30 minutes before the last record (the watermark of a job that never reaches
# the end of its input stays behind the last records, so their groups may not have ticked yet).
settled = int(query("SELECT epoch_ms(max(time)) - 1800000 FROM events")[0][0])
lasting = {f for f, s, st, _ in changes
           if s == "firing" and int(st) <= settled and resolved_at.get(f, 1 << 62) - int(st) > settle_ms}

received = {}
mismatched = 0
posts = 0
delivered_fingerprints = set()
if os.path.exists(hook):
    with open(hook, encoding="utf-8") as f:
        for line in f:
            posts += 1
            n = json.loads(line)
            body = json.dumps(n["body"], sort_keys=True)
            if n["id"] in received and received[n["id"]] != body:
                mismatched += 1
            received[n["id"]] = body
            for a in n["body"].get("alerts", []):
                delivered_fingerprints.add(a["fingerprint"])

on_topic = Counter()
with open(topic, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            a = json.loads(line)
            on_topic[(a.get("fingerprint"), a.get("status"), a.get("startsAt"), a.get("endsAt"))] += 1

failures = []
if not made:
    failures.append("the job made no notification: nothing was tested")
if not lasting:
    failures.append("no alert stayed firing long enough to be notified: nothing was tested")
if given_up:
    failures.append(f"{len(given_up)} notifications given up, e.g. {given_up[:3]}")
if made - set(received):
    failures.append(f"{len(made - set(received))} of {len(made)} notifications never reached the receiver")
if mismatched:
    failures.append(f"{mismatched} notifications repeated under one webhook-id with another body")
if lasting - delivered_fingerprints:
    failures.append(f"{len(lasting - delivered_fingerprints)} lasting alerts never reached the receiver")
doubled = sum(c - 1 for c in on_topic.values() if c > 1)
if doubled:
    failures.append(f"the alert topic holds {doubled} alert changes more than once")
all_changes = query("SELECT count(*) FROM alerts")[0][0]
if sum(on_topic.values()) != int(all_changes):
    failures.append(f"the alert topic holds {sum(on_topic.values())} alert changes, history {all_changes}")
for f in failures:
    print("compare-delivery: " + f, file=sys.stderr)
print(f"notifications={len(made)} retried={retried} received={len(set(received) & made)} webhook_posts={posts} "
      f"lasting_alerts_delivered={len(lasting & delivered_fingerprints)}/{len(lasting)} "
      f"topic_records={sum(on_topic.values())} topic_repeated={doubled}")
sys.exit(1 if failures else 0)

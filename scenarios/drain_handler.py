#!/usr/bin/env python3
"""A Spot eviction drain handler written from Azure's documented contract,
with the Python standard library only. Point IMDS at `spotsim serve` to
test it, as spotsim's end-to-end test does:

    go run ./cmd/spotsim serve --vm batch-0 &          # the first notice in 10 s
    IMDS=http://127.0.0.1:8080 python3 scenarios/drain_handler.py --once

What it follows (MicrosoftDocs/azure-docs):
- articles/virtual-machines/instance-metadata-service.md: every request has
  the header Metadata: true and an api-version; proxies are bypassed; the
  VM learns its own name from /metadata/instance (compute.name); a 429 means
  more than 5 requests per second, so it backs off.
- articles/virtual-machines/linux/scheduled-events.md: poll
  /metadata/scheduledevents once per second; an event is for this VM when
  its name is in Resources; a Preempt gives at least 30 s (NotBefore, RFC
  1123 GMT); approve it with POST {"StartRequests": [{"EventId": ...}]}
  once drained; the event is gone from Events when it is over.

Environment: IMDS (base URL, default http://169.254.169.254), POLL (seconds
between polls, default 1), DRAIN (seconds the drain takes, default 2).
With --once it exits 0 after one Preempt has been drained, acknowledged and
has left the document; it exits 3 if a NotBefore is not in the future by
its own clock (the notice would have been useless).
"""

import email.utils
import json
import os
import sys
import time
import urllib.error
import urllib.request

IMDS = os.environ.get("IMDS", "http://169.254.169.254").rstrip("/")
POLL = float(os.environ.get("POLL", "1"))
DRAIN = float(os.environ.get("DRAIN", "2"))
EVENTS = IMDS + "/metadata/scheduledevents?api-version=2020-07-01"
INSTANCE = IMDS + "/metadata/instance?api-version=2021-02-01"

# IMDS must never be reached through a proxy: no ProxyHandler settings.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(msg):
    print(time.strftime("%H:%M:%S", time.gmtime()), msg, flush=True)


def call(url, body=None):
    """One IMDS request; retries on 429 (throttled) and 410/500 (the page's
    "retry after some time")."""
    for attempt in range(20):
        req = urllib.request.Request(url, data=body, headers={"Metadata": "true"})
        if body is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with opener.open(req, timeout=5) as resp:
                data = resp.read()
                return json.loads(data) if data else None
        except urllib.error.HTTPError as e:
            if e.code in (429, 410, 500):
                time.sleep(0.5 * (attempt + 1))
                continue
            raise SystemExit("IMDS answered %d: %s" % (e.code, e.read().decode(errors="replace")))
    raise SystemExit("IMDS kept throttling")


def main():
    once = "--once" in sys.argv[1:]
    name = call(INSTANCE)["compute"]["name"]
    log("this VM is %s" % name)
    done = set()
    draining = None  # the EventId acknowledged and not yet gone
    while True:
        doc = call(EVENTS)
        mine = [e for e in doc["Events"] if name in e["Resources"]]
        ids = {e["EventId"] for e in mine}
        if draining and draining not in ids:
            log("event %s is gone (incarnation %d): the eviction is over" % (draining, doc["DocumentIncarnation"]))
            if once:
                return 0
            draining = None
        for e in mine:
            if e["EventType"] != "Preempt" or e["EventStatus"] != "Scheduled" or e["EventId"] in done:
                continue
            not_before = email.utils.parsedate_to_datetime(e["NotBefore"]).timestamp()
            left = not_before - time.time()
            log("Preempt %s for %s, not before %s: %.1f s left" % (e["EventId"], name, e["NotBefore"], left))
            if left <= 0:
                log("NotBefore is not in the future by this machine's clock")
                return 3
            time.sleep(min(DRAIN, max(0, left - 1)))  # drain: checkpoint, deregister, stop work
            call(EVENTS, json.dumps({"StartRequests": [{"EventId": e["EventId"]}]}).encode())
            log("drained and acknowledged %s" % e["EventId"])
            done.add(e["EventId"])
            draining = e["EventId"]
        time.sleep(POLL)


if __name__ == "__main__":
    sys.exit(main())

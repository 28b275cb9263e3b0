#!/usr/bin/env python3
"""Top frames of a JFR recording's samples (docs/performance.md#file-transfers).

    jcmd PID JFR.start name=x settings=profile jdk.CPUTimeSample#enabled=true filename=x.jfr   # JDK 25
    ... the work to profile ...
    jcmd PID JFR.stop name=x
    jfr print --json --events jdk.CPUTimeSample x.jfr | bench/jfr-top.py 30            # CPU, system calls included
    jfr print --json --events jdk.ExecutionSample x.jfr | bench/jfr-top.py 30          # Java code only
    jfr print --json --events jdk.ObjectAllocationSample x.jfr | ALLOC=1 bench/jfr-top.py 15   # bytes allocated

Prints the share of the samples by top frame (self), by frame anywhere in the stack (inclusive) and by thread;
with ALLOC=1, weighs each sample by its bytes and names the class allocated and the first non-JDK frame.
"""
import collections
import json
import os
import sys

ALLOC = os.environ.get("ALLOC") == "1"


def name(frame):
    return frame["method"]["type"]["name"] + "." + frame["method"]["name"]


def main():
    events = json.load(sys.stdin)["recording"]["events"]
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    own, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
    for event in events:
        values = event["values"]
        frames = (values.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        weight = values.get("weight", 1) if ALLOC else 1
        if ALLOC:
            caller = next((name(f) for f in frames if not name(f).startswith(("java", "jdk", "sun"))), name(frames[0]))
            own[values["objectClass"]["name"] + " @ " + caller] += weight
        else:
            own[name(frames[0])] += weight
        for frame in {name(f) for f in frames}:
            inclusive[frame] += weight
        thread = values.get("sampledThread") or values.get("eventThread") or {}
        threads[(thread.get("javaName") or thread.get("osName") or "?").rstrip("0123456789-")] += weight
    total = sum(own.values()) or 1
    print("samples", sum(1 for e in events), "weight" if ALLOC else "", total if ALLOC else "")
    for title, counter, n in (("self", own, top), ("inclusive", inclusive, top), ("threads", threads, 10)):
        print("--", title)
        for key, count in counter.most_common(n):
            print(f"{count * 100 / total:5.1f}% {key}")


if __name__ == "__main__":
    main()

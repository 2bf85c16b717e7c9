#!/usr/bin/env python3
"""Where a JFR recording's CPU samples are: by thread, by method (self) and by method with what it calls.

    bench/probes/jfr-frames.py <recording.jfr> [--top=N] [--match=dev/mailwright] [--callers=<class/path.method>]

Reads jdk.ExecutionSample events (the "profile" settings take one every 10 ms per running Java thread) with the
JDK's `jfr print --json`; JAVA_HOME's jfr, else the one on PATH. --match limits the "with callees" table to methods
whose class name starts with the given prefix (default: every method); --callers adds the chains of three frames
that call the named method when it is sampled. Native frames and JIT threads are not in
these samples: the compiler threads' share is what bench/run.sh's jit_cpu_ms_per_msg reports.
"""
import collections
import json
import os
import re
import subprocess
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    if len(args) != 1:
        sys.exit(__doc__)
    top = int(options.get("top", "40"))
    match = options.get("match", "")
    jfr = os.path.join(os.environ["JAVA_HOME"], "bin", "jfr") if "JAVA_HOME" in os.environ else "jfr"
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample",
                          args[0]], check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    threads = collections.Counter()
    own = collections.Counter()
    inclusive = collections.Counter()
    callers = collections.Counter()
    callee = options.get("callers")
    for event in events:
        values = event["values"]
        thread = values.get("sampledThread") or {}
        threads[(thread.get("javaName") or thread.get("osName") or "?")] += 1
        frames = (values.get("stackTrace") or {}).get("frames") or []
        names = [frame_name(f) for f in frames]
        if names:
            own[names[0]] += 1
        if callee in names:
            at = names.index(callee)
            callers[" < ".join(names[at + 1:at + 4])] += 1
        for name in set(names):
            if name.startswith(match):
                inclusive[name] += 1
    total = len(events)
    print(f"{total} samples")
    print_table("threads (names with their numbers folded)", fold_numbers(threads), total, top)
    print_table("methods, own samples", own, total, top)
    print_table("methods, with what they call" + (f" ({match}*)" if match else ""), inclusive, total, top)
    if callee:
        print_table(f"callers of {callee}", callers, total, top)


def frame_name(frame):
    method = frame.get("method") or {}
    owner = (method.get("type") or {}).get("name", "?")
    return f"{owner}.{method.get('name', '?')}"


def fold_numbers(counter):
    folded = collections.Counter()
    for name, count in counter.items():
        folded[re.sub(r"\d+", "#", name)] += count
    return folded


def print_table(title, counter, total, top):
    print(f"\n{title}")
    for name, count in counter.most_common(top):
        print(f"  {100.0 * count / max(total, 1):5.1f} %  {count:6d}  {name}")


if __name__ == "__main__":
    main()

#!/bin/bash
# bench/restart/start-time.sh ROUNDS JAR...: how long `bin/mailwright` takes to start (issue 17's "< 5 s quiet").
# Each jar's cache is prepared first (`bin/mailwright --jar JAR --prepare`: extraction and training, not timed, in
# MW_CACHE_ROOT/<jar name>, default /tmp/start-time-cache), then ROUNDS starts per jar, the jars alternated, each on an
# empty data directory: wall clock from launch to Spring's "Started" line, and Spring's own figure. Loopback ports
# 23225 (MX), 23243 (IMAP), 23280 (web); the others off.
set -u
ROUNDS=$1; shift
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SCRIPT="$(cd "$(dirname "$0")/../.." && pwd)/bin/mailwright"
ROOT=${MW_CACHE_ROOT:-/tmp/start-time-cache}
for jar in "$@"; do
  MAILWRIGHT_CACHE_DIR=$ROOT/$(basename "$jar" .jar) "$SCRIPT" --jar "$jar" --prepare > /dev/null 2>&1 \
    || { echo "preparing $jar failed" >&2; exit 1; }
done
for r in $(seq 1 "$ROUNDS"); do
  for jar in "$@"; do
    name=$(basename "$jar" .jar); work=$(mktemp -d /tmp/start-time.XXXXXX)
    started=$(date +%s%N)
    MAILWRIGHT_CACHE_DIR=$ROOT/$name "$SCRIPT" --jar "$jar" --mailwright.data-dir="$work/data" \
      --server.port=23280 --server.address=127.0.0.1 --mailwright.smtp.port=23225 --mailwright.smtp.bind=127.0.0.1 \
      --mailwright.submission.port=0 --mailwright.submissions.port=0 --mailwright.imap.port=23243 \
      --mailwright.imap.bind=127.0.0.1 --mailwright.imaps.port=0 --mailwright.pop3.port=0 --mailwright.pop3s.port=0 \
      --mailwright.managesieve.port=0 --mailwright.domains=example.test \
      "--mailwright.bootstrap.accounts[0].address=a@example.test" \
      "--mailwright.bootstrap.accounts[0].password=start-time-password" > "$work/log" 2>&1 &
    pid=$!
    for _ in $(seq 1 1200); do grep -q "Started MailwrightApplication" "$work/log" && break; sleep 0.05; done
    echo "$name round $r: $(( ($(date +%s%N) - started) / 1000000 )) ms to Started;" \
      "$(grep -o 'Started MailwrightApplication in [0-9.]* seconds' "$work/log" || echo 'not started in 60 s')"
    kill "$pid"; wait "$pid" 2>/dev/null
    rm -rf "$work"
    sleep 1
  done
done

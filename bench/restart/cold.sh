#!/bin/bash
# bench/restart/cold.sh JAR fill|measure [WARMUP]: the first requests after a restart (issue 17).
#   fill:    a fresh data directory under /tmp/coldstart, u2@bench.test's INBOX filled with 100,000 messages by
#            `bench big-mailbox` (needs bench/target/mailwright-bench.jar), then the server stops
#   measure: the server started again on that data with --mailwright.warmup.mailboxes=WARMUP (default 4, 0 = off);
#            8 s after its listeners are up, first-requests.py times SELECT + UID FETCH 1:* (UID FLAGS) five times
#            and the webmail sign-in and INBOX page
# MW_GC_AT=N (1-7): a full GC requested with `jcmd <pid> GC.run` N s after the listeners are up, before the first client.
# MW_JAVA_OPTS: extra JVM options for the server. MW_START=script starts the server as bin/mailwright does (extracted jar + AOT cache, prepared once before the first
# start and not timed; cache in MW_CACHE_DIR, default /tmp/coldstart-cache); default: plain `java -jar`.
# Ports 23143 (IMAP) and 23180 (web) on 127.0.0.1.
set -u
JAR=$1; MODE=$2; WARM=${3:-4}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
D=/tmp/coldstart
[ "$MODE" = fill ] && { rm -rf $D; mkdir -p $D/data; }
# shellcheck disable=SC2206 # MW_JAVA_OPTS: extra JVM options (several words), e.g. a JFR recording
LAUNCH=(java ${MW_JAVA_OPTS:-} -jar "$JAR")
if [ "${MW_START:-jar}" = script ]; then
  export MAILWRIGHT_CACHE_DIR=${MW_CACHE_DIR:-/tmp/coldstart-cache} JAVA_OPTS=${MW_JAVA_OPTS:-}
  "$(dirname "$0")/../../bin/mailwright" --jar "$JAR" --prepare > /dev/null
  LAUNCH=("$(dirname "$0")/../../bin/mailwright" --jar "$JAR")
fi
STARTED=$(date +%s%N)
"${LAUNCH[@]}" --mailwright.data-dir=$D/data --mailwright.domains=bench.test --mailwright.hostname=mw.bench.test \
  --mailwright.smtp.port=0 --mailwright.submission.port=0 --mailwright.submissions.port=0 --mailwright.imap.port=23143 \
  --mailwright.imaps.port=0 --mailwright.pop3.port=0 --mailwright.pop3s.port=0 --mailwright.managesieve.port=0 \
  --server.port=23180 --server.address=127.0.0.1 --mailwright.imap.bind=127.0.0.1 \
  --mailwright.security.allow-plaintext-auth=true --mailwright.warmup.mailboxes=$WARM \
  --mailwright.connections.max-per-ip=10000 --mailwright.imap-limits.max-connections-per-account=10000 \
  "--mailwright.bootstrap.accounts[0].address=u2@bench.test" "--mailwright.bootstrap.accounts[0].password=bench-password" \
  > $D/server-$MODE-$WARM.log 2>&1 &
PID=$!
for _ in $(seq 1 3000); do (echo > /dev/tcp/127.0.0.1/23143) 2>/dev/null && (echo > /dev/tcp/127.0.0.1/23180) 2>/dev/null && break; sleep 0.05; done
echo "listeners up after $(( ($(date +%s%N) - STARTED) / 1000000 )) ms (${MW_START:-jar})"
if [ "$MODE" = fill ]; then
  java -jar "$(dirname "$0")/../target/mailwright-bench.jar" big-mailbox --server=fill --imap-port=23143 --messages=100000 --out=$D/fill.tsv
  sleep 20   # the search indexer's queue
else
  if [ -n "${MW_GC_AT:-}" ]; then sleep $MW_GC_AT; jcmd $PID GC.run > /dev/null; sleep $((8 - MW_GC_AT)); else sleep 8; fi  # the warm-up (when on) runs after the listeners are up; the first client comes a few seconds later
  python3 "$(dirname "$0")/first-requests.py" 23143 23180 u2@bench.test bench-password
  grep -h "Warmed" $D/server-$MODE-$WARM.log
fi
kill $PID; wait $PID 2>/dev/null

#!/bin/bash
# Needs the jar (./mvnw -DskipTests package), the bench jar (cd bench && ../mvnw package) and the test classes (./mvnw test-compile).
# MX ingest with the inbound checks on (DNS answers from a loopback TestDnsServer, cached; with WITH_RSPAMD=1 also
# content scoring by a real rspamd started here with the tests' configuration) and off, twice each:
# WARMUP warm-up messages (default 300), then MEASURED measured (default 1,000), 20 connections (bench smtp-ingest).
# A short warm-up measures the JIT too: the first thousands of messages after a start spend much of the CPU
# compiling, and more so with the checks' extra code (stop 17: WARMUP=5000 MEASURED=3000). Ports 23100 and 23105
# (rspamd 23111/23112, its redis 23113).
# ISOLATE=1 runs the server, rspamd (with its redis), the load generator and the DNS server each in its own CPU
# cgroup with equal shares, as Docker Compose runs each service in its own container; without it they all compete
# thread against thread in one group, where the one-threaded rspamd waits behind the JVM's many threads.
# RSPAMD_SHARES (default 1024, equal, as docker-compose.yml runs its services): the rspamd group's weight with ISOLATE=1.
# MW_JAVA_OPTS: extra JVM options for the server, e.g. a JFR recording (use %p in its file name: four starts).
# CONNECTIONS (default 20): concurrent SMTP connections of the load generator. Each connection waits for its answer
# before it sends the next message (a closed loop), so with few connections a check that waits (rspamd's round
# trip) lowers throughput even while cores are idle; enough connections measure what the server can take.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
WT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${MW_JAR:-$(ls $WT/target/mailwright-*.jar | grep -v plain | head -1)}   # MW_JAR: another build to measure
DNSJAVA=$(ls ~/.m2/repository/dnsjava/dnsjava/3.6.3/dnsjava-3.6.3.jar)
SLF=$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)
mkdir -p "${BENCH_WORK:-/tmp/inbound-bench}" && cd "${BENCH_WORK:-/tmp/inbound-bench}"
IN="$WT/bench/inbound/in-cgroup"
cg() {   # cg NAME: the cgroup directory for NAME when ISOLATE=1, else nothing
  if [ "${ISOLATE:-0}" = 1 ]; then
    shares=1024; [ "$1" = rspamd ] && shares=${RSPAMD_SHARES:-1024}
    mkdir -p "/sys/fs/cgroup/cpu/mw-bench-$1" && echo $shares > "/sys/fs/cgroup/cpu/mw-bench-$1/cpu.shares"
    echo "/sys/fs/cgroup/cpu/mw-bench-$1"
  fi
}
[ "${ISOLATE:-0}" = 1 ] && echo "each process in its own cpu cgroup (cpu.shares 1024, rspamd and redis ${RSPAMD_SHARES:-1024})"
rm -f dns.out   # a file left by an earlier run would be read before the new server truncates it
"$IN" "$(cg dns)" java -cp "$WT/target/test-classes:$WT/target/classes:$DNSJAVA:$SLF" "$WT/bench/inbound/BenchDns.java" > dns.out 2>dns.err &
DNS_PID=$!
for _ in $(seq 1 600); do [ -s dns.out ] && break; sleep 0.2; done
DNS_ADDR=$(head -1 dns.out)
echo "dns at $DNS_ADDR"
SPAM_ARGS=()
if [ "${WITH_RSPAMD:-0}" = 1 ]; then
  rm -rf rspamd && mkdir -p rspamd/db rspamd/run rspamd/log && cp -r "$WT/src/test/resources/rspamd" rspamd/conf
  sed -i "s/^count = 1;/count = ${RSPAMD_WORKERS:-1};/" rspamd/conf/override.d/worker-normal.inc
  chown -R _rspamd:_rspamd rspamd
  "$IN" "$(cg rspamd)" redis-server --port 23113 --bind 127.0.0.1 --save "" --appendonly no --dir "$PWD/rspamd" > rspamd/redis.out 2>&1 &
  REDIS_PID=$!
  "$IN" "$(cg rspamd)" rspamd -f -c /etc/rspamd/rspamd.conf -u _rspamd -g _rspamd --var LOCAL_CONFDIR="$PWD/rspamd/conf" \
    --var DBDIR="$PWD/rspamd/db" --var RUNDIR="$PWD/rspamd/run" --var LOGDIR="$PWD/rspamd/log" \
    --var MW_SCAN_PORT=23111 --var MW_CONTROLLER_PORT=23112 --var MW_PROXY_PORT=23114 --var MW_REDIS_PORT=23113 \
    > rspamd/rspamd.out 2>&1 &
  RSPAMD_PID=$!
  for _ in $(seq 1 300); do curl -sf http://127.0.0.1:23111/ping > /dev/null && break; sleep 0.2; done
  echo "rspamd at 127.0.0.1:23111"
fi
accounts=(); i=0
for u in s1 s2 s3 s4 s5 s6 s7 s8 s9 s10; do
  accounts+=("--mailwright.bootstrap.accounts[$i].address=$u@bench.test" "--mailwright.bootstrap.accounts[$i].password=bench-password"); i=$((i+1)); done
names=(mailwright dns_server rspamd redis)
for mode in true false true false; do
  rm -rf data-$mode; mkdir -p data-$mode
  "$IN" "$(cg server)" java ${MW_JAVA_OPTS:-} -jar "$JAR" --mailwright.data-dir="$PWD/data-$mode" --mailwright.domains=bench.test --mailwright.hostname=mw.bench.test \
    --mailwright.smtp.port=23100 --mailwright.submission.port=0 --mailwright.submissions.port=0 --mailwright.imap.port=0 --mailwright.imaps.port=0 \
    --server.port=23105 --server.address=127.0.0.1 --mailwright.smtp.bind=127.0.0.1 --mailwright.delivery.workers=0 \
    --mailwright.connections.max-total=10000 --mailwright.connections.max-per-ip=10000 \
    --mailwright.connections.max-unauthenticated-per-ip=10000 \
    --mailwright.dns.servers=$DNS_ADDR --mailwright.inbound.checks=$mode "${accounts[@]}" \
    $( [ "$mode" = true ] && [ "${WITH_RSPAMD:-0}" = 1 ] && echo --mailwright.spam.rspamd.url=http://127.0.0.1:23111 ) \
    > mw-$mode.log 2>&1 &
  MW=$!
  for _ in $(seq 1 600); do (echo > /dev/tcp/127.0.0.1/23100) 2>/dev/null && break; sleep 0.2; done
  sleep 3
  "$IN" "$(cg load)" java -jar $WT/bench/target/mailwright-bench.jar smtp-ingest --server=checks-$mode --smtp-port=23100 --messages=${WARMUP:-300} --connections=${CONNECTIONS:-20} --domain=bench.test > /dev/null 2>&1
  snap() {   # CPU seconds (user + system, 1/100 s) of the server, DNS server, rspamd's processes and redis, in that order
    for who in "-p $MW" "-p $DNS_PID" "-u _rspamd" "-p ${REDIS_PID:-0}"; do
      ps -o pid= $who 2>/dev/null | while read -r pid; do sed 's/^.*) //' /proc/$pid/stat 2>/dev/null | cut -d' ' -f12,13; done \
        | awk '{t+=$1+$2} END {printf "%.2f ", t/100}'
    done
  }
  before=($(snap))
  "$IN" "$(cg load)" /usr/bin/time -f "cpu_seconds load_generator %U user %S system" \
    java -jar $WT/bench/target/mailwright-bench.jar smtp-ingest --server=checks-$mode --smtp-port=23100 --messages=${MEASURED:-1000} --connections=${CONNECTIONS:-20} --domain=bench.test 2>&1 | tail -6
  after=($(snap))
  # CPU seconds of each process during the measured messages only (start and warm-up excluded)
  echo "cpu_seconds_measured checks=$mode" $(for i in 0 1 2 3; do echo "${names[$i]} $(echo "${after[$i]} - ${before[$i]}" | bc)"; done)
  kill $MW; wait $MW 2>/dev/null
done
grep -h "Authentication-Results" -r data-true/blobs 2>/dev/null | head -2
grep -h "X-Spam-Status" -r data-true/blobs 2>/dev/null | sort | uniq -c | head -3
kill $DNS_PID
if [ -n "${RSPAMD_PID:-}" ]; then kill $RSPAMD_PID $REDIS_PID; fi

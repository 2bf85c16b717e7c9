#!/bin/bash
# Needs the jar (./mvnw -DskipTests package), the bench jar (cd bench && ../mvnw package) and the test classes (./mvnw test-compile).
# MX ingest with the inbound checks on (DNS answers from a loopback TestDnsServer, cached) and off, twice each:
# 300 warm-up messages, then 1,000 measured, 20 connections (bench smtp-ingest). Ports 23100 and 23105.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
WT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$(ls $WT/target/mailwright-*.jar | grep -v plain | head -1)
DNSJAVA=$(ls ~/.m2/repository/dnsjava/dnsjava/3.6.3/dnsjava-3.6.3.jar)
SLF=$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)
mkdir -p "${BENCH_WORK:-/tmp/inbound-bench}" && cd "${BENCH_WORK:-/tmp/inbound-bench}"
java -cp "$WT/target/test-classes:$WT/target/classes:$DNSJAVA:$SLF" "$WT/bench/inbound/BenchDns.java" > dns.out 2>dns.err &
DNS_PID=$!
for _ in $(seq 1 100); do [ -s dns.out ] && break; sleep 0.2; done
DNS_ADDR=$(head -1 dns.out)
echo "dns at $DNS_ADDR"
accounts=(); i=0
for u in s1 s2 s3 s4 s5 s6 s7 s8 s9 s10; do
  accounts+=("--mailwright.bootstrap.accounts[$i].address=$u@bench.test" "--mailwright.bootstrap.accounts[$i].password=bench-password"); i=$((i+1)); done
for mode in true false true false; do
  rm -rf data-$mode; mkdir -p data-$mode
  java -jar "$JAR" --mailwright.data-dir="$PWD/data-$mode" --mailwright.domains=bench.test --mailwright.hostname=mw.bench.test \
    --mailwright.smtp.port=23100 --mailwright.submission.port=0 --mailwright.submissions.port=0 --mailwright.imap.port=0 --mailwright.imaps.port=0 \
    --server.port=23105 --server.address=127.0.0.1 --mailwright.smtp.bind=127.0.0.1 --mailwright.delivery.workers=0 \
    --mailwright.connections.max-total=10000 --mailwright.connections.max-per-ip=10000 \
    --mailwright.dns.servers=$DNS_ADDR --mailwright.inbound.checks=$mode "${accounts[@]}" > mw-$mode.log 2>&1 &
  MW=$!
  for _ in $(seq 1 600); do (echo > /dev/tcp/127.0.0.1/23100) 2>/dev/null && break; sleep 0.2; done
  sleep 3
  java -jar $WT/bench/target/mailwright-bench.jar smtp-ingest --server=checks-$mode --smtp-port=23100 --messages=300 --domain=bench.test > /dev/null 2>&1
  java -jar $WT/bench/target/mailwright-bench.jar smtp-ingest --server=checks-$mode --smtp-port=23100 --messages=1000 --domain=bench.test 2>&1 | tail -5
  kill $MW; wait $MW 2>/dev/null
done
grep -h "Authentication-Results" -r data-true/blobs 2>/dev/null | head -2
kill $DNS_PID

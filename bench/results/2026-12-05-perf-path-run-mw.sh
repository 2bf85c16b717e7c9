#!/usr/bin/env bash
# The driver used for the issue-17 perf-path figures in docs/BENCHMARKS.md (kept as a record; bench/run.sh is the
# maintained instrument). It starts one Mailwright jar with run.sh's arguments (PostgreSQL: the database mailwright_h7 on
# 127.0.0.1:5432, wiped), runs a 10 s imap-mixed warm-up, then imap-mixed (10 clients, login 0 %), a 300-message
# smtp-ingest warm-up, then smtp-ingest (20 connections), all with --jvm-pid for the server CPU per operation.
# run-mw.sh <jar> <h2|pg> <label> [scenarios: mixed,smtp] ; JFR=1 records profiles of each scenario
set -euo pipefail
JAR=$1 DB=$2 LABEL=$3 WHAT=${4:-mixed,smtp}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
JAVA=$JAVA_HOME/bin/java
BENCH=/tmp/perfpath/bench.jar
OUT=/tmp/perfpath/out; mkdir -p $OUT
BASE=${BASE:-24700}
WORK=/tmp/perfpath/work-$LABEL; rm -rf $WORK; mkdir -p $WORK
DOMAIN=bench.test PASSWORD=bench-password
USERS=(u1 u2 u3 u4 u5 u6 u7 u8 u9 u10 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10)
acc=(); i=0
for u in "${USERS[@]}"; do acc+=("--mailwright.bootstrap.accounts[$i].address=$u@$DOMAIN" "--mailwright.bootstrap.accounts[$i].password=$PASSWORD"); i=$((i+1)); done
db=()
if [ "$DB" = pg ]; then
  PGPASSWORD=mailwright psql -q -h 127.0.0.1 -U mailwright -d mailwright_h7 -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
  db=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/mailwright_h7 --spring.datasource.username=mailwright --spring.datasource.password=mailwright)
fi
$JAVA ${MW_JAVA_OPTS:-} -jar $JAR --mailwright.data-dir=$WORK --mailwright.domains=$DOMAIN --mailwright.hostname=mw.$DOMAIN \
  --mailwright.smtp.port=$BASE --mailwright.submission.port=$((BASE+1)) --mailwright.submissions.port=$((BASE+2)) \
  --mailwright.imap.port=$((BASE+3)) --mailwright.imaps.port=$((BASE+4)) --server.port=$((BASE+5)) --server.address=127.0.0.1 \
  --mailwright.smtp.bind=127.0.0.1 --mailwright.submission.bind=127.0.0.1 --mailwright.submissions.bind=127.0.0.1 \
  --mailwright.imap.bind=127.0.0.1 --mailwright.imaps.bind=127.0.0.1 --mailwright.pop3.port=0 --mailwright.pop3s.port=0 \
  --mailwright.security.allow-plaintext-auth=true --mailwright.connections.max-total=10000 --mailwright.connections.max-per-ip=10000 \
  --mailwright.imap-limits.max-connections-per-account=10000 "${acc[@]}" "${db[@]}" > $OUT/$LABEL.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; sleep 3; kill -9 $PID 2>/dev/null || true' EXIT
RES=$OUT/$LABEL.tsv; : > $RES
b() { $JAVA -jar $BENCH "$1" --server=$LABEL --out=$RES --domain=$DOMAIN --password=$PASSWORD --jvm-pid=$PID "${@:2}" >/dev/null 2>>$OUT/$LABEL.err; }
b wait-ports --ports=$BASE,$((BASE+3)) --start-ms=$(date +%s%3N) --smtp-port=$BASE --ready-user=s10@$DOMAIN --timeout-seconds=600
jfr() { [ -n "${JFR:-}" ] && $JAVA_HOME/bin/jcmd $PID JFR.start name=$1 settings=profile filename=$OUT/$LABEL-$1.jfr >/dev/null || true; }
jfrstop() { [ -n "${JFR:-}" ] && $JAVA_HOME/bin/jcmd $PID JFR.stop name=$1 >/dev/null || true; }
if [[ ",$WHAT," == *",mixed,"* ]]; then
  # warm-up round, then the measured one
  b imap-mixed --imap-port=$((BASE+3)) --clients=10 --seconds=10 --seed=100 --relogin-percent=0
  : > $RES
  echo "uptime before mixed: $(uptime)" >> $OUT/$LABEL.uptime
  jfr mixed
  b imap-mixed --imap-port=$((BASE+3)) --clients=10 --seconds=${SECONDS_MIXED:-30} --seed=100 --relogin-percent=0
  jfrstop mixed
fi
if [[ ",$WHAT," == *",smtp,"* ]]; then
  b smtp-ingest --smtp-port=$BASE --size=2048 --messages=300
  : > $RES.tmp; grep -v smtp-ingest $RES > $RES.tmp || true; mv $RES.tmp $RES
  echo "uptime before smtp: $(uptime)" >> $OUT/$LABEL.uptime
  jfr smtp
  b smtp-ingest --smtp-port=$BASE --size=2048 --messages=${SMTP_MESSAGES:-5000}
  jfrstop smtp
fi
cat $RES; cat $OUT/$LABEL.uptime

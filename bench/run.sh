#!/usr/bin/env bash
# Benchmarks Mailwright (H2 and PostgreSQL) against Postfix (SMTP) and Dovecot (IMAP) on this Debian machine.
#
#   bench/run.sh [--quick] [--rounds=N] [--only=smtp,single,mixed,mixed-login,big,idle,sortsearch] [--no-install]
#                [--servers=anchor,mailwright-h2,mailwright-pg] [--big-rounds=N]
# --big-rounds limits the big-mailbox scenario (slow to fill) to the first N rounds; default: every round.
# mixed-login: MIXED_CLIENTS (default 10) client counts, each with LOGIN at 10 % and 0 %, then both again;
#   MIXED_SECONDS (default 30) per load.
# smtp: 2 KB, then 2 KB again on the same server (scenario smtp-ingest-2k-warm, SMTP_WARM_MESSAGES messages, default
# 10000: the first pass after a start also pays the JIT), a third time (smtp-ingest-2k-steady, SMTP_STEADY_MESSAGES,
# default 10000: the JIT still compiles through the second), then 50 KB. Mailwright's rows include jit_cpu_ms_per_msg,
# the part of its CPU per message that the JIT compiler threads used.
# single: SINGLE_REPEATS (default 5) warm rounds after the first; more rounds put the JIT's work after the first
#   rounds out of the median (stop 21: the C2 compiler is busy for about 3 s after the first round).
# MW_BENCH_CORPUS=prose: message bodies drawn from 30,000 made-up words by Zipf's law (as many distinct words per
#   message as English text has) instead of the default 25 words, whose long bodies a search index gets almost free
#   (bench/src/main/java/dev/mailwright/bench/Corpus.java); every server gets the same messages either way.
# MW_START=script starts Mailwright as bin/mailwright does (extracted jar + JDK AOT cache, prepared once before the
#   first round with `bin/mailwright --prepare`, cache under the bench's work directory, or in MW_CACHE_DIR when set,
#   which outlives the run: a cache recorded another way can be put there); default: plain `java -jar`.
# MW_JFR_PASSES=50k (or 2k, 2k-warm, 2k-steady, comma-separated): a JFR recording of Mailwright during each named
#   SMTP pass alone, next to the server's log; MW_JAVA_OPTS: extra JVM options for Mailwright.
# sortsearch (not in the default --only; run it alone): SORT/THREAD/SEARCH on a 100,000-message mailbox (issue 14);
# Dovecot's copy is written straight into its Maildir before it starts (no Postfix needed), Mailwright's is appended
# over IMAP.
#
# Installs postfix, dovecot-imapd and postgresql with apt when missing (and stops the system instances that the
# packages start), runs PRIVATE instances on 127.0.0.1 with their own config and data under $BENCH_WORK, starts
# Mailwright from target/mailwright-*.jar (built if missing), runs every scenario against every server in
# alternation for several rounds, stops everything it started and prints one Markdown table.
# Ports: BENCH_PORT_BASE (default 22000) .. +7 on 127.0.0.1; a server is skipped if any of them is taken.
# Needs root (apt, Postfix/Dovecot masters, runuser postgres). Safe to run twice: all state is recreated.
# The raw results stay in bench/target/results-<time>.tsv, server logs in bench/target/logs-<time>/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=""
ROUNDS=3
ONLY="smtp,single,mixed,big,idle"
INSTALL=1
SERVERS="anchor,mailwright-h2,mailwright-pg"
BIG_ROUNDS=""
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK="--quick" ;;
        --rounds=*) ROUNDS="${arg#*=}" ;;
        --only=*) ONLY="${arg#*=}" ;;
        --no-install) INSTALL=0 ;;
        --servers=*) SERVERS="${arg#*=}" ;;
        --big-rounds=*) BIG_ROUNDS="${arg#*=}" ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

WORK=${BENCH_WORK:-/tmp/mailwright-bench}
case "$WORK" in /|/tmp|/root|/home|"") echo "refusing BENCH_WORK=$WORK (it is wiped)" >&2; exit 2 ;; esac
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$ROOT/bench/target/results-$STAMP.tsv
LOGS=$ROOT/bench/target/logs-$STAMP
DOMAIN=bench.test
PASSWORD=bench-password
# private ports, all on 127.0.0.1, away from the defaults so a developer's running instance is not disturbed
MW_SMTP=${BENCH_PORT_BASE:-22000}
MW_SUB=$((MW_SMTP + 1)) MW_SUBS=$((MW_SMTP + 2)) MW_IMAP=$((MW_SMTP + 3)) MW_IMAPS=$((MW_SMTP + 4))
MW_WEB=$((MW_SMTP + 5)) PF_SMTP=$((MW_SMTP + 6)) DV_IMAP=$((MW_SMTP + 7))
ALL_PORTS=($MW_SMTP $MW_SUB $MW_SUBS $MW_IMAP $MW_IMAPS $MW_WEB $PF_SMTP $DV_IMAP)
PG_DB=mwbench PG_USER=mwbench PG_PASSWORD=mwbench
USERS=(u1 u2 u3 u4 u5 u6 u7 u8 u9 u10 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10)

log() { printf '%s == %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
want() { [[ ",$ONLY," == *",$1,"* ]]; }
serving() { [[ ",$SERVERS," == *",$1,"* ]]; }

# ---------------------------------------------------------------- JDK
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-*; do
        if [ -x "$candidate/bin/java" ]; then JAVA_HOME=$candidate; break; fi
    done
fi
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
[ -x "$JAVA" ] || { echo "no JDK 21+ found; set JAVA_HOME" >&2; exit 1; }

# ---------------------------------------------------------------- cleanup (everything this script starts)
MW_PID=""
cleanup() {
    set +e
    for f in stop_mailwright stop_postfix stop_dovecot drop_pg_db stop_dns; do
        declare -F "$f" >/dev/null && "$f"
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- packages
if [ "$INSTALL" = 1 ]; then
    need=()
    command -v postfix >/dev/null 2>&1 || need+=(postfix)
    command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd)
    compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need+=(postgresql)
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]}"
        echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
        # the packages may have started system instances: this benchmark only uses its private ones
        for svc in postfix dovecot; do
            if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
                systemctl disable --now "$svc" >/dev/null 2>&1 || true
            else
                service "$svc" stop >/dev/null 2>&1 || true
            fi
        done
    fi
fi
POSTFIX_VERSION=$(postconf -d -h mail_version 2>/dev/null || echo unknown)
DOVECOT_VERSION=$(dovecot --version 2>/dev/null || echo unknown)

# ---------------------------------------------------------------- builds
# MW_JAR: another Mailwright jar to measure (e.g. a copy of an earlier build, for before/after comparisons)
MW_JAR=${MW_JAR:-$(ls "$ROOT"/target/mailwright-*.jar 2>/dev/null | grep -v -- '-plain' | head -1 || true)}
if [ -z "$MW_JAR" ]; then
    log "building Mailwright"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
    MW_JAR=$(ls "$ROOT"/target/mailwright-*.jar | grep -v -- '-plain' | head -1)
fi
log "building the load generator"
(cd "$ROOT" && ./mvnw -q -B -f bench/pom.xml package)
BENCH_JAR=$ROOT/bench/target/mailwright-bench.jar

# The MX's inbound checks (SPF, DMARC) ask DNS for every message: a loopback server of ours answers, so the
# machine's resolver (slow or absent on a build machine) never sets the pace (bench/inbound/BenchDns.java).
if [ ! -f "$ROOT/target/test-classes/dev/mailwright/dns/TestDnsServer.class" ]; then
    log "compiling the test classes (the loopback DNS server)"
    (cd "$ROOT" && ./mvnw -q -B test-compile)
fi
DNS_OUT=$(mktemp)
DNS_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(ls ~/.m2/repository/dnsjava/dnsjava/*/dnsjava-*.jar | grep -v sources | tail -1):$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | grep -v sources | tail -1)"
"$JAVA" -cp "$DNS_CP" "$ROOT/bench/inbound/BenchDns.java" > "$DNS_OUT" 2>/dev/null &
DNS_PID=$!
stop_dns() { kill "$DNS_PID" 2>/dev/null; rm -f "$DNS_OUT"; }
for _ in $(seq 1 150); do [ -s "$DNS_OUT" ] && break; sleep 0.2; done
DNS_ADDR=$(head -1 "$DNS_OUT")
[ -n "$DNS_ADDR" ] || { echo "the loopback DNS server did not start" >&2; exit 1; }
log "loopback DNS at $DNS_ADDR"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
mkdir -p "$LOGS"
: > "$RESULTS"
: > "$LOGS/failures"

# Refuses to start a server while something else listens on one of our ports: the load generator would
# otherwise measure a stranger's process.
ports_free() {
    local busy
    busy=$(ss -Hltn 2>/dev/null | awk '{print $4}' | sed 's/.*://' | grep -xE "$(IFS='|'; echo "${ALL_PORTS[*]}")" || true)
    if [ -n "$busy" ]; then
        log "  ports in use by another process: $(echo $busy) (set BENCH_PORT_BASE); skipping"
        echo "round $ROUND: ports in use: $(echo $busy)" >> "$LOGS/failures"
        return 1
    fi
}

bench() { # bench <command> <server label> [flags...]
    local cmd=$1 server=$2
    shift 2
    if ! "$JAVA" -jar "$BENCH_JAR" "$cmd" --server="$server" --out="$RESULTS" --domain="$DOMAIN" \
        --password="$PASSWORD" $QUICK "$@" >/dev/null 2>>"$LOGS/bench-errors.log"; then
        echo "round $ROUND $server $cmd $*" >> "$LOGS/failures"
        log "FAILED: $server $cmd $* (see $LOGS/bench-errors.log)"
    fi
}
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- Postfix: private instance
PF=$WORK/postfix
setup_postfix() {
    rm -rf "$PF"
    mkdir -p "$PF/etc" "$PF/queue" "$PF/data" "$PF/mail"
    chown mail:mail "$PF/mail"
    chown postfix "$PF/data"
    : > "$PF/etc/vmailbox"
    for u in "${USERS[@]}"; do echo "$u@$DOMAIN $DOMAIN/$u/" >> "$PF/etc/vmailbox"; done
    cat > "$PF/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix.$DOMAIN
mydomain = $DOMAIN
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relayhost =
smtputf8_enable = no
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $PF/mail
virtual_mailbox_maps = texthash:$PF/etc/vmailbox
virtual_minimum_uid = 1
virtual_uid_maps = static:$(id -u mail)
virtual_gid_maps = static:$(id -g mail)
message_size_limit = 52428800
virtual_mailbox_limit = 0
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
maillog_file = $PF/postfix.log
maillog_file_prefixes = $WORK
EOF
    cat > "$PF/etc/master.cf" <<EOF
127.0.0.1:$PF_SMTP inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}
start_postfix() {
    postfix -c "$PF/etc" start >>"$LOGS/postfix-start.log" 2>&1 || {
        log "  Postfix did not start (see $LOGS/postfix-start.log)"
        echo "round $ROUND postfix did not start" >> "$LOGS/failures"
    }
}
stop_postfix() {
    [ -f "$PF/etc/main.cf" ] || return 0
    if [ -f "$PF/queue/pid/master.pid" ]; then
        postfix -c "$PF/etc" stop >>"$LOGS/postfix-start.log" 2>&1 || true
        for _ in $(seq 1 100); do
            [ -f "$PF/queue/pid/master.pid" ] && kill -0 "$(tr -d ' ' < "$PF/queue/pid/master.pid")" 2>/dev/null || break
            sleep 0.1
        done
    fi
    cp "$PF/postfix.log" "$LOGS/postfix-${ROUND:-0}.log" 2>/dev/null || true
}

# ---------------------------------------------------------------- Dovecot: private instance
DV=$WORK/dovecot
setup_dovecot() {
    rm -rf "$DV"
    mkdir -p "$DV/run" "$DV/state" "$DV/mail"
    chown mail:mail "$DV/mail"
    : > "$DV/users"
    # Argon2id at Mailwright's parameters (m=16 MiB, t=2, p=1; doveadm pw would write Dovecot's m=64 MiB, t=3), made
    # by the libsodium Dovecot itself verifies with. Auth cache: DOVECOT_AUTH_CACHE_SIZE (default 0 = none); set it
    # (e.g. 10M, TTL 15 min like Mailwright's mailwright.auth.credential-cache-ttl) when Mailwright's cache is on.
    local hash
    hash=$(python3 - "$PASSWORD" <<'PY'
import ctypes, sys
sodium = ctypes.CDLL("libsodium.so.23")
assert sodium.sodium_init() >= 0
out = ctypes.create_string_buffer(128)
pw = sys.argv[1].encode()
# crypto_pwhash_str_alg(out, passwd, passwdlen, opslimit=2, memlimit=16 MiB, ALG_ARGON2ID13=2)
assert sodium.crypto_pwhash_str_alg(out, pw, ctypes.c_ulonglong(len(pw)), ctypes.c_ulonglong(2),
                                    ctypes.c_size_t(16 << 20), ctypes.c_int(2)) == 0
print("{ARGON2ID}" + out.value.decode())
PY
)
    for u in "${USERS[@]}"; do echo "$u@$DOMAIN:$hash" >> "$DV/users"; done
    chmod 644 "$DV/users"
    cat > "$DV/dovecot.conf" <<EOF
base_dir = $DV/run
state_dir = $DV/state
instance_name = dovecot-bench
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_cache_size = ${DOVECOT_AUTH_CACHE_SIZE:-0}
auth_cache_ttl = 15 min
log_path = $DV/dovecot.log
mail_location = maildir:~/Maildir
first_valid_uid = $(id -u mail)
default_process_limit = 5000
default_client_limit = 20000
passdb {
  driver = passwd-file
  args = $DV/users
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$DV/mail/%d/%n
}
protocol imap {
  mail_max_userip_connections = 10000
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DV_IMAP
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 5000
}
service anvil {
  client_limit = 20000
}
service auth {
  client_limit = 30000
}
EOF
}
start_dovecot() {
    dovecot -c "$DV/dovecot.conf" >>"$LOGS/dovecot-start.log" 2>&1 || {
        log "  Dovecot did not start (see $LOGS/dovecot-start.log)"
        echo "round $ROUND dovecot did not start" >> "$LOGS/failures"
    }
}
stop_dovecot() {
    [ -f "$DV/dovecot.conf" ] || return 0
    if [ -f "$DV/run/master.pid" ]; then
        local pid
        pid=$(cat "$DV/run/master.pid")
        dovecot -c "$DV/dovecot.conf" stop >>"$LOGS/dovecot-start.log" 2>&1 || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    cp "$DV/dovecot.log" "$LOGS/dovecot-${ROUND:-0}.log" 2>/dev/null || true
}

# ---------------------------------------------------------------- PostgreSQL (the cluster is left running)
PG_PORT=""
start_pg() {
    local version
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    if [ -z "$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1==v && $2=="main"')" ]; then
        pg_createcluster "$version" main >/dev/null
    fi
    PG_PORT=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
    if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
        pg_ctlcluster "$version" main start
    fi
    for _ in $(seq 1 30); do runuser -u postgres -- pg_isready -q -p "$PG_PORT" && break; sleep 1; done
    runuser -u postgres -- psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
}
recreate_pg_db() {
    runuser -u postgres -- env PGOPTIONS="-c client_min_messages=warning" psql -q -p "$PG_PORT" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
    runuser -u postgres -- psql -q -p "$PG_PORT" -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null
}
drop_pg_db() {
    [ -n "$PG_PORT" ] || return 0
    runuser -u postgres -- psql -q -p "$PG_PORT" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- Mailwright
MW=$WORK/mailwright
start_mailwright() { # start_mailwright <label>
    local label=$1 db=()
    rm -rf "$MW"
    mkdir -p "$MW"
    if [ "$label" = mailwright-pg ]; then
        recreate_pg_db
        db=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB"
            --spring.datasource.username="$PG_USER" --spring.datasource.password="$PG_PASSWORD")
    fi
    local accounts=() i=0
    for u in "${USERS[@]}"; do
        accounts+=("--mailwright.bootstrap.accounts[$i].address=$u@$DOMAIN"
                   "--mailwright.bootstrap.accounts[$i].password=$PASSWORD")
        i=$((i + 1))
    done
    # shellcheck disable=SC2206 # MW_JAVA_OPTS: extra JVM options (several words), e.g. a JFR recording
    local launch=("$JAVA" ${MW_JAVA_OPTS:-} -jar "$MW_JAR")
    if [ "${MW_START:-jar}" = script ]; then
        # bin/mailwright execs java, so $! below is still the server's pid
        launch=(env MAILWRIGHT_CACHE_DIR="${MW_CACHE_DIR:-$WORK/mw-cache}" JAVA_HOME="$JAVA_HOME" JAVA_OPTS="${MW_JAVA_OPTS:-}"
                "$ROOT/bin/mailwright" --jar "$MW_JAR")
    fi
    START_MS=$(now_ms)
    "${launch[@]}" --mailwright.data-dir="$MW" --mailwright.domains="$DOMAIN" \
        --mailwright.hostname="mw.$DOMAIN" \
        --mailwright.smtp.port=$MW_SMTP --mailwright.submission.port=$MW_SUB \
        --mailwright.submissions.port=$MW_SUBS --mailwright.imap.port=$MW_IMAP \
        --mailwright.imaps.port=$MW_IMAPS --server.port=$MW_WEB --server.address=127.0.0.1 \
        --mailwright.smtp.bind=127.0.0.1 --mailwright.submission.bind=127.0.0.1 \
        --mailwright.submissions.bind=127.0.0.1 --mailwright.imap.bind=127.0.0.1 --mailwright.imaps.bind=127.0.0.1 \
        --mailwright.pop3.port=0 --mailwright.pop3s.port=0 --mailwright.managesieve.port=0 \
        --mailwright.dns.servers="$DNS_ADDR" \
        --mailwright.security.allow-plaintext-auth=true \
        --mailwright.connections.max-total=10000 --mailwright.connections.max-per-ip=10000 \
        --mailwright.imap-limits.max-connections-per-account=10000 \
        --mailwright.imap.max-connections=10000 --mailwright.imap.max-unauthenticated=10000 \
        --mailwright.smtp.max-connections=10000 --mailwright.submission.max-connections=10000 \
        --mailwright.connections.max-unauthenticated-per-ip=10000 \
        "${accounts[@]}" "${db[@]}" > "$LOGS/$label-$ROUND.log" 2>&1 &
    MW_PID=$!
}
stop_mailwright() {
    [ -n "$MW_PID" ] || return 0
    kill "$MW_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$MW_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$MW_PID" 2>/dev/null || true
    wait "$MW_PID" 2>/dev/null || true
    MW_PID=""
}

# ---------------------------------------------------------------- scenarios
# MW_JFR_PASSES=2k,2k-warm,2k-steady,50k (any of them): a JFR recording (settings=profile) of Mailwright during each
# named SMTP pass alone, $LOGS/<label>-<round>-<pass>.jfr (jcmd starts it when the pass starts, stops it after)
profiled() { # profiled <pass> <command...>
    local pass=$1; shift
    if [ -n "${MW_PID:-}" ] && [[ ",${MW_JFR_PASSES:-}," == *",$pass,"* ]]; then
        local file="$LOGS/$CURRENT_LABEL-$ROUND-$pass.jfr"
        "$JAVA_HOME/bin/jcmd" "$MW_PID" JFR.start name=pass settings=profile filename="$file" > /dev/null
        "$@"
        "$JAVA_HOME/bin/jcmd" "$MW_PID" JFR.stop name=pass > /dev/null
        log "    JFR of the pass: $file"
    else
        "$@"
    fi
}

scenarios() { # scenarios <smtp label> <imap label> <smtp port> <imap port> <maildir root or ""> <memory flag> [<db flag>]
    local smtp=$1 imap=$2 sport=$3 iport=$4 maildir=$5 memory=$6 db=()
    [ -n "${7:-}" ] && db=("$7")
    local md=()
    [ -n "$maildir" ] && md=(--maildir-root="$maildir")
    if want smtp; then
        log "  $smtp: smtp ingest 2 KB"; CURRENT_LABEL=$smtp profiled 2k bench smtp-ingest "$smtp" --smtp-port="$sport" --size=2048 "${md[@]}" "$memory" "${db[@]}"
        # the same again: the first pass after a start also pays the JVM's JIT compilation (issue 17, stop 17)
        log "  $smtp: smtp ingest 2 KB, second pass (${SMTP_WARM_MESSAGES:-10000} messages)"
        CURRENT_LABEL=$smtp profiled 2k-warm bench smtp-ingest "$smtp" --smtp-port="$sport" --size=2048 --pass=warm --messages="${SMTP_WARM_MESSAGES:-10000}" \
            "${md[@]}" "$memory" "${db[@]}"
        # and once more: the JVM's C2 compiler is still busy through the second pass (stop 28: a third of its CPU)
        log "  $smtp: smtp ingest 2 KB, third pass (${SMTP_STEADY_MESSAGES:-10000} messages)"
        CURRENT_LABEL=$smtp profiled 2k-steady bench smtp-ingest "$smtp" --smtp-port="$sport" --size=2048 --pass=steady --messages="${SMTP_STEADY_MESSAGES:-10000}" \
            "${md[@]}" "$memory" "${db[@]}"
        log "  $smtp: smtp ingest 50 KB"; CURRENT_LABEL=$smtp profiled 50k bench smtp-ingest "$smtp" --smtp-port="$sport" --size=51200 "${md[@]}" "$memory" "${db[@]}"
    fi
    if want single; then
        log "  $imap: imap single client"; bench imap-single "$imap" --imap-port="$iport" --repeats="${SINGLE_REPEATS:-5}"
    fi
    if want mixed; then
        local seconds=30 seed=100
        [ -n "$QUICK" ] && seconds=6 && seed=40
        log "  $imap: imap mixed 10"; bench imap-mixed "$imap" --imap-port="$iport" --clients=10 --seconds=$seconds --seed=$seed
        log "  $imap: imap mixed 50"; bench imap-mixed "$imap" --imap-port="$iport" --clients=50 --seconds=$seconds --seed=$seed
    fi
    if want mixed-login; then   # issue 17: LOGIN at its real share (10 %), and the command path alone (0 %)
        local seconds=${MIXED_SECONDS:-30} seed=100 clients
        [ -n "$QUICK" ] && seconds=6 && seed=40
        for clients in ${MIXED_CLIENTS:-10}; do   # e.g. MIXED_CLIENTS="10 50 200"
            for share in 10 0; do
                log "  $imap: imap mixed $clients, login $share %"
                bench imap-mixed "$imap" --imap-port="$iport" --clients="$clients" --seconds=$seconds --seed=$seed \
                    --relogin-percent=$share "$memory" "${db[@]}"
            done
            # both again: the first minute after a start also pays the JVM's JIT compilation (stop 17)
            for share in 10 0; do
                log "  $imap: imap mixed $clients, login $share %, second pass"
                bench imap-mixed "$imap" --imap-port="$iport" --clients="$clients" --seconds=$seconds --seed=$seed \
                    --relogin-percent=$share --pass=warm "$memory" "${db[@]}"
            done
        done
    fi
    if want big && [ "$ROUND" -le "${BIG_ROUNDS:-$ROUNDS}" ]; then
        log "  $imap: big mailbox"; bench big-mailbox "$imap" --imap-port="$iport" ${WEB_PORT:+--web-port=$WEB_PORT}
    fi
    if want sortsearch; then
        local fill=()
        [ "$imap" = dovecot ] && fill=(--no-fill)
        log "  $imap: sort, thread and search on a big mailbox"
        bench sort-search "$imap" --imap-port="$iport" "${fill[@]}"
    fi
    if want idle; then
        log "  $imap: idle memory"; bench idle-memory "$imap" --imap-port="$iport" "$memory"
    fi
}

run_anchor() {
    ports_free || return 0
    if ! want smtp; then
        run_dovecot_alone   # IMAP scenarios need no Postfix (nor its package)
        return 0
    fi
    setup_postfix
    setup_dovecot
    START_MS=$(now_ms)
    start_postfix
    start_dovecot
    bench wait-ports postfix+dovecot --ports=$PF_SMTP,$DV_IMAP --start-ms="$START_MS" \
        --smtp-port=$PF_SMTP --ready-user="${USERS[-1]}@$DOMAIN"
    scenarios postfix dovecot $PF_SMTP $DV_IMAP "$PF/mail" --proc-prefix=dovecot
    stop_postfix
    stop_dovecot
}

run_dovecot_alone() {
    setup_dovecot
    if want sortsearch; then
        local home=$DV/mail/$DOMAIN/u3
        log "  dovecot: writing the sort-search mailbox into $home/Maildir"
        "$JAVA" -jar "$BENCH_JAR" sort-search-fill --dir="$home/Maildir" --to="u3@$DOMAIN" $QUICK
        chown -R mail:mail "$DV/mail"
    fi
    START_MS=$(now_ms)
    start_dovecot
    bench wait-ports dovecot --ports=$DV_IMAP --start-ms="$START_MS"
    scenarios none dovecot 0 $DV_IMAP "" --proc-prefix=dovecot
    stop_dovecot
}

run_mailwright() { # run_mailwright <label>
    local label=$1
    ports_free || return 0
    start_mailwright "$label"
    # BENCH_START_TIMEOUT (s, default 180): how long a start may take; a machine shared with other work needs more
    bench wait-ports "$label" --ports=$MW_SMTP,$MW_SUB,$MW_SUBS,$MW_IMAP,$MW_IMAPS,$MW_WEB --start-ms="$START_MS" \
        --smtp-port=$MW_SMTP --ready-user="${USERS[-1]}@$DOMAIN" --timeout-seconds="${BENCH_START_TIMEOUT:-180}"
    if kill -0 "$MW_PID" 2>/dev/null; then
        # on PostgreSQL the database's processes are counted too, apart (db_cpu_ms_per_*)
        local dbflag=""
        [ "$label" = mailwright-pg ] && dbflag=--db-proc-prefix=postgres
        WEB_PORT=$MW_WEB scenarios "$label" "$label" $MW_SMTP $MW_IMAP "" --jvm-pid="$MW_PID" $dbflag
    else
        log "  $label did not start (see $LOGS/$label-$ROUND.log)"
        echo "round $ROUND $label did not start" >> "$LOGS/failures"
    fi
    stop_mailwright
}

# a previous run killed with SIGKILL may have left its private instances running
stop_postfix
stop_dovecot
rm -rf "$WORK"
mkdir -p "$WORK"
chmod 755 "$WORK"
start_pg
# once, before the rounds: the extraction and the training start are not part of any start-up time
if [ "${MW_START:-jar}" = script ]; then
    log "preparing bin/mailwright's start-up cache for $MW_JAR"
    MAILWRIGHT_CACHE_DIR=${MW_CACHE_DIR:-$WORK/mw-cache} JAVA_HOME=$JAVA_HOME "$ROOT/bin/mailwright" --jar "$MW_JAR" --prepare
fi
log "Postfix $POSTFIX_VERSION, Dovecot $DOVECOT_VERSION, $($JAVA -version 2>&1 | head -1), $(nproc) CPUs"
log "results: $RESULTS"
# before each server: PostgreSQL's dirty buffers and the kernel's dirty pages written out, so that the previous
# server's writes (a checkpoint of the last PostgreSQL run comes due minutes later) do not queue before this one's
# fsyncs (stop 34's 3-round run, without it: Postfix's warm passes were 9-22 % and H2's 17-48 % slower in rounds 2 and 3,
# which followed PostgreSQL runs, than in round 1)
settle() {
    if [ -n "$PG_PORT" ]; then
        runuser -u postgres -- psql -q -p "$PG_PORT" -c CHECKPOINT >/dev/null 2>&1 || true
    fi
    sync
}
for ROUND in $(seq 1 "$ROUNDS"); do
    if serving anchor; then log "round $ROUND/$ROUNDS: postfix+dovecot"; settle; run_anchor; fi
    for label in mailwright-h2 mailwright-pg; do
        if serving $label; then log "round $ROUND/$ROUNDS: $label"; settle; run_mailwright $label; fi
    done
done

echo
echo "Mailwright vs. Postfix $POSTFIX_VERSION / Dovecot $DOVECOT_VERSION, $ROUNDS rounds${QUICK:+, quick mode}, $(nproc) CPUs, $(date -u +%F)"
echo
"$JAVA" -jar "$BENCH_JAR" report --in="$RESULTS"
if [ -s "$LOGS/failures" ]; then
    echo
    echo "Failed runs (not in the table):"
    sed 's/^/  /' "$LOGS/failures"
fi

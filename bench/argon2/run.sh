#!/usr/bin/env bash
# Argon2id verifications/s before (Spring Security + Bouncy Castle) and after (dev.mailwright.auth's engines),
# 1 and 2 threads. Usage: bench/argon2/run.sh [seconds per measurement, default 10] [rounds, default 3]
# Compiles the main sources if needed, then runs PasswordHashBench.java with the application's class path.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
[ -d target/classes/dev/mailwright/auth ] || ./mvnw -q -B compile
CP_FILE=$ROOT/bench/target/argon2-classpath.txt
mkdir -p "$ROOT/bench/target"
[ -s "$CP_FILE" ] || ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g \
    -cp "$ROOT/target/classes:$(cat "$CP_FILE")" "$ROOT/bench/argon2/PasswordHashBench.java" "${1:-10}" "${2:-3}"

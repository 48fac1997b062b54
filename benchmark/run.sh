#!/usr/bin/env bash
# The benchmark of issue 6, in one command: builds the services and the load generator, starts an
# embedded PostgreSQL 17 in a temporary directory on a free port (or uses RECON_DB_URL /
# RECON_DB_USER / RECON_DB_PASSWORD when set), starts the command side and the query side on free
# non-default ports, runs every scenario, writes benchmark/results/<UTC timestamp>.md and .json,
# and stops everything it started.
#
#   benchmark/run.sh                          default run (about 10 minutes on 2 cores)
#   benchmark/run.sh --quick                  smoke run (about 2 minutes, tiny figures)
#   benchmark/run.sh --replay-events=1000000  measure the replay of 1,000,000 events (tops the store up first)
#   benchmark/run.sh --rates=500,1000 --step-seconds=10 ...  any option of BenchmarkMain (--name=value)
#
# Environment: BENCH_JAVA_OPTS (services' JVM options, default as ./run.sh: -Xms1g -Xmx1g -Xmn128m -XX:MaxTenuringThreshold=1),
# BENCH_QUERY_JAVA_OPTS (the query side's alone, default BENCH_JAVA_OPTS),
# BENCH_SKIP_BUILD=1 (reuse the built jars), BENCH_KEEP=1 (keep the temp dir with the logs),
# BENCH_JFR=1 (JFR of both services for the whole run, default settings: about 1% overhead; the .jfr
# files and a hot-spot summary of each, *-hotspots.txt, land in the results dir).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ARGS=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then
    ARGS+=(--rates=100,200 --step-seconds=5 --refine=false --warmup-seconds=5 --warmup-max-seconds=15 --warmup-rate=100 --latency-seconds=5
           --batch-seconds=5 --asof-events=1000 --asof-samples=10 --replay-events=5000 --raw-max-rows=5000
           --skus=100 --locations=5 --senders=16 --batch-clients=2)
  else
    ARGS+=("$arg")
  fi
done

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "Building the services and the benchmark..."
  ./mvnw -q -DskipTests package
  ./mvnw -q -DskipTests -Pbenchmark -pl benchmark package
fi
COMMAND_JAR=command-side/target/command-side.jar
QUERY_JAR=query-side/target/query-side.jar
DB_JAR=$(ls dev-database/target/dev-database-*-exec.jar | head -1)
BENCH_JAR=benchmark/target/benchmark.jar

WORK=$(mktemp -d "${TMPDIR:-/tmp}/recon-bench.XXXXXX")
RESULTS_DIR="$ROOT/benchmark/results"
mkdir -p "$RESULTS_DIR"
PIDS=()
JFR_PIDS=()
stop_all() {
  trap - INT TERM EXIT
  if [ "${BENCH_JFR:-0}" = 1 ]; then
    for pid in "${JFR_PIDS[@]}"; do
      jfr_file="$RESULTS_DIR/$(cat "$WORK/name-$pid" 2>/dev/null || echo "$pid").jfr"
      jcmd "$pid" JFR.dump name=bench filename="$jfr_file" >/dev/null 2>&1 || true
      [ -f "$jfr_file" ] && java -jar "$BENCH_JAR" hotspots "$jfr_file" >"${jfr_file%.jfr}-hotspots.txt" 2>&1 || true
    done
  fi
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
    # a service that does not stop within 60 s (out of memory, stuck) is killed: left running, it would take
    # the CPU of the next run
    for (( s=0; s<600; s++ )); do kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "${PIDS[$i]}" 2>/dev/null; then
      echo "process ${PIDS[$i]} did not stop within 60 s of SIGTERM: killed" >&2
      kill -KILL "${PIDS[$i]}" 2>/dev/null || true
    fi
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "Kept $WORK (logs and database files)."
  else
    rm -rf "$WORK"
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# a free TCP port, below the kernel's ephemeral range (client connections take ports from that range,
# and a port one of them holds cannot be listened on): no socket of any state uses it, and nothing answers
free_port() {
  local port low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  while :; do
    port=$((10000 + RANDOM % (low - 10000)))
    if command -v ss >/dev/null 2>&1; then
      [ -z "$(ss -Htan "( sport = :$port )" 2>/dev/null)" ] || continue
    fi
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# the embedded profile in every case: the benchmark uses the demo API keys (RECON_DB_URL still
# decides the database); point it only at a scratch database, the run adds about 200,000 events
PROFILE_ARGS=(--spring.profiles.active="${BENCH_PROFILE:-embedded}")
if [ -z "${RECON_DB_URL:-}" ]; then
  DB_PORT=$(free_port)
  echo "Starting embedded PostgreSQL in $WORK/postgres on port $DB_PORT..."
  PG_DATA_DIR="$WORK/postgres"
  java -jar "$DB_JAR" "$PG_DATA_DIR" "$DB_PORT" >"$WORK/postgres.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    grep -q '^READY' "$WORK/postgres.log" 2>/dev/null && break
    kill -0 "${PIDS[0]}" 2>/dev/null || { echo "embedded PostgreSQL failed to start:" >&2; tail -n 20 "$WORK/postgres.log" >&2; exit 1; }
    sleep 0.5
  done
  grep -q '^READY' "$WORK/postgres.log" || { echo "embedded PostgreSQL did not become ready" >&2; exit 1; }
  export RECON_DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/recon"
  export RECON_DB_USER=postgres RECON_DB_PASSWORD=postgres
fi

COMMAND_PORT=$(free_port)
QUERY_PORT=$(free_port)
while [ "$QUERY_PORT" = "$COMMAND_PORT" ]; do QUERY_PORT=$(free_port); done
JAVA_OPTS=(${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -Xmn128m -XX:MaxTenuringThreshold=1})
QUERY_JAVA_OPTS=(${BENCH_QUERY_JAVA_OPTS:-${JAVA_OPTS[*]}})
if [ "${BENCH_JFR:-0}" = 1 ]; then
  JFR_OPT=-XX:StartFlightRecording=name=bench,settings=default,disk=true,maxsize=500m
  JAVA_OPTS+=("$JFR_OPT")
  QUERY_JAVA_OPTS+=("$JFR_OPT")
fi
SERVICE_JAVA_OPTS="${JAVA_OPTS[*]}"
[ "${QUERY_JAVA_OPTS[*]}" = "$SERVICE_JAVA_OPTS" ] || SERVICE_JAVA_OPTS="command side $SERVICE_JAVA_OPTS; query side ${QUERY_JAVA_OPTS[*]}"
echo "Starting the command side on $COMMAND_PORT and the query side on $QUERY_PORT..."
java "${JAVA_OPTS[@]}" -jar "$COMMAND_JAR" --server.port="$COMMAND_PORT" "${PROFILE_ARGS[@]}" >"$WORK/command-side.log" 2>&1 &
COMMAND_PID=$!
PIDS+=($COMMAND_PID)
# the command side runs the Flyway migrations: let it finish them before the query side starts
healthy() { curl -fsS "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }
wait_healthy() {
  local port=$1 pid=$2 log=$3 deadline=$((SECONDS + 180))
  until healthy "$port"; do
    kill -0 "$pid" 2>/dev/null || { echo "A service exited during start-up:" >&2; tail -n 30 "$log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "Service on $port not healthy after 180 s" >&2; tail -n 30 "$log" >&2; exit 1; }
    sleep 1
  done
}
wait_healthy "$COMMAND_PORT" "$COMMAND_PID" "$WORK/command-side.log"
java "${QUERY_JAVA_OPTS[@]}" -jar "$QUERY_JAR" --server.port="$QUERY_PORT" "${PROFILE_ARGS[@]}" >"$WORK/query-side.log" 2>&1 &
QUERY_PID=$!
PIDS+=($QUERY_PID)
wait_healthy "$QUERY_PORT" "$QUERY_PID" "$WORK/query-side.log"
JFR_PIDS=("$COMMAND_PID" "$QUERY_PID")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
echo "jfr-$STAMP-command-side" >"$WORK/name-$COMMAND_PID"
echo "jfr-$STAMP-query-side" >"$WORK/name-$QUERY_PID"

echo "Running the scenarios (progress below; results in $RESULTS_DIR)..."
status=0
java -Xms256m -Xmx1g -jar "$BENCH_JAR" \
  --command-url="http://127.0.0.1:$COMMAND_PORT" --query-url="http://127.0.0.1:$QUERY_PORT" \
  --db-url="$RECON_DB_URL" --db-user="${RECON_DB_USER:-postgres}" --db-password="${RECON_DB_PASSWORD:-postgres}" \
  --command-pid="$COMMAND_PID" --query-pid="$QUERY_PID" --results-dir="$RESULTS_DIR" \
  --pg-data-dir="${PG_DATA_DIR:-}" \
  --java-version="$(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')" \
  --service-java-opts="$SERVICE_JAVA_OPTS" \
  --service-overrides="$(env | grep -E '^(RECON|SPRING)_' | grep -vE '^RECON_DB_(URL|USER|PASSWORD)=' | grep -viE '^[^=]*(KEY|PASSWORD|SECRET|TOKEN)[^=]*=' | sort | tr '\n' ' ' | sed 's/ *$//')" \
  "${ARGS[@]}" || status=$?
for svc in command-side query-side; do
  # SpringDoc's start-up notices (the API docs are on) are expected and left out
  warnings=$(grep -E '^[0-9T:.-]+Z +(ERROR|WARN) ' "$WORK/$svc.log" | grep -v SpringDoc || true)
  if [ -n "$warnings" ]; then
    echo "note: $svc logged $(printf '%s\n' "$warnings" | wc -l) errors/warnings; first lines and causes:"
    printf '%s\n' "$warnings" | head -n 3
    grep -E '^Caused by' "$WORK/$svc.log" | sort | uniq -c | sort -rn | head -n 3 | cut -c1-400 || true
  fi
done
exit $status

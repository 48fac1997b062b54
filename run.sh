#!/usr/bin/env bash
# Runs the whole service on this machine: an embedded PostgreSQL 17 (data under ./.recon-data/),
# the command side on 8080 and the query side on 8081. Ctrl-C or SIGTERM stops all three: the two
# services first (graceful shutdown), the database last.
#
# With RECON_DB_URL (and RECON_DB_USER / RECON_DB_PASSWORD) set, that database is used instead and
# no embedded PostgreSQL is started (configure your own API keys then: demo keys are embedded-only).
#
# Optional environment:
#   RECON_DATA_DIR          data, logs and lock directory         (default ./.recon-data)
#   RECON_EMBEDDED_DB_PORT  port of the embedded PostgreSQL       (default 54329)
#   RECON_COMMAND_PORT      command side port                     (default 8080)
#   RECON_QUERY_PORT        query side port                       (default 8081)
#   RECON_START_TIMEOUT     seconds to wait for start-up          (default 180)
#   RECON_STOP_TIMEOUT      seconds to wait for each stop step    (default 60)
#   RECON_JAVA_OPTS         JVM options of each service           (default -Xms1g -Xmx1g -Xmn128m -XX:MaxTenuringThreshold=1)
#   SPRING_PROFILES_ACTIVE  profiles with the embedded database   (default embedded)
set -euo pipefail
cd "$(dirname "$0")"

DATA_DIR="${RECON_DATA_DIR:-./.recon-data}"
DB_PORT="${RECON_EMBEDDED_DB_PORT:-54329}"
COMMAND_PORT="${RECON_COMMAND_PORT:-8080}"
QUERY_PORT="${RECON_QUERY_PORT:-8081}"
START_TIMEOUT="${RECON_START_TIMEOUT:-180}"
STOP_TIMEOUT="${RECON_STOP_TIMEOUT:-60}"
LOG_DIR="$DATA_DIR/logs"
PG_DATA="$DATA_DIR/postgres"

die() {
  echo "run.sh: $*" >&2
  exit 1
}

# ---- prerequisites: a JDK 17+, curl, flock; sane settings ----
command -v java >/dev/null 2>&1 || die "java is not on the PATH; install a JDK 17 (or newer)."
JAVA_VERSION=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
[ "${JAVA_VERSION%%.*}" -ge 17 ] 2>/dev/null || die "Java ${JAVA_VERSION:-?} found on the PATH; Java 17 or newer is needed."
for tool in curl flock; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is needed; install it (package curl / util-linux)."
done
for setting in DB_PORT COMMAND_PORT QUERY_PORT START_TIMEOUT STOP_TIMEOUT; do
  [[ "${!setting}" =~ ^[0-9]+$ ]] || die "$setting must be a number, not '${!setting}'."
done
[ "$COMMAND_PORT" != "$QUERY_PORT" ] || die "the command side and the query side need different ports."
read -r -a JAVA_OPTS <<<"${RECON_JAVA_OPTS:--Xms1g -Xmx1g -Xmn128m -XX:MaxTenuringThreshold=1}"

mkdir -p "$LOG_DIR"

# ---- one instance per data directory: a second one would corrupt the database files ----
exec 9>"$DATA_DIR/run.lock"
if ! flock -n 9; then
  holders=$(fuser "$DATA_DIR/run.lock" 2>/dev/null | tr -s ' ' || true)
  die "already running for $DATA_DIR (lock $DATA_DIR/run.lock held${holders:+ by pid(s)$holders}); stop it first."
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A postgres left running on our data directory (its run.sh was killed with -9): we hold the lock,
# so nobody uses it; stop it cleanly before starting our own.
leftover_postmaster() {
  local pid
  [ -f "$PG_DATA/postmaster.pid" ] || return 1
  pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qx 'postgres' "/proc/$pid/comm" 2>/dev/null || return 1
  echo "$pid"
}
stop_leftover_postmaster() {
  local pid
  pid=$(leftover_postmaster) || return 0
  echo "Stopping a PostgreSQL left running on $PG_DATA (pid $pid)..."
  kill -INT "$pid" 2>/dev/null || true # fast shutdown: rolls back open transactions, checkpoints, exits
  for _ in $(seq 1 $((STOP_TIMEOUT * 5))); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  echo "run.sh: PostgreSQL (pid $pid) did not stop within ${STOP_TIMEOUT}s." >&2
  return 1
}

# Processes an earlier run.sh started and left behind when it was killed with -9 (we hold the lock,
# so that run.sh is gone): stop them, services first, before they collide with this run.
PID_FILE="$DATA_DIR/run.pids"
stop_leftovers() {
  local pid name cmdline
  [ -f "$PID_FILE" ] || return 0
  while read -r pid name; do
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    [[ "$cmdline" == *java*"$name"* ]] || continue
    echo "Stopping $name (pid $pid) left running by an earlier run..."
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((STOP_TIMEOUT * 5))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  done < <(tac "$PID_FILE")
  rm -f "$PID_FILE"
}
stop_leftovers

if [ -z "${RECON_DB_URL:-}" ]; then
  stop_leftover_postmaster || die "stop PostgreSQL pid $(leftover_postmaster) by hand, then start again."
fi
PORTS=("$COMMAND_PORT" "$QUERY_PORT")
[ -n "${RECON_DB_URL:-}" ] || PORTS+=("$DB_PORT")
for port in "${PORTS[@]}"; do
  port_in_use "$port" && die "port $port is already in use by another program; free it or choose another port (see the top of run.sh)."
done

# ---- build when needed ----
COMMAND_JAR=command-side/target/command-side.jar
QUERY_JAR=query-side/target/query-side.jar
find_db_jar() { ls dev-database/target/dev-database-*-exec.jar 2>/dev/null | head -n 1 || true; }
DB_JAR=$(find_db_jar)

BUILD_STAMP=command-side/target/run.sh.built # Maven leaves an up-to-date jar untouched: compare with our own stamp
needs_build() {
  [ -f "$COMMAND_JAR" ] && [ -f "$QUERY_JAR" ] && [ -n "$DB_JAR" ] && [ -f "$BUILD_STAMP" ] || return 0
  [ -n "$(find pom.xml ./*/pom.xml .mvn shared-api/src dev-database/src service-support/src command-side/src query-side/src \
      -type f -newer "$BUILD_STAMP" -print -quit 2>/dev/null)" ]
}
if needs_build; then
  echo "Building (first run or sources changed; the first build downloads dependencies)..."
  ./mvnw -q -B -DskipTests package || die "the build failed; see the Maven output above."
  touch "$BUILD_STAMP"
  DB_JAR=$(find_db_jar)
  [ -n "$DB_JAR" ] || die "the build did not produce dev-database/target/dev-database-*-exec.jar."
fi

# ---- start, and stop everything in order on the way out ----
SERVICE_PIDS=()
SERVICE_NAMES=()
DB_PID=""
POSTMASTER_PID=""

# Waits up to $2 seconds for pid $1 to end, then kills it; reaps it either way.
stop_process() {
  local pid=$1 timeout=$2 name=$3
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  for _ in $(seq 1 $((timeout * 5))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name did not stop within ${timeout}s; killing it." >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  trap '' INT TERM HUP # a second Ctrl-C must not cut the orderly shutdown short
  trap - EXIT
  echo
  echo "Stopping..."
  local i
  for pid in "${SERVICE_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true # both services drain in parallel
  done
  for i in "${!SERVICE_PIDS[@]}"; do
    stop_process "${SERVICE_PIDS[$i]}" "$STOP_TIMEOUT" "${SERVICE_NAMES[$i]}"
  done
  if [ -n "$DB_PID" ]; then
    kill -TERM "$DB_PID" 2>/dev/null || true # its shutdown hook stops PostgreSQL (fast shutdown)
    stop_process "$DB_PID" "$STOP_TIMEOUT" "embedded PostgreSQL"
    stop_leftover_postmaster || true # if its JVM was killed before PostgreSQL stopped
    # PostgreSQL removes postmaster.pid just before it exits: wait for the process itself
    if [ -n "$POSTMASTER_PID" ]; then
      for _ in $(seq 1 $((STOP_TIMEOUT * 5))); do
        grep -qx 'postgres' "/proc/$POSTMASTER_PID/comm" 2>/dev/null || break
        sleep 0.2
      done
    fi
  fi
  rm -f "$PID_FILE"
  echo "Stopped."
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all; exit 129' HUP
trap 'stop_all' EXIT

rotate_log() { [ ! -f "$LOG_DIR/$1" ] || mv -f "$LOG_DIR/$1" "$LOG_DIR/$1.1"; }
tail_log() { echo "--- last lines of $LOG_DIR/$1:" >&2; tail -n "${2:-30}" "$LOG_DIR/$1" >&2 || true; }

PROFILE_ARGS=()
DEMO_KEYS=false
deadline=$((SECONDS + START_TIMEOUT))
if [ -z "${RECON_DB_URL:-}" ]; then
  echo "Starting embedded PostgreSQL (data: $PG_DATA, port $DB_PORT)..."
  rotate_log postgres.log
  # 9>&- here and below: children must not hold the lock should they outlive this script (see stop_leftovers)
  java -jar "$DB_JAR" "$PG_DATA" "$DB_PORT" >"$LOG_DIR/postgres.log" 2>&1 9>&- &
  DB_PID=$!
  echo "$DB_PID dev-database" >>"$PID_FILE"
  until grep -q '^READY' "$LOG_DIR/postgres.log" 2>/dev/null; do
    kill -0 "$DB_PID" 2>/dev/null || { tail_log postgres.log; die "embedded PostgreSQL failed to start."; }
    [ $SECONDS -lt $deadline ] || { tail_log postgres.log; die "embedded PostgreSQL not ready after ${START_TIMEOUT}s."; }
    sleep 0.5
  done
  POSTMASTER_PID=$(leftover_postmaster || true)
  export RECON_DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/recon"
  export RECON_DB_USER=postgres RECON_DB_PASSWORD=postgres
  PROFILES="${SPRING_PROFILES_ACTIVE:-embedded}"
  PROFILE_ARGS=(--spring.profiles.active="$PROFILES")
  [[ ",$PROFILES," == *,embedded,* ]] && DEMO_KEYS=true
else
  echo "Using the PostgreSQL at $RECON_DB_URL (no embedded database)."
fi

start_service() {
  local name=$1 jar=$2 port=$3
  rotate_log "$name.log"
  java "${JAVA_OPTS[@]}" -jar "$jar" --server.port="$port" "${PROFILE_ARGS[@]}" >"$LOG_DIR/$name.log" 2>&1 9>&- &
  SERVICE_PIDS+=($!)
  echo "$! $name" >>"$PID_FILE"
  SERVICE_NAMES+=("$name")
}
echo "Starting the command side (port $COMMAND_PORT) and the query side (port $QUERY_PORT)..."
start_service command-side "$COMMAND_JAR" "$COMMAND_PORT"
start_service query-side "$QUERY_JAR" "$QUERY_PORT"

healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }
until healthy "$COMMAND_PORT" && healthy "$QUERY_PORT"; do
  for i in "${!SERVICE_PIDS[@]}"; do
    kill -0 "${SERVICE_PIDS[$i]}" 2>/dev/null || { tail_log "${SERVICE_NAMES[$i]}.log"; die "${SERVICE_NAMES[$i]} exited during start-up."; }
  done
  if [ -n "$DB_PID" ] && ! kill -0 "$DB_PID" 2>/dev/null; then
    tail_log postgres.log
    die "embedded PostgreSQL exited during start-up."
  fi
  [ $SECONDS -lt $deadline ] || die "services not healthy after ${START_TIMEOUT}s; see $LOG_DIR/."
  sleep 1
done

cat <<MSG

Inventory reconciliation is running (logs in $LOG_DIR/).
  Command side  http://localhost:$COMMAND_PORT/swagger-ui.html
  Query side    http://localhost:$QUERY_PORT/swagger-ui.html
MSG
if $DEMO_KEYS; then
  cat <<'MSG'
Demo API keys (header X-Api-Key; embedded profile only):
  SOURCE    storefront-dev-key  erp-dev-key  warehouse-dev-key
  OPERATOR  ecommerce-ops-dev-key  erp-ops-dev-key  warehouse-ops-dev-key
  AUDITOR   auditor-dev-key     REPORTER  reporter-dev-key     ADMIN  admin-dev-key
MSG
else
  echo "API keys: those configured in recon.security.api-keys (demo keys work with the embedded profile only)."
fi
echo "Press Ctrl-C to stop."

# Returns when any of the three exits (or a signal arrives: the traps above take over).
set +e
wait -n "${SERVICE_PIDS[@]}" ${DB_PID:+"$DB_PID"}
status=$?
set -e
for i in "${!SERVICE_PIDS[@]}"; do
  kill -0 "${SERVICE_PIDS[$i]}" 2>/dev/null || tail_log "${SERVICE_NAMES[$i]}.log"
done
[ -z "$DB_PID" ] || kill -0 "$DB_PID" 2>/dev/null || tail_log postgres.log
echo "run.sh: a process exited unexpectedly (status $status); stopping the others. Logs: $LOG_DIR/" >&2
exit 1

#!/usr/bin/env bash
# Runs the whole service on this machine: an embedded PostgreSQL 17 (data under ./.recon-data/),
# the command side on 8080 and the query side on 8081. Ctrl-C or SIGTERM stops all three.
# With RECON_DB_URL (and RECON_DB_USER / RECON_DB_PASSWORD) set, that database is used instead.
set -euo pipefail
cd "$(dirname "$0")"

DATA_DIR="${RECON_DATA_DIR:-./.recon-data}"
DB_PORT="${RECON_EMBEDDED_DB_PORT:-54329}"
COMMAND_PORT="${RECON_COMMAND_PORT:-8080}"
QUERY_PORT="${RECON_QUERY_PORT:-8081}"
START_TIMEOUT="${RECON_START_TIMEOUT:-180}"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$LOG_DIR"

# One instance per data directory: a second run would corrupt the database files.
exec 9>"$DATA_DIR/run.lock"
if ! flock -n 9; then
  echo "run.sh is already running for $DATA_DIR (lock held on $DATA_DIR/run.lock); stop it first." >&2
  exit 1
fi

COMMAND_JAR=command-side/target/command-side.jar
QUERY_JAR=query-side/target/query-side.jar
DB_JAR=$(ls dev-database/target/dev-database-*-exec.jar 2>/dev/null | head -1 || true)

needs_build() {
  [ -f "$COMMAND_JAR" ] && [ -f "$QUERY_JAR" ] && [ -n "$DB_JAR" ] || return 0
  [ -n "$(find pom.xml shared-api/src dev-database/src service-support/src command-side/src query-side/src \
      -type f -newer "$COMMAND_JAR" -print -quit 2>/dev/null)" ]
}
if needs_build; then
  echo "Building (first run or sources changed)..."
  ./mvnw -q -DskipTests package
  DB_JAR=$(ls dev-database/target/dev-database-*-exec.jar | head -1)
fi

PIDS=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  echo "Stopped."
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

PROFILE_ARGS=()
if [ -z "${RECON_DB_URL:-}" ]; then
  echo "Starting embedded PostgreSQL (data: $DATA_DIR/postgres, port $DB_PORT)..."
  java -jar "$DB_JAR" "$DATA_DIR/postgres" "$DB_PORT" >"$LOG_DIR/postgres.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    grep -q '^READY' "$LOG_DIR/postgres.log" 2>/dev/null && break
    kill -0 "${PIDS[0]}" 2>/dev/null || { echo "embedded PostgreSQL failed to start:" >&2; tail -n 20 "$LOG_DIR/postgres.log" >&2; exit 1; }
    sleep 0.5
  done
  grep -q '^READY' "$LOG_DIR/postgres.log" || { echo "embedded PostgreSQL did not become ready" >&2; exit 1; }
  export RECON_DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/recon"
  export RECON_DB_USER=postgres RECON_DB_PASSWORD=postgres
  PROFILE_ARGS=(--spring.profiles.active="${SPRING_PROFILES_ACTIVE:-embedded}")
fi

JAVA_OPTS=(${RECON_JAVA_OPTS:--Xms256m -Xmx1g})
java "${JAVA_OPTS[@]}" -jar "$COMMAND_JAR" --server.port="$COMMAND_PORT" "${PROFILE_ARGS[@]}" >"$LOG_DIR/command-side.log" 2>&1 &
PIDS+=($!)
java "${JAVA_OPTS[@]}" -jar "$QUERY_JAR" --server.port="$QUERY_PORT" "${PROFILE_ARGS[@]}" >"$LOG_DIR/query-side.log" 2>&1 &
PIDS+=($!)

healthy() { curl -fsS "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }
deadline=$((SECONDS + START_TIMEOUT))
until healthy "$COMMAND_PORT" && healthy "$QUERY_PORT"; do
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A service exited during start-up; see $LOG_DIR/" >&2; tail -n 30 "$LOG_DIR/command-side.log" "$LOG_DIR/query-side.log" >&2; exit 1; }
  done
  [ $SECONDS -lt $deadline ] || { echo "Services not healthy after ${START_TIMEOUT}s; see $LOG_DIR/" >&2; exit 1; }
  sleep 1
done

cat <<MSG

Inventory reconciliation is running (logs in $LOG_DIR/).
  Command side  http://localhost:$COMMAND_PORT/swagger-ui.html
  Query side    http://localhost:$QUERY_PORT/swagger-ui.html
MSG
if [ ${#PROFILE_ARGS[@]} -gt 0 ]; then
cat <<'MSG'
Demo API keys (header X-Api-Key; embedded profile only):
  SOURCE    storefront-dev-key  erp-dev-key  warehouse-dev-key
  OPERATOR  ecommerce-ops-dev-key  erp-ops-dev-key  warehouse-ops-dev-key
  AUDITOR   auditor-dev-key     REPORTER  reporter-dev-key     ADMIN  admin-dev-key
MSG
fi
echo "Press Ctrl-C to stop."
wait -n "${PIDS[@]}" || true
echo "A process exited unexpectedly; see $LOG_DIR/" >&2
exit 1

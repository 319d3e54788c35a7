#!/usr/bin/env bash
# Sets Hotpath up on this machine and starts it: Node check, .env, npm ci, build, MySQL and Redis where DATABASE_URL
# and REDIS_URL say (its own mariadbd and redis-server there when nothing answers; data under .run/), Chromium for the
# browser tests, migrations, demo data, then the API, the worker and the dashboard in the background. Safe to re-run.
# Settings come from the API's own loader (`node apps/api/run.mjs settings`: .env under the environment).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" && cd "$ROOT"
RUN_DIR="$ROOT/.run" LOG_DIR="$ROOT/.run/logs"
LAUNCHER=apps/api/run.mjs
INSTALL_STAMP="$ROOT/node_modules/.hotpath-lock-sha256"
START_TIMEOUT_SECONDS=${BOOTSTRAP_START_TIMEOUT_SECONDS:-120}

log() { printf '==> %s\n' "$*"; } && note() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf '\nerror: %s\n' "$1" >&2; shift; [[ $# -eq 0 ]] || printf '%s\n' "$@" | sed 's/^/       /' >&2; exit 1; }

usage() {
  cat <<'EOF'
Usage: ./bootstrap.sh [start|stop|status|help]
  start   (default) set up what is missing and (re)start the API, the worker and the dashboard
  stop    stop what bootstrap started, MariaDB and Redis included, and wait until it is gone
  status  what runs where, and where the tests keep their data
Settings come from .env (the environment wins). Logs: .run/logs/*.log
EOF
}

# step "what" command...: runs a command with its output in .run/logs/<log>.log; on failure, shows its last lines.
step() {
  local what=$1 name=$2 code=0 && shift 2
  log "$what"
  mkdir -p "$LOG_DIR"
  "$@" >"$LOG_DIR/$name.log" 2>&1 || code=$?
  [[ $code -eq 0 ]] || die "$what failed: '$*' exited with code $code. Its last lines (all in .run/logs/$name.log):" \
    "$(tail -n 25 "$LOG_DIR/$name.log")"
}

# ---- Node, .env, dependencies, build -------------------------------------------------------------------
check_node() {
  local hint="Install Node.js 24 (.nvmrc; 22.22+ works too): https://nodejs.org/en/download" version major minor
  command -v node >/dev/null 2>&1 || die "Node.js is not installed." "$hint"
  command -v npm >/dev/null 2>&1 || die "npm is not installed (it ships with Node.js)." "$hint"
  version=$(node -p 'process.versions.node')
  IFS=. read -r major minor _ <<<"$version"
  # Vite 8 needs ^20.19 or >=22.12; package.json's engines (22.22+, 24.15+) are what every dependency accepts.
  if [[ $major -lt 20 || $major -eq 21 ]] || [[ $major -eq 20 && $minor -lt 19 ]] || [[ $major -eq 22 && $minor -lt 12 ]]; then
    die "Node.js $version is too old for Hotpath." "$hint"
  fi
  [[ $major -ne 20 ]] || warn "Node.js 20 is past its end of life: Hotpath runs on it, but some dependencies ask for 22+. $hint"
  log "Node.js $version, npm $(npm --version)"
}

ensure_env_file() {
  [[ -f .env ]] && { log ".env exists; leaving it as it is"; return; }
  [[ -f .env.example ]] || die ".env.example is missing, so .env cannot be created from it."
  # The example's admin token is a placeholder; every machine gets its own.
  sed "s/^ADMIN_TOKEN=change-me.*/ADMIN_TOKEN=$(node -p 'require("node:crypto").randomBytes(24).toString("hex")')/" .env.example >.env
  chmod 600 .env
  log "Created .env from .env.example, with a generated ADMIN_TOKEN"
}

install_dependencies() {
  local wanted installed=""
  wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
  installed=$(cat "$INSTALL_STAMP" 2>/dev/null || true)
  [[ $installed != "$wanted" ]] || { log "node_modules matches package-lock.json; skipping npm ci"; return; }
  # Installed by npm itself (npm install, or before bootstrap ran): its record is newer than the lockfile.
  if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
    log "node_modules is newer than package-lock.json; skipping npm ci"
  else
    step "Installing dependencies (npm ci)" npm-ci npm ci --no-audit --no-fund
  fi
  printf '%s' "$wanted" >"$INSTALL_STAMP"
}

# The API's settings (defaults, validation and all) as shell variables: PORT, DB_HOST, REDIS_PORT, ...
load_settings() {
  local out line
  out=$(node "$LAUNCHER" settings 2>&1) || die "The configuration (.env and the environment) is not valid:" "$out"
  while IFS= read -r line; do
    if [[ $line =~ ^[A-Z0-9_]+= ]]; then printf -v "${line%%=*}" '%s' "${line#*=}"; fi
  done <<<"$out"
  API_URL="http://127.0.0.1:$PORT" DASHBOARD_URL="http://localhost:$DASHBOARD_PORT"
}

# ---- Processes bootstrap runs (pid files in .run/, no ps needed) --------------------------------------
pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

# Prints the pid of a running process bootstrap started; fails (and forgets a stale pid file) otherwise. Its
# command line (/proc) must still name the program, so a reused pid is never mistaken for ours.
running_pid() {
  local file pid marker
  file=$(pid_file "$1")
  case $1 in api | worker) marker="$LAUNCHER $1" ;; dashboard) marker=vite ;; redis) marker=redis-server ;; *) marker=mariadbd ;; esac
  pid=$(cat "$file" 2>/dev/null) || return 1
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    if [[ ! -r /proc/$pid/cmdline || $(tr '\0' ' ' <"/proc/$pid/cmdline") == *"$marker"* ]]; then printf '%s' "$pid"; return 0; fi
  fi
  rm -f "$file"
  return 1
}

# launch NAME command...: runs it detached (own session), output in .run/logs/NAME.log, pid in .run/NAME.pid.
launch() {
  local name=$1 pid_path tries=0 && shift
  pid_path=$(pid_file "$name")
  mkdir -p "$LOG_DIR"
  printf '%s bootstrap: %s\n' "$(date -u +%FT%TZ)" "$*" >"$LOG_DIR/$name.log"
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner bash, which hands its pid to the program
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pid_path" "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  until [[ -s $pid_path ]]; do
    [[ $((tries++)) -lt 50 ]] || die "$name did not start; see .run/logs/$name.log"
    sleep 0.1
  done
}

# Stops a process bootstrap started and waits until it is gone (SIGKILL after a minute).
halt() {
  local name=$1 pid waited=0
  pid=$(running_pid "$name") || return 0 # nothing of ours runs
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [[ $((waited++)) -eq 300 ]]; then # 60 s
      warn "$name (pid $pid) did not stop in time; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "$(pid_file "$name")" && note "stopped $name (pid $pid)"
}

# wait_until NAME "what" check args...: until the check passes; fails with the process's log if it died.
wait_until() {
  local name=$1 what=$2 waited=0 && shift 2
  until "$@"; do
    if ! running_pid "$name" >/dev/null; then
      stop_apps >/dev/null
      die "$name exited during start-up. Its last lines (all in .run/logs/$name.log):" "$(tail -n 25 "$LOG_DIR/$name.log")"
    fi
    [[ $((waited++)) -lt $START_TIMEOUT_SECONDS ]] || { stop_apps >/dev/null; die "$what within ${START_TIMEOUT_SECONDS}s; see .run/logs/$name.log"; }
    sleep 1
  done
}
stop_apps() { local name; for name in dashboard worker api; do halt "$name"; done; }

# ---- MySQL, Redis, test tools ---------------------------------------------------------------------------
tcp_answers() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }
http_ok() { node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }
is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }
ensure_free() { ! tcp_answers 127.0.0.1 "$2" || die "Port $2 ($1) is taken by a program bootstrap did not start." "Stop it, or set $1 in .env to a free port."; }

# redis_ask LINES command...: the first LINES lines of Redis's answer (no redis-cli needed).
redis_ask() {
  # shellcheck disable=SC2016 # the inner bash's variables
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    [[ -n $2 ]] && { printf "AUTH %s\r\n" "$2" >&3; read -r _ <&3; }
    lines=$3; shift 3; printf "%s\r\n" "$*" >&3
    for ((i = 0; i < lines; i++)); do IFS= read -r -t 3 line <&3 || break; printf "%s\n" "${line%?}"; done' \
    "$REDIS_HOST" "$REDIS_PORT" "$REDIS_PASSWORD" "$@" 2>/dev/null
}
redis_answers() { [[ $(redis_ask 1 PING) == +PONG ]]; }

# Installs Debian/Ubuntu packages as root (or with password-less sudo); fails when it cannot.
install_packages() {
  local sudo=() policy=/usr/sbin/policy-rc.d
  [[ $(id -u) -eq 0 ]] || { sudo -n true 2>/dev/null && sudo=(sudo -n); } || return 1
  command -v apt-get >/dev/null 2>&1 || return 1
  # No package starts its service: bootstrap runs the servers itself, on the ports the settings name.
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod +x "$policy"
    trap "${sudo[*]} rm -f $policy" EXIT
  fi
  step "Installing $* (apt-get)" apt-get "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    bash -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"' _ "$@"
}

# need_tool TOOL PACKAGE "what": sets TOOL to the program's path, installing its package when bootstrap may.
need_tool() {
  TOOL=$(PATH=$PATH:/usr/sbin command -v "$1" || true)
  [[ -n $TOOL ]] && return
  install_packages "$2" || die "$3 does not answer, and bootstrap cannot start one: $1 is not installed." \
    "Install it (Debian/Ubuntu: sudo apt-get install -y $2), or start your own server and set it in .env."
  TOOL=$(PATH=$PATH:/usr/sbin command -v "$1")
}
sql_quote() { local s=${1//\\/\\\\}; printf "'%s'" "${s//\'/\'\'}"; }

ensure_mysql() {
  local where="MySQL at $DB_HOST:$DB_PORT (DATABASE_URL)"
  if running_pid mysql >/dev/null || tcp_answers "$DB_HOST" "$DB_PORT"; then log "MySQL answers at $DB_HOST:$DB_PORT"; return; fi
  is_local "$DB_HOST" || die "$where does not answer." "Start it, or point DATABASE_URL in .env at a running server."
  local data="$RUN_DIR/mysql" user=() sql="" host account
  need_tool mariadbd mariadb-server "$where"
  [[ $(id -u) -eq 0 ]] && user=(--user=root)
  if [[ ! -d $data/data/mysql ]]; then
    mkdir -p "$data/data"
    step "Creating MariaDB's data directory (.run/mysql)" mysql-install \
      mariadb-install-db --no-defaults --datadir="$data/data" "${user[@]}" --skip-test-db --auth-root-authentication-method=normal
  fi
  # DATABASE_URL's login, made to work on every start (idempotent), with rights to create the test databases.
  for host in localhost 127.0.0.1 ::1 %; do # one statement per line, as --init-file wants
    account="$(sql_quote "$DB_USER")@'$host'"
    sql+="CREATE USER IF NOT EXISTS $account;"$'\n'"ALTER USER $account IDENTIFIED BY $(sql_quote "$DB_PASSWORD");"$'\n'
    sql+="GRANT ALL PRIVILEGES ON *.* TO $account WITH GRANT OPTION;"$'\n'
  done
  (umask 077 && printf '%s' "$sql" >"$data/init.sql")
  log "Starting MariaDB for the project on $DB_HOST:$DB_PORT (data in .run/mysql)"
  launch mysql "$TOOL" --no-defaults --datadir="$data/data" "${user[@]}" --port="$DB_PORT" --bind-address="$DB_HOST" \
    --socket="$data/mysqld.sock" --pid-file="$data/mysqld.pid" --skip-name-resolve --init-file="$data/init.sql"
  wait_until mysql "MariaDB did not answer on $DB_HOST:$DB_PORT" tcp_answers "$DB_HOST" "$DB_PORT"
  ! grep -qs '^ERROR' "$LOG_DIR/mysql.log" || die "MariaDB could not set up DATABASE_URL's login:" "$(grep '^ERROR' "$LOG_DIR/mysql.log")"
}

ensure_redis() {
  local where="Redis at $REDIS_HOST:$REDIS_PORT (REDIS_URL)"
  if redis_answers; then
    log "Redis answers at $REDIS_HOST:$REDIS_PORT"
    # A Redis without AOF loses acknowledged writes still in the queues when it is killed (see docs/getting-started.md).
    [[ $(redis_ask 5 CONFIG GET appendonly | tail -n 1) == no ]] || return 0
    local why="$where keeps the write queues in memory only (appendonly no): a crash of it loses acknowledged writes."
    local fix="Point REDIS_URL at a free port (bootstrap then runs its own Redis with AOF there), or enable AOF on it."
    [[ $NODE_ENV != production ]] || die "$why" "$fix"
    warn "$why" && note "$fix" && return 0
  fi
  is_local "$REDIS_HOST" || die "$where does not answer." "Start it, or point REDIS_URL in .env at a running server."
  need_tool redis-server redis-server "$where"
  mkdir -p "$RUN_DIR/redis"
  log "Starting Redis for the project on $REDIS_HOST:$REDIS_PORT (AOF, appendfsync everysec; data in .run/redis)"
  launch redis "$TOOL" --port "$REDIS_PORT" --bind "$REDIS_HOST" --dir "$RUN_DIR/redis" --daemonize no --save "" \
    --appendonly yes --appendfsync everysec ${REDIS_PASSWORD:+--requirepass "$REDIS_PASSWORD"}
  wait_until redis "Redis did not answer on $REDIS_HOST:$REDIS_PORT" redis_answers
}

# The test tools: Chromium (browser tier), promtool (metrics checks), haproxy (fleet test).
ensure_test_tools() {
  local found missing=()
  command -v promtool >/dev/null || missing+=(prometheus); [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
  ((${#missing[@]} == 0)) || install_packages "${missing[@]}" || warn "npm test needs: apt-get install ${missing[*]}"
  if found=$(node tools/scripts/chromium.mjs 2>&1); then log "Chromium for the browser tests: $found"; return; fi
  if grep -qs '^ID=debian' /etc/os-release && install_packages chromium; then return; fi
  if grep -qs '^ID=ubuntu' /etc/os-release && [[ $(id -u) -eq 0 ]]; then
    step "Installing Chromium (npx playwright install --with-deps chromium)" chromium npx playwright install --with-deps chromium
  else warn "$found"; fi
}

# ---- Commands -----------------------------------------------------------------------------------------
cmd_start() {
  check_node
  ensure_env_file
  install_dependencies
  step "Building the API and the dashboard (npm run build)" build npm run build
  load_settings
  stop_apps
  ensure_free PORT "$PORT"
  ensure_free DASHBOARD_PORT "$DASHBOARD_PORT"
  ensure_mysql
  ensure_redis
  ensure_test_tools
  step "Migrating the database (node apps/api/run.mjs migrate)" migrate node "$LAUNCHER" migrate
  step "Seeding demo data (node apps/api/run.mjs seed)" seed node "$LAUNCHER" seed
  log "Starting the API, the worker and the dashboard"
  launch api node "$LAUNCHER" api
  launch worker node "$LAUNCHER" worker
  launch dashboard env DASHBOARD_PORT="$DASHBOARD_PORT" API_URL="$API_URL" \
    node node_modules/vite/bin/vite.js preview --config apps/dashboard/vite.config.mts --port "$DASHBOARD_PORT" --strictPort
  wait_until api "The API did not answer $API_URL/health/ready" http_ok "$API_URL/health/ready"
  wait_until dashboard "The dashboard did not answer $DASHBOARD_URL/" http_ok "$DASHBOARD_URL/"
  running_pid worker >/dev/null || die "The worker exited during start-up; see .run/logs/worker.log"
  printf '\nHotpath is running:\n  Dashboard  %s\n  API        %s\n  API docs   %s/docs\n' "$DASHBOARD_URL" "$API_URL" "$API_URL"
  printf '  Logs       .run/logs/\n\nStatus: ./bootstrap.sh status    Stop: ./bootstrap.sh stop    Tests: npm test\n'
}

cmd_status() {
  local name pid
  for name in api worker dashboard mysql redis; do
    if pid=$(running_pid "$name"); then printf '  %-10s running (pid %s)   log: .run/logs/%s.log\n' "$name" "$pid" "$name"
    else printf '  %-10s not started by bootstrap\n' "$name"; fi
  done
  load_settings
  printf '  %-10s %s at %s:%s\n' mysql "$(tcp_answers "$DB_HOST" "$DB_PORT" && echo answers || echo 'not answering')" "$DB_HOST" "$DB_PORT" \
    redis "$(redis_answers && echo answers || echo 'not answering')" "$REDIS_HOST" "$REDIS_PORT"
  printf '\n  Dashboard  %s\n  API        %s\n  API docs   %s/docs\n' "$DASHBOARD_URL" "$API_URL" "$API_URL"
  # Where the tests keep their data (passwords hidden).
  printf '  Tests      %s, %s; browser: %s, %s\n' "$TEST_DATABASE_URL" "$TEST_REDIS_URL" "$E2E_DATABASE_URL" "$E2E_REDIS_URL" |
    sed -E 's#//([^:/@]*):[^@/]*@#//\1:***@#g'
  printf '  Ports      API %s, dashboard %s; browser tests: API %s, dashboard %s\n' "$PORT" "$DASHBOARD_PORT" "$E2E_API_PORT" "$E2E_DASHBOARD_PORT"
}

main() {
  case ${1:-start} in
    start) cmd_start ;;
    stop) log "Stopping Hotpath"; stop_apps; halt redis; halt mysql; log "Stopped" ;;
    status) cmd_status ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

# Sourcing the file (as its tests do) defines the functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi

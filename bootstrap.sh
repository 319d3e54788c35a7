#!/usr/bin/env bash
# Sets Hotpath up on this machine and starts it: checks Node, writes .env, installs dependencies, makes sure
# MySQL and Redis answer (running ones, else Docker, else Debian/Ubuntu packages), builds, migrates, seeds,
# then runs the API, the queue worker and the dashboard in the background. Safe to run again: it only does
# what is missing and restarts the app processes so the new build is served.
#
#   ./bootstrap.sh           set up and (re)start
#   ./bootstrap.sh status    what runs where
#   ./bootstrap.sh stop      stop what bootstrap started
#
# Settings come from .env (the environment wins over it, as in the API): PORT, DASHBOARD_PORT, DATABASE_URL,
# REDIS_URL. Logs go to .run/logs/, pid files to .run/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

RUN_DIR="$ROOT/.run"
LOG_DIR="$RUN_DIR/logs"
SERVICES_FILE="$RUN_DIR/services"
COMPOSE_FILE="$ROOT/docker/docker-compose.yml"
INSTALL_STAMP="$ROOT/node_modules/.hotpath-lock-sha256"
APPS="api worker dashboard"
STOP_TIMEOUT_SECONDS=20
API_START_TIMEOUT_SECONDS=90
DASHBOARD_START_TIMEOUT_SECONDS=60
SERVICE_START_TIMEOUT_SECONDS=120
# What the Docker MySQL's root password becomes when DATABASE_URL has none (docker-compose.yml's default).
DOCKER_MYSQL_DEFAULT_PASSWORD=hotpath
SUDO=""
# Variables exported by the caller; like the API, bootstrap lets them win over .env.
CALLER_ENV=" $(compgen -e | tr '\n' ' ') "

log() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf '\nerror: %s\n' "$1" >&2
  shift
  local line
  for line in "$@"; do printf '       %s\n' "$line" >&2; done
  exit 1
}

usage() {
  cat <<'EOF'
Usage: ./bootstrap.sh [start|stop|status|help]

  start   (default) check Node, create .env, npm ci when package-lock.json changed, make sure MySQL and
          Redis answer, build, migrate, seed, then (re)start the API, the worker and the dashboard
  stop    stop the API, the worker and the dashboard, and MySQL/Redis if bootstrap started them
  status  show what is running and where

Settings are read from .env (variables set in the environment win). Logs: .run/logs/*.log
EOF
}

# ---------------------------------------------------------------------------------------------------------
# Settings

caller_set() { [[ $CALLER_ENV == *" $1 "* ]]; }

# The value of a setting: the caller's environment first, then .env, then the default given.
env_value() {
  local key=$1 default=${2-} line value
  if caller_set "$key"; then
    printf '%s' "${!key}"
    return
  fi
  if [[ -f .env ]]; then
    line=$(grep -E "^[[:space:]]*(export[[:space:]]+)?${key}[[:space:]]*=" .env | tail -n 1 || true)
    if [[ -n $line ]]; then
      value=${line#*=}
      value=${value#"${value%%[![:space:]]*}"}
      if [[ $value == \"*\"* ]]; then
        value=${value#\"}
        value=${value%%\"*}
      elif [[ $value == \'*\'* ]]; then
        value=${value#\'}
        value=${value%%\'*}
      else
        value=${value%%[[:space:]]#*}
        value=${value%"${value##*[![:space:]]}"}
      fi
      printf '%s' "$value"
      return
    fi
  fi
  printf '%s' "$default"
}

# Does the setting come from .env rather than from the environment?
from_env_file() {
  ! caller_set "$1" && [[ -f .env ]] && grep -qE "^[[:space:]]*(export[[:space:]]+)?$1[[:space:]]*=" .env
}

# Splits a URL into host, port, user, password and database, one per line (node's URL parser, decoded).
url_parts() {
  node -e '
    const [url, defaultPort] = process.argv.slice(1);
    const u = new URL(url);
    const parts = [u.hostname.replace(/^\[|\]$/g, ""), u.port || defaultPort,
      decodeURIComponent(u.username), decodeURIComponent(u.password), decodeURIComponent(u.pathname.slice(1))];
    process.stdout.write(parts.join("\n") + "\n");' "$1" "$2"
}

load_settings() {
  PORT=$(env_value PORT 3000)
  DASHBOARD_PORT=$(env_value DASHBOARD_PORT 5173)
  DATABASE_URL=$(env_value DATABASE_URL mysql://root@127.0.0.1:3306/hotpath)
  REDIS_URL=$(env_value REDIS_URL redis://127.0.0.1:6379)
  API_URL="http://127.0.0.1:$PORT"
  DASHBOARD_URL="http://localhost:$DASHBOARD_PORT"
}

load_service_addresses() {
  local parts
  parts=$(url_parts "$DATABASE_URL" 3306) || die "DATABASE_URL is not a URL: $DATABASE_URL"
  { read -r DB_HOST; read -r DB_PORT; read -r DB_USER; read -r DB_PASSWORD; read -r DB_NAME; } <<<"$parts"
  DB_USER=${DB_USER:-root}
  parts=$(url_parts "$REDIS_URL" 6379) || die "REDIS_URL is not a URL: $REDIS_URL"
  { read -r REDIS_HOST; read -r REDIS_PORT; } <<<"$parts"
}

is_local_host() {
  case $1 in 127.0.0.1 | localhost | ::1 | 0.0.0.0) return 0 ;; *) return 1 ;; esac
}

# ---------------------------------------------------------------------------------------------------------
# Steps 1-3: Node, .env, dependencies

check_node() {
  local install_hint="Install Node.js 22 LTS (or 20.19+): https://nodejs.org/en/download, or on Debian/Ubuntu
       curl -fsSL https://deb.nodesource.com/setup_22.x | sudo -E bash - && sudo apt-get install -y nodejs"
  command -v node >/dev/null 2>&1 || die "Node.js is not installed." "$install_hint"
  local version major minor
  version=$(node -p 'process.versions.node')
  major=${version%%.*}
  minor=${version#*.}
  minor=${minor%%.*}
  # Vite 8 needs ^20.19 or >=22.12 (require of ES modules without a flag).
  if ! { [[ $major -eq 20 && $minor -ge 19 ]] || [[ $major -eq 22 && $minor -ge 12 ]] || [[ $major -ge 23 ]]; }; then
    die "Node.js $version is too old: Hotpath needs 20.19+ or 22.12+." "$install_hint"
  fi
  command -v npm >/dev/null 2>&1 || die "npm is not installed (it ships with Node.js)." "$install_hint"
  log "Node.js $version, npm $(npm --version)"
}

ensure_env_file() {
  if [[ -f .env ]]; then
    log ".env exists; leaving it as it is"
    return
  fi
  [[ -f .env.example ]] || die ".env.example is missing, so .env cannot be created from it."
  cp .env.example .env
  chmod 600 .env
  # The example's admin token is a placeholder; every machine gets its own.
  if grep -qE '^ADMIN_TOKEN=change-me' .env; then
    local token tmp
    token=$(node -p 'require("node:crypto").randomBytes(24).toString("hex")')
    tmp=$(mktemp)
    sed "s/^ADMIN_TOKEN=change-me.*/ADMIN_TOKEN=$token/" .env >"$tmp" && cat "$tmp" >.env && rm -f "$tmp"
    log "Created .env from .env.example, with a generated ADMIN_TOKEN"
  else
    log "Created .env from .env.example"
  fi
}

lock_hash() {
  [[ -f package-lock.json ]] || die "package-lock.json is missing; npm ci needs it."
  node -e 'const { createHash } = require("node:crypto");
    process.stdout.write(createHash("sha256").update(require("node:fs").readFileSync("package-lock.json")).digest("hex"));'
}

install_dependencies() {
  local wanted installed=""
  wanted=$(lock_hash)
  [[ -f $INSTALL_STAMP ]] && installed=$(<"$INSTALL_STAMP")
  if [[ $installed == "$wanted" ]]; then
    log "node_modules matches package-lock.json; skipping npm ci"
    return
  fi
  # Installed by npm itself (npm install, or before bootstrap ran): its record is newer than the lockfile.
  if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
    printf '%s' "$wanted" >"$INSTALL_STAMP"
    log "node_modules is newer than package-lock.json; skipping npm ci"
    return
  fi
  log "Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
  printf '%s' "$wanted" >"$INSTALL_STAMP"
}

# ---------------------------------------------------------------------------------------------------------
# Step 4: MySQL and Redis

tcp_answers() {
  if command -v timeout >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # $0 and $1 belong to the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
  else
    node -e 'const s = require("node:net").connect(Number(process.argv[2]), process.argv[1]);
      s.setTimeout(3000, () => process.exit(1)); s.on("connect", () => process.exit(0)); s.on("error", () => process.exit(1));' "$1" "$2"
  fi
}

mysql_answers() {
  if command -v mysqladmin >/dev/null 2>&1; then
    # Exits 0 whenever a server answers, even if it refuses these credentials.
    mysqladmin --no-defaults --protocol=TCP --connect-timeout=3 -h "$DB_HOST" -P "$DB_PORT" ping >/dev/null 2>&1
  else
    tcp_answers "$DB_HOST" "$DB_PORT"
  fi
}

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    local reply
    reply=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null || true)
    [[ $reply == PONG* || $reply == NOAUTH* ]]
  elif command -v timeout >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # $0, $1 and $reply belong to the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "PING\r\n" >&3 && IFS= read -r reply <&3 &&
      [[ $reply == +PONG* || $reply == -NOAUTH* ]]' "$REDIS_HOST" "$REDIS_PORT" 2>/dev/null
  else
    tcp_answers "$REDIS_HOST" "$REDIS_PORT"
  fi
}

# Logs in with DATABASE_URL's credentials (mysql2 from node_modules); prints the server's refusal if any.
mysql_login_error() {
  node -e '
    const { createConnection } = require("mysql2/promise");
    const u = new URL(process.argv[1]);
    createConnection({ host: u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || "root"), password: decodeURIComponent(u.password), connectTimeout: 5000 })
      .then((c) => c.end(), (e) => { process.stdout.write(e.message); process.exit(1); });' "$DATABASE_URL"
}

wait_until() {
  local what=$1 check=$2 waited=0
  until "$check"; do
    if [[ $waited -ge $SERVICE_START_TIMEOUT_SECONDS ]]; then
      die "$what did not answer within ${SERVICE_START_TIMEOUT_SECONDS}s."
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

record_service() {
  mkdir -p "$RUN_DIR"
  printf '%s %s\n' "$1" "$2" >>"$SERVICES_FILE"
}

docker_ready() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1
}

can_install_packages() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [[ $(id -u) -eq 0 ]]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    return 1
  fi
}

systemd_running() { [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; }

as_root() {
  if [[ -n $SUDO ]]; then sudo -n "$@"; else "$@"; fi
}

start_services_with_docker() {
  local need_mysql=$1 need_redis=$2
  if [[ $need_mysql -eq 1 ]]; then
    [[ $DB_USER == root ]] ||
      die "The Docker MySQL has only its root user, but DATABASE_URL logs in as '$DB_USER'." \
        "Use mysql://root:<password>@$DB_HOST:$DB_PORT/$DB_NAME in .env, or start your own MySQL."
    if [[ -z $DB_PASSWORD ]]; then
      from_env_file DATABASE_URL ||
        die "The Docker MySQL needs a root password, but DATABASE_URL (set in the environment) has none." \
          "Set DATABASE_URL=mysql://root:$DOCKER_MYSQL_DEFAULT_PASSWORD@$DB_HOST:$DB_PORT/$DB_NAME"
      DB_PASSWORD=$DOCKER_MYSQL_DEFAULT_PASSWORD
      DATABASE_URL=$(node -p 'const u = new URL(process.argv[1]); u.password = process.argv[2]; u.href' "$DATABASE_URL" "$DB_PASSWORD")
      local tmp replacement=${DATABASE_URL//\\/\\\\}
      replacement=${replacement//&/\\&}
      tmp=$(mktemp)
      sed "s#^\([[:space:]]*\)\(export[[:space:]]*\)\{0,1\}DATABASE_URL[[:space:]]*=.*#\1\2DATABASE_URL=$replacement#" .env >"$tmp" &&
        cat "$tmp" >.env && rm -f "$tmp"
      note "The Docker MySQL needs a root password: DATABASE_URL in .env now uses '$DB_PASSWORD'."
    fi
    log "Starting MySQL with Docker (docker compose -f docker/docker-compose.yml up -d mysql)"
    MYSQL_ROOT_PASSWORD=$DB_PASSWORD MYSQL_HOST_PORT=$DB_PORT docker compose -f "$COMPOSE_FILE" up -d mysql
    record_service mysql docker
  fi
  if [[ $need_redis -eq 1 ]]; then
    log "Starting Redis with Docker (docker compose -f docker/docker-compose.yml up -d redis)"
    REDIS_HOST_PORT=$REDIS_PORT docker compose -f "$COMPOSE_FILE" up -d redis
    record_service redis docker
  fi
}

start_services_with_packages() {
  local need_mysql=$1 need_redis=$2 packages=()
  if [[ $need_mysql -eq 1 ]] && [[ ! -x /usr/sbin/mariadbd ]] && ! command -v mariadbd >/dev/null 2>&1; then
    if [[ -x /usr/sbin/mysqld ]] || command -v mysqld >/dev/null 2>&1; then
      die "MySQL is installed here but does not answer at $DB_HOST:$DB_PORT." \
        "Start it (sudo service mysql start, or sudo systemctl start mysql), then run ./bootstrap.sh again."
    fi
    packages+=(mariadb-server)
  fi
  if [[ $need_redis -eq 1 ]] && ! command -v redis-server >/dev/null 2>&1; then
    packages+=(redis-server)
  fi
  if [[ ${#packages[@]} -gt 0 ]]; then
    log "Installing ${packages[*]} (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
    # A new MariaDB may already run (systemd starts it), but its root still logs in through the socket only.
    [[ " ${packages[*]} " == *" mariadb-server "* ]] && MYSQL_STARTED_HERE=1
  fi
  # A package install starts the service where systemd runs; start only what still does not answer.
  if [[ $need_mysql -eq 1 ]] && ! mysql_answers; then
    log "Starting MariaDB"
    if systemd_running; then
      as_root systemctl start mariadb
      record_service mysql systemd
    elif command -v service >/dev/null 2>&1 && [[ -x /etc/init.d/mariadb ]]; then
      as_root service mariadb start >/dev/null
      record_service mysql service
    else
      as_root install -d -o mysql -g mysql /run/mysqld
      as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
      record_service mysql daemon
    fi
    MYSQL_STARTED_HERE=1
  fi
  if [[ $need_redis -eq 1 ]] && ! redis_answers; then
    log "Starting Redis"
    if systemd_running; then
      as_root systemctl start redis-server
      record_service redis systemd
    else
      as_root redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
        --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log"
      record_service redis daemon
    fi
  fi
}

# A fresh MariaDB lets root in through the Unix socket only; DATABASE_URL connects over TCP with a password.
grant_database_login() {
  local password=${DB_PASSWORD//\\/\\\\}
  password=${password//\'/\'\'}
  local sql
  if [[ $DB_USER == root ]]; then
    sql="ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$password') OR unix_socket;"
  else
    sql="CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$password';
      CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$password';
      GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
      GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'127.0.0.1';"
  fi
  note "Letting '$DB_USER' log in over TCP as DATABASE_URL says"
  as_root mariadb -e "$sql"
}

ensure_services() {
  load_service_addresses
  local need_mysql=0 need_redis=0
  MYSQL_STARTED_HERE=0
  if mysql_answers; then log "MySQL answers at $DB_HOST:$DB_PORT"; else need_mysql=1; fi
  if redis_answers; then log "Redis answers at $REDIS_HOST:$REDIS_PORT"; else need_redis=1; fi

  if [[ $need_mysql -eq 1 || $need_redis -eq 1 ]]; then
    if [[ $need_mysql -eq 1 ]] && ! is_local_host "$DB_HOST"; then
      die "MySQL at $DB_HOST:$DB_PORT (DATABASE_URL) does not answer." "Start it, or point DATABASE_URL in .env at a running server."
    fi
    if [[ $need_redis -eq 1 ]] && ! is_local_host "$REDIS_HOST"; then
      die "Redis at $REDIS_HOST:$REDIS_PORT (REDIS_URL) does not answer." "Start it, or point REDIS_URL in .env at a running server."
    fi
    if docker_ready; then
      start_services_with_docker "$need_mysql" "$need_redis"
    elif can_install_packages; then
      start_services_with_packages "$need_mysql" "$need_redis"
    else
      local missing=""
      [[ $need_mysql -eq 1 ]] && missing="MySQL 8 or MariaDB 10.11+ at $DB_HOST:$DB_PORT"
      [[ $need_redis -eq 1 ]] && missing="${missing:+$missing and }Redis 6+ at $REDIS_HOST:$REDIS_PORT"
      die "Not answering: $missing. Bootstrap starts them with Docker, or installs them on Debian/Ubuntu as root." \
        "Install one of:" \
        "  Docker Engine with the compose plugin (https://docs.docker.com/engine/install/), then run ./bootstrap.sh again" \
        "  sudo apt-get install -y mariadb-server redis-server   (Debian/Ubuntu), then run ./bootstrap.sh again" \
        "  or start your own servers and set DATABASE_URL / REDIS_URL in .env"
    fi
    [[ $need_mysql -eq 1 ]] && { log "Waiting for MySQL at $DB_HOST:$DB_PORT"; wait_until "MySQL at $DB_HOST:$DB_PORT" mysql_answers; }
    [[ $need_redis -eq 1 ]] && { log "Waiting for Redis at $REDIS_HOST:$REDIS_PORT"; wait_until "Redis at $REDIS_HOST:$REDIS_PORT" redis_answers; }
  fi

  local refusal="" waited=0
  # A new Docker MySQL answers ping before it accepts logins, so give it time when bootstrap started it.
  until refusal=$(mysql_login_error); do
    if [[ $MYSQL_STARTED_HERE -eq 1 && $waited -eq 0 ]] && command -v mariadb >/dev/null 2>&1; then
      grant_database_login || die "Could not let '$DB_USER' log in to the new MariaDB over TCP (see the error above)."
    elif [[ $need_mysql -eq 0 || $waited -ge $SERVICE_START_TIMEOUT_SECONDS ]]; then
      die "MySQL at $DB_HOST:$DB_PORT refuses DATABASE_URL's login: $refusal" \
        "Fix the user or password in DATABASE_URL (.env), or allow it on the server, for example as root:" \
        "  sudo mariadb -e \"ALTER USER '$DB_USER'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('<password>') OR unix_socket\""
    fi
    sleep 2
    waited=$((waited + 2))
  done
  log "MySQL accepts DATABASE_URL's login"
}

# ---------------------------------------------------------------------------------------------------------
# Step 6: the app processes

pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }
log_file() { printf '%s/%s.log' "$LOG_DIR" "$1"; }

# What an app's command line contains, so a reused pid never gets mistaken for ours.
app_marker() {
  case $1 in
    api) printf 'apps/api/dist/main.js' ;;
    worker) printf 'apps/api/dist/worker.js' ;;
    dashboard) printf 'vite' ;;
  esac
}

# Prints the pid of a running app started by bootstrap; fails (and forgets a stale pid file) otherwise.
app_pid() {
  local file pid command
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    command=$(ps -o args= -p "$pid" 2>/dev/null || true)
    if [[ $command == *"$(app_marker "$1")"* ]]; then
      printf '%s' "$pid"
      return 0
    fi
  fi
  rm -f "$file"
  return 1
}

start_app() {
  local name=$1 log_path pid_path
  shift
  log_path=$(log_file "$name")
  pid_path=$(pid_file "$name")
  printf '%s bootstrap: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >"$log_path"
  # The wrapper writes its own pid, which exec hands to the app; setsid makes it leader of its own process
  # group, detached from this terminal, so stop can signal the app and anything it spawned.
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner bash
  ${launcher[@]+"${launcher[@]}"} nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pid_path" "$@" >>"$log_path" 2>&1 </dev/null &
  local waited=0
  until [[ -s $pid_path ]]; do
    [[ $waited -ge 50 ]] && die "$name did not start; see $log_path"
    sleep 0.1
    waited=$((waited + 1))
  done
}

stop_app() {
  local name=$1 pid waited=0
  pid=$(app_pid "$name") || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [[ $waited -ge $((STOP_TIMEOUT_SECONDS * 5)) ]]; then
      warn "$name (pid $pid) did not stop within ${STOP_TIMEOUT_SECONDS}s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  rm -f "$(pid_file "$name")"
  note "stopped $name (pid $pid)"
}

# Stops whatever this run started, so a failed start leaves nothing half-running, then reports the failure.
abort_start() {
  local name
  for name in dashboard worker api; do stop_app "$name" >/dev/null; done
  die "$@"
}

http_ok() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null
  else
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
  fi
}

wait_for_http() {
  local name=$1 url=$2 timeout=$3 waited=0 log_path
  log_path=$(log_file "$name")
  until http_ok "$url"; do
    if ! app_pid "$name" >/dev/null; then
      printf '\n--- last lines of %s ---\n' "${log_path#"$ROOT"/}" >&2
      tail -n 20 "$log_path" >&2 || true
      abort_start "$name exited during start-up; the full log is ${log_path#"$ROOT"/}"
    fi
    if [[ $waited -ge $timeout ]]; then
      abort_start "$name did not answer $url within ${timeout}s; see ${log_path#"$ROOT"/}"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

ensure_port_free() {
  local port=$1 setting=$2 owner=${3-}
  # A port held by the app bootstrap started last time is fine: that app is restarted.
  if [[ -n $owner ]] && app_pid "$owner" >/dev/null; then
    return 0
  fi
  if tcp_answers 127.0.0.1 "$port"; then
    die "Port $port is taken by a program bootstrap did not start." "Stop that program, or set $setting in .env to a free port."
  fi
}

start_apps() {
  mkdir -p "$LOG_DIR"
  local name restarted=0
  for name in dashboard worker api; do
    if app_pid "$name" >/dev/null; then
      [[ $restarted -eq 0 ]] && log "Stopping the processes of the previous run"
      restarted=1
      stop_app "$name"
    fi
  done
  ensure_port_free "$PORT" PORT
  ensure_port_free "$DASHBOARD_PORT" DASHBOARD_PORT

  log "Starting the API, the worker and the dashboard"
  start_app api node apps/api/dist/main.js
  start_app worker node apps/api/dist/worker.js
  start_app dashboard env DASHBOARD_PORT="$DASHBOARD_PORT" API_URL="$API_URL" \
    node node_modules/vite/bin/vite.js preview --config apps/dashboard/vite.config.mts --port "$DASHBOARD_PORT" --strictPort

  wait_for_http api "$API_URL/health/ready" "$API_START_TIMEOUT_SECONDS"
  wait_for_http dashboard "$DASHBOARD_URL/" "$DASHBOARD_START_TIMEOUT_SECONDS"
  app_pid worker >/dev/null || abort_start "The worker exited during start-up; see .run/logs/worker.log"
}

# ---------------------------------------------------------------------------------------------------------
# Commands

run_step() {
  log "$1"
  shift
  "$@" || die "'$*' failed (exit code $?)."
}

cmd_start() {
  check_node
  ensure_env_file
  load_settings
  ensure_port_free "$PORT" PORT api
  ensure_port_free "$DASHBOARD_PORT" DASHBOARD_PORT dashboard
  mkdir -p "$LOG_DIR"
  install_dependencies
  ensure_services
  run_step "Building the API and the dashboard (npm run build)" npm run build
  run_step "Migrating the database (npm run db:migrate)" npm run db:migrate
  run_step "Seeding demo data (npm run db:seed)" npm run db:seed
  start_apps
  cat <<EOF

Hotpath is running:
  Dashboard  $DASHBOARD_URL
  API        $API_URL
  API docs   $API_URL/docs
  Logs       .run/logs/api.log, worker.log, dashboard.log

Status: ./bootstrap.sh status    Stop: ./bootstrap.sh stop
EOF
}

stop_services() {
  [[ -f $SERVICES_FILE ]] || return 0
  can_install_packages || true
  local name how
  while read -r name how; do
    case "$name:$how" in
      mysql:docker | redis:docker)
        docker_ready && docker compose -f "$COMPOSE_FILE" stop "$name" >/dev/null && note "stopped $name (Docker)" ;;
      mysql:systemd) as_root systemctl stop mariadb && note "stopped MariaDB (systemd)" ;;
      redis:systemd) as_root systemctl stop redis-server && note "stopped Redis (systemd)" ;;
      mysql:service) as_root service mariadb stop >/dev/null && note "stopped MariaDB" ;;
      mysql:daemon)
        as_root start-stop-daemon --stop --oknodo --retry 60 --exec /usr/sbin/mariadbd >/dev/null && note "stopped MariaDB" ;;
      redis:daemon)
        if [[ -f $RUN_DIR/redis.pid ]]; then
          as_root kill "$(<"$RUN_DIR/redis.pid")" 2>/dev/null || true
          rm -f "$RUN_DIR/redis.pid"
          note "stopped Redis"
        fi
        ;;
    esac || warn "could not stop $name ($how)"
  done <"$SERVICES_FILE"
  rm -f "$SERVICES_FILE"
}

cmd_stop() {
  log "Stopping Hotpath"
  local name
  for name in dashboard worker api; do stop_app "$name"; done
  stop_services
  log "Stopped"
}

cmd_status() {
  load_settings
  local name pid
  for name in $APPS; do
    if pid=$(app_pid "$name"); then
      printf '  %-10s running (pid %s)   log: .run/logs/%s.log\n' "$name" "$pid" "$name"
    else
      printf '  %-10s not running\n' "$name"
    fi
  done
  if command -v node >/dev/null 2>&1; then
    load_service_addresses
    if mysql_answers; then printf '  %-10s answers at %s:%s\n' mysql "$DB_HOST" "$DB_PORT"; else printf '  %-10s not answering at %s:%s\n' mysql "$DB_HOST" "$DB_PORT"; fi
    if redis_answers; then printf '  %-10s answers at %s:%s\n' redis "$REDIS_HOST" "$REDIS_PORT"; else printf '  %-10s not answering at %s:%s\n' redis "$REDIS_HOST" "$REDIS_PORT"; fi
  fi
  if [[ -f $SERVICES_FILE ]]; then
    printf '  started by bootstrap: %s\n' "$(tr '\n' ' ' <"$SERVICES_FILE")"
  fi
  printf '\n  Dashboard  %s\n  API        %s\n  API docs   %s/docs\n' "$DASHBOARD_URL" "$API_URL" "$API_URL"
}

main() {
  case ${1:-start} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

# Sourcing the file (as its tests do) defines the functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi

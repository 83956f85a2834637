# shellcheck shell=bash
# Sourced helper: make sure the local services the test suite talks to are up.
#
#   . scripts/lib/services.sh
#   ensure_postgres   # PostgreSQL on 127.0.0.1:5432, user postgres without password, database test
#   ensure_pgvector   # the pgvector extension, created in database test (builds it if needed)
#   ensure_redis      # Redis answering PING on 127.0.0.1:6379
#
# Each function prints one "==> ..." progress line on success. It installs and starts
# what is missing when running as root (Debian/Ubuntu, apt-get); otherwise it says what is
# missing and how to fix it, and exits 1. A PostgreSQL server that is already running is
# never reconfigured. Works with or without `set -euo pipefail` in the caller.

SB_PG_HOST=127.0.0.1
SB_PG_PORT=5432
SB_PG_USER=postgres
SB_PG_DB="test"
SB_REDIS_HOST=127.0.0.1
SB_REDIS_PORT=6379
SB_SERVICE_WAIT=${SB_SERVICE_WAIT:-30}   # seconds to wait for a service to come up

# ---------------------------------------------------------------------------- helpers

_sb_say() { printf '==> %s\n' "$*"; }
_sb_info() { printf '    %s\n' "$*"; }

# _sb_die <what went wrong> [<hint line>...]: print to stderr and exit 1
_sb_die() {
  printf 'error: %s\n' "$1" >&2
  shift
  local line
  for line in "$@"; do printf '  %s\n' "$line" >&2; done
  exit 1
}

_sb_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# " (took 12s)" for a step started at SECONDS=$1, or nothing if it took under a second
_sb_took() {
  local s=$((SECONDS - $1))
  if ((s > 0)); then printf ' (took %ss)' "$s"; fi
}

# _sb_run <description> <command...>: run quietly; on failure show its output and exit
_sb_run() {
  local desc=$1 log rc=0
  shift
  log=$(mktemp "${TMPDIR:-/tmp}/switchboard-setup.XXXXXX")
  "$@" >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    printf 'error: %s failed (exit %s): %s\n' "$desc" "$rc" "$*" >&2
    printf -- '---- last lines of its output ----\n' >&2
    tail -n 80 "$log" >&2
    printf -- '----------------------------------\n' >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

_sb_apt_env() {
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a apt-get -q -y -o DPkg::Lock::Timeout=300 "$@"
}

_SB_APT_UPDATED=0
_sb_apt_update() {
  if ((_SB_APT_UPDATED == 0)); then
    _sb_info "apt-get update"
    _sb_run "apt-get update" _sb_apt_env update
    _SB_APT_UPDATED=1
  fi
}

# _sb_apt_install <package...>: install (as root) the packages that are not installed yet
_sb_apt_install() {
  local pkg missing=()
  for pkg in "$@"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != *"ok installed"* ]]; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} > 0)) || return 0
  command -v apt-get >/dev/null 2>&1 ||
    _sb_die "need to install ${missing[*]}, but apt-get is not available on this machine" \
      "install them with your system's package manager and run again"
  _sb_apt_update
  _sb_info "apt-get install ${missing[*]}"
  _sb_run "apt-get install" _sb_apt_env install --no-install-recommends "${missing[@]}"
}

# _sb_tcp_open <host> <port>: true if something accepts TCP connections there
_sb_tcp_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c ': >"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# _sb_wait <seconds> <command...>: retry the command every 0.5 s until it succeeds
_sb_wait() {
  local tries=$(($1 * 2))
  shift
  while ((tries-- > 0)); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  return 1
}

# ---------------------------------------------------------------------------- PostgreSQL

# _sb_psql <database> <sql>: run one statement over TCP as the test user; print the result
_sb_psql() {
  PGCONNECT_TIMEOUT=5 PGOPTIONS="-c client_min_messages=warning" psql -X -q -w -v ON_ERROR_STOP=1 \
    -h "$SB_PG_HOST" -p "$SB_PG_PORT" -U "$SB_PG_USER" -d "$1" -tAc "$2"
}

# The Debian cluster ("<version> <name>") configured for our port, else the newest "main" one
_sb_pg_cluster() {
  local found="" v
  if command -v pg_lsclusters >/dev/null 2>&1; then
    found=$(pg_lsclusters -h 2>/dev/null | awk -v p="$SB_PG_PORT" '$3 == p { print $1, $2; exit }' || true)
  fi
  if [[ -z "$found" && -d /etc/postgresql ]]; then
    v=$(find /etc/postgresql -mindepth 2 -maxdepth 2 -name main -type d -printf '%P\n' 2>/dev/null |
      cut -d/ -f1 | sort -V | tail -n 1 || true)
    [[ -z "$v" ]] || found="$v main"
  fi
  printf '%s' "$found"
}

# Newest PostgreSQL server version whose binaries are installed (Debian layout), e.g. 15
_sb_pg_installed_version() {
  find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' -printf '%P\n' 2>/dev/null |
    cut -d/ -f1 | sort -V | tail -n 1 || true
}

# Let everyone connect without password over loopback TCP. Only called on a cluster this
# script created itself: hba rules match top-down, so these lines go first.
_sb_pg_trust_loopback() {
  local hba=/etc/postgresql/$1/$2/pg_hba.conf tmp
  grep -q 'Added by Switchboard' "$hba" 2>/dev/null && return 0
  tmp=$(mktemp)
  {
    echo "# Added by Switchboard scripts/test, which created this cluster: passwordless"
    echo "# TCP connections on loopback only, for the test suite."
    echo "host    all             all             127.0.0.1/32            trust"
    echo "host    all             all             ::1/128                 trust"
    echo
    cat "$hba"
  } >"$tmp"
  cat "$tmp" >"$hba" # keeps the file's owner and mode
  rm -f "$tmp"
  _sb_info "configured trust authentication for 127.0.0.1 and ::1 in $hba"
}

ensure_postgres() {
  local t0=$SECONDS cluster ver name created=0 num exists

  if ! _sb_tcp_open "$SB_PG_HOST" "$SB_PG_PORT"; then
    cluster=$(_sb_pg_cluster)
    if [[ -z "$cluster" ]]; then
      ver=$(_sb_pg_installed_version)
      if [[ -z "$ver" ]]; then
        _sb_is_root || _sb_die "PostgreSQL is not installed, and nothing listens on $SB_PG_HOST:$SB_PG_PORT." \
          "Install it as root (Debian 12 gives PostgreSQL 15):  apt-get install postgresql" \
          "or simply run scripts/test as root once; it installs and configures it."
        _sb_say "Installing PostgreSQL (apt-get install postgresql)"
        _sb_apt_install postgresql
        created=1
        cluster=$(_sb_pg_cluster)
      fi
      if [[ -z "$cluster" ]]; then
        ver=$(_sb_pg_installed_version)
        [[ -n "$ver" ]] || _sb_die "PostgreSQL was installed but no server binaries were found under /usr/lib/postgresql"
        _sb_is_root || _sb_die "PostgreSQL $ver is installed but has no database cluster." \
          "Create and start one as root:  pg_createcluster --port $SB_PG_PORT $ver main --start"
        _sb_info "pg_createcluster --port $SB_PG_PORT $ver main"
        _sb_run "pg_createcluster" pg_createcluster --port "$SB_PG_PORT" "$ver" main
        created=1
        cluster="$ver main"
      fi
    fi
    read -r ver name <<<"$cluster"
    ((created == 0)) || _sb_pg_trust_loopback "$ver" "$name"

    if ! _sb_tcp_open "$SB_PG_HOST" "$SB_PG_PORT"; then
      _sb_is_root || _sb_die "PostgreSQL $ver is installed but not running on $SB_PG_HOST:$SB_PG_PORT." \
        "Start it as root:  pg_ctlcluster --skip-systemctl-redirect $ver $name start"
      _sb_info "starting PostgreSQL $ver: pg_ctlcluster --skip-systemctl-redirect $ver $name start"
      _sb_run "starting PostgreSQL" pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
    elif ((created)); then
      # apt's postinst may have started the new cluster already: make it read the new hba rules
      _sb_run "reloading PostgreSQL" pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload
    fi
    _sb_wait "$SB_SERVICE_WAIT" _sb_tcp_open "$SB_PG_HOST" "$SB_PG_PORT" ||
      _sb_die "PostgreSQL $ver $name was started but does not accept connections on $SB_PG_HOST:$SB_PG_PORT after ${SB_SERVICE_WAIT}s." \
        "See its log: /var/log/postgresql/postgresql-$ver-$name.log"
  fi

  if ! command -v psql >/dev/null 2>&1; then
    _sb_is_root || _sb_die "the PostgreSQL client (psql) is not installed." \
      "Install it as root:  apt-get install postgresql-client"
    _sb_apt_install postgresql-client
  fi

  # The server may still be finishing its startup: wait for a real login, bounded.
  if ! _sb_wait "$SB_SERVICE_WAIT" _sb_psql postgres 'SELECT 1' >/dev/null 2>&1; then
    local err
    err=$(_sb_psql postgres 'SELECT 1' 2>&1 >/dev/null || true)
    _sb_die "cannot log in to PostgreSQL on $SB_PG_HOST:$SB_PG_PORT as user '$SB_PG_USER' without a password:" \
      "${err:-no error message}" \
      "The tests need that user to be able to connect over TCP without a password. Either allow it in" \
      "pg_hba.conf (a line 'host all all 127.0.0.1/32 trust' before the others, then reload)," \
      "or point the tests at another server with SWITCHBOARD_TEST_PG_URL / SWITCHBOARD_TEST_PG_USER."
  fi

  exists=$(_sb_psql postgres "SELECT 1 FROM pg_database WHERE datname = '$SB_PG_DB'")
  if [[ -z "$exists" ]]; then
    _sb_info "creating database $SB_PG_DB"
    _sb_psql postgres "CREATE DATABASE \"$SB_PG_DB\"" >/dev/null
  fi

  num=$(_sb_psql postgres 'SHOW server_version_num')
  _sb_say "PostgreSQL $((num / 10000)) running on $SB_PG_HOST:$SB_PG_PORT, database $SB_PG_DB$(_sb_took "$t0")"
}

# ---------------------------------------------------------------------------- pgvector

# The Debian mirror the machine already uses for its main archive (default deb.debian.org)
_sb_debian_mirror() {
  local uri
  uri=$(
    {
      grep -hsiE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
        sed -E 's/^[[:space:]]*[Uu][Rr][Ii][Ss]:[[:space:]]*//' | tr -s '[:blank:]' '\n'
      grep -hsE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -E 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{ print $1 }'
    } | grep -E '^https?://[^ ]+/debian/?$' | head -n 1 || true
  )
  printf '%s' "${uri:-http://deb.debian.org/debian}"
}

SB_TRIXIE_SRC_LIST=/etc/apt/sources.list.d/switchboard-trixie-src.list

# Make `apt-get source pgvector` possible on Debian 12: a deb-src (source only) entry for
# Debian 13 "trixie". Binary packages keep coming from the machine's own release only.
_sb_add_trixie_src() {
  local mirror signed=""
  [[ -f "$SB_TRIXIE_SRC_LIST" ]] && return 0
  mirror=$(_sb_debian_mirror)
  if [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]]; then
    signed="[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
  fi
  {
    echo "# Added by Switchboard scripts/test to build pgvector, which Debian 12 does not package"
    echo "# for PostgreSQL 15. Source packages only (deb-src): no binary package comes from trixie."
    echo "deb-src ${signed}${mirror%/} trixie main"
  } >"$SB_TRIXIE_SRC_LIST"
  _sb_info "added $SB_TRIXIE_SRC_LIST (deb-src ${mirror%/} trixie main)"
  _SB_APT_UPDATED=0
}

# _sb_pgvector_install <major> <pg_config>: install pgvector for PostgreSQL <major> (as root)
_sb_pgvector_install() {
  local major=$1 pgc=$2 work src rc=0 id=""

  # Packaged for this PostgreSQL (Debian 13, Ubuntu, apt.postgresql.org)? Use the package.
  _sb_apt_update
  if apt-cache policy "postgresql-$major-pgvector" 2>/dev/null | grep -E 'Candidate: [0-9]' >/dev/null; then
    _sb_apt_install "postgresql-$major-pgvector"
    return 0
  fi

  # Otherwise build it from Debian's source package.
  # shellcheck disable=SC1091
  [[ -r /etc/os-release ]] && id=$(. /etc/os-release && printf '%s' "${ID:-}")
  if [[ "$id" == debian ]]; then
    _sb_add_trixie_src
  else
    grep -rqsE '^[[:space:]]*(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ ||
      _sb_die "pgvector is not packaged for PostgreSQL $major here, and apt has no deb-src entries to build it from." \
        "Install it from https://github.com/pgvector/pgvector#installation and run again."
  fi
  _sb_apt_update
  _sb_apt_install build-essential dpkg-dev "postgresql-server-dev-$major"
  [[ -x "$pgc" ]] || _sb_die "$pgc not found; set PG_CONFIG to the pg_config of the running PostgreSQL $major"

  work=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-pgvector.XXXXXX")
  chmod 755 "$work" # so apt's unprivileged _apt user may read it
  _sb_info "apt-get source pgvector (in $work)"
  (cd "$work" && _sb_run "apt-get source pgvector" _sb_apt_env source pgvector) || rc=$?
  if ((rc == 0)); then
    src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' -print -quit)
    if [[ -z "$src" ]]; then
      echo "error: apt-get source pgvector did not unpack a pgvector-* directory in $work" >&2
      rc=1
    fi
  fi
  if ((rc == 0)); then
    _sb_info "make && make install in $(basename "$src") (PG_CONFIG=$pgc)"
    # OPTFLAGS="": no -march=native, so the library also runs on other CPUs (as Debian builds it)
    (cd "$src" && _sb_run "building pgvector" make -j"$(nproc)" PG_CONFIG="$pgc" OPTFLAGS="") || rc=$?
  fi
  if ((rc == 0)); then
    (cd "$src" && _sb_run "installing pgvector" make install PG_CONFIG="$pgc" OPTFLAGS="") || rc=$?
  fi
  rm -rf "$work"
  ((rc == 0)) || exit "$rc"
}

ensure_pgvector() {
  local t0=$SECONDS num major pgc avail version
  num=$(_sb_psql postgres 'SHOW server_version_num')
  major=$((num / 10000))
  avail=$(_sb_psql "$SB_PG_DB" "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")
  if [[ -z "$avail" ]]; then
    pgc=${PG_CONFIG:-/usr/lib/postgresql/$major/bin/pg_config}
    _sb_is_root || _sb_die "the pgvector extension ('vector') is not installed for PostgreSQL $major." \
      "Run scripts/test as root once (it builds and installs it), or install it yourself:" \
      "  apt-get install postgresql-$major-pgvector   (where packaged: Debian 13, Ubuntu, apt.postgresql.org)" \
      "  or build it: https://github.com/pgvector/pgvector#installation (make PG_CONFIG=$pgc && make install)"
    _sb_say "Installing pgvector for PostgreSQL $major (not packaged for it in Debian 12: built from source)"
    _sb_pgvector_install "$major" "$pgc"
    avail=$(_sb_psql "$SB_PG_DB" "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")
    [[ -n "$avail" ]] || _sb_die "pgvector was installed with $pgc, but PostgreSQL $major does not list it." \
      "Check that $pgc belongs to the running server, or set PG_CONFIG to the right pg_config."
  fi
  _sb_psql "$SB_PG_DB" 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null
  version=$(_sb_psql "$SB_PG_DB" "SELECT extversion FROM pg_extension WHERE extname = 'vector'")
  _sb_say "pgvector $version available, extension created in database $SB_PG_DB$(_sb_took "$t0")"
}

# ---------------------------------------------------------------------------- Redis

_sb_redis_ping() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r reply <&3 && [[ $reply == "+PONG"* ]]' "$SB_REDIS_HOST" "$SB_REDIS_PORT" 2>/dev/null
}

_sb_redis_version() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "INFO server\r\n" >&3
    while IFS= read -r line <&3; do
      line=${line%"$2"}
      if [[ $line == redis_version:* ]]; then printf "%s" "${line#redis_version:}"; exit 0; fi
    done' "$SB_REDIS_HOST" "$SB_REDIS_PORT" $'\r' 2>/dev/null || true
}

ensure_redis() {
  local t0=$SECONDS dir log version
  if ! _sb_redis_ping; then
    if ! command -v redis-server >/dev/null 2>&1; then
      _sb_is_root || _sb_die "Redis is not installed, and nothing answers PING on $SB_REDIS_HOST:$SB_REDIS_PORT." \
        "Install it as root:  apt-get install redis-server" \
        "or simply run scripts/test as root once; it installs and starts it."
      _sb_say "Installing Redis (apt-get install redis-server)"
      _sb_apt_install redis-server
    fi
  fi
  # (apt's postinst may have started it already)
  if ! _sb_redis_ping; then
    if _sb_tcp_open "$SB_REDIS_HOST" "$SB_REDIS_PORT"; then
      _sb_die "something listens on $SB_REDIS_HOST:$SB_REDIS_PORT but does not answer a Redis PING with PONG" \
        "(a Redis with a password or protected mode, or another program?). Free the port, or point the" \
        "tests at another Redis with SWITCHBOARD_TEST_REDIS_URL."
    fi
    if _sb_is_root; then
      dir=/var/lib/redis
      log=/var/log/redis/ci.log
    else
      dir=${TMPDIR:-/tmp}/switchboard-redis-$(id -u)
      log=$dir/redis.log
    fi
    mkdir -p "$dir" "$(dirname "$log")"
    _sb_info "starting Redis: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port $SB_REDIS_PORT --save \"\" --appendonly no --dir $dir --logfile $log"
    _sb_run "starting Redis" redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$SB_REDIS_PORT" \
      --save "" --appendonly no --dir "$dir" --logfile "$log"
    if ! _sb_wait "$SB_SERVICE_WAIT" _sb_redis_ping; then
      echo "---- last lines of $log ----" >&2
      tail -n 20 "$log" >&2 2>/dev/null || true
      _sb_die "Redis was started but does not answer PING on $SB_REDIS_HOST:$SB_REDIS_PORT after ${SB_SERVICE_WAIT}s."
    fi
  fi
  version=$(_sb_redis_version)
  _sb_say "Redis${version:+ $version} running on $SB_REDIS_HOST:$SB_REDIS_PORT$(_sb_took "$t0")"
}

# ensure_prometheus: the Prometheus server for PrometheusServerTest (Debian's package, ~20 MB);
# as root it is installed once, its service is not needed (the test starts its own). Without root
# and without the binary the test is skipped, so this only says so.
ensure_prometheus() {
  if command -v prometheus >/dev/null 2>&1; then
    return 0
  fi
  if ! _sb_is_root; then
    _sb_info "Prometheus: not installed; PrometheusServerTest will be skipped (apt-get install prometheus)"
    return 0
  fi
  _sb_say "Installing Prometheus (apt-get install prometheus) for the scrape integration test"
  _sb_apt_install prometheus
}

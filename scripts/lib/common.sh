# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

PRESCIENT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PRESCIENT_ROOT

log() { printf '\033[1m[prescient]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Installs the Debian packages the build and the private database need, if any is missing.
ensure_packages() {
  local wanted=(libpq-dev libcurl4-openssl-dev libssl-dev zlib1g-dev pkg-config postgresql curl python3 python3-venv "$@")
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v swift >/dev/null 2>&1 || [ -x /opt/swift/usr/bin/swift ] || die "Swift 6 is required (swift not on PATH)"
  command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
}

# The newest installed PostgreSQL server binaries.
pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  echo "$dir"
}

# A TCP port nobody listens on.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Runs a command as the database owner: `postgres` when we are root (initdb refuses root).
as_db_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# start_private_postgres DIR PORT: initialises (once) and starts a throwaway cluster in DIR,
# listening on 127.0.0.1:PORT only, with trust auth for the `postgres` superuser.
start_private_postgres() {
  local dir="$1" port="$2" bin
  bin=$(pg_bin_dir)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_db_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
  fi
  as_db_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB -c fsync=${PRESCIENT_PG_FSYNC:-on} -c synchronous_commit=${PRESCIENT_PG_SYNC:-on} -c full_page_writes=${PRESCIENT_PG_FSYNC:-on} ${PRESCIENT_PG_OPTIONS:-}" \
    start >/dev/null || { tail -n 30 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_private_postgres() {
  local dir="$1" bin
  bin=$(pg_bin_dir)
  [ -f "$dir/postmaster.pid" ] && as_db_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# Where a throwaway cluster lives: PRESCIENT_PG_PARENT when set; else memory (/dev/shm) when it is
# a tmpfs with 4 GiB free and the machine has 4 GiB available, since a test run creates and drops
# thousands of relation files and ext4's inode allocator slows down over recently deleted inodes;
# the temporary directory otherwise.
throwaway_parent_dir() {
  local free_kib available_kib
  if [ -n "${PRESCIENT_PG_PARENT:-}" ]; then
    echo "$PRESCIENT_PG_PARENT"
    return
  fi
  if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = "tmpfs" ]; then
    free_kib=$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')
    available_kib=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null)
    if [ "${free_kib:-0}" -ge $((4 * 1024 * 1024)) ] && [ "${available_kib:-0}" -ge $((4 * 1024 * 1024)) ]; then
      echo /dev/shm
      return
    fi
  fi
  echo "${TMPDIR:-/tmp}"
}

# A directory the database owner can write to (the repo may sit under a path postgres cannot enter).
private_pg_dir() {
  local name="$1"
  echo "${TMPDIR:-/tmp}/prescient-pg-$(id -u)-$(printf '%s' "$PRESCIENT_ROOT" | cksum | cut -d' ' -f1)-$name"
}

# The release build folder.
bin_path() { (cd "$PRESCIENT_ROOT" && swift build -c release --show-bin-path); }

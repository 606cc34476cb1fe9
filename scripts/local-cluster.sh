#!/usr/bin/env bash
# A real multi-process Stowage cluster on loopback: every role (tracker, storage, gateway, admin) is
# its own JVM running launcher/target/stowage.jar. See docs/operations.md.
#
#   local-cluster.sh up     [--dir DIR] [--trackers 3] [--groups 2] [--replicas 2] [--gateways 2] [--admin]
#                           [--base-port P] [--min-write-replicas N] [--heartbeat-timeout S]
#                           [--replication-timeout S]
#   local-cluster.sh status [--dir DIR]
#   local-cluster.sh kill|stop|start|pause|resume NAME [--dir DIR]
#   local-cluster.sh add-storage GROUP [--dir DIR]   (a new member of group GROUP, e.g. 1; prints its name)
#   local-cluster.sh down   [--dir DIR] [--purge]
#
# Names: tracker-1.., storage-g1-1.. (group 1, member 1), gateway-1.., admin-1.
# DIR/cluster.env (sourceable) holds S3_ENDPOINT_1.., TRACKERS, ACCESS_KEY, SECRET_KEY and one
# PID_<name with '-' as '_'>=<pid> line per process (empty while it is not running).
# Environment: STOWAGE_JAR (default launcher/target/stowage.jar), STOWAGE_JAVA_OPTS, JAVA (default java).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${STOWAGE_JAR:-$root/launcher/target/stowage.jar}"
java_bin="${JAVA:-java}"
java_opts="${STOWAGE_JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"

die() { echo "local-cluster: $*" >&2; exit 1; }
say() { echo "local-cluster: $*" >&2; }

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
cmd="$1"; shift

dir="${STOWAGE_CLUSTER_DIR:-$PWD/local-cluster}"
trackers=3 groups=2 replicas=2 gateways=2 admin=0 base_port=0 min_write=1 hb_timeout=6 repl_timeout=10 purge=0
name=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --trackers) trackers="$2"; shift 2 ;;
    --groups) groups="$2"; shift 2 ;;
    --replicas) replicas="$2"; shift 2 ;;
    --gateways) gateways="$2"; shift 2 ;;
    --admin) admin=1; shift ;;
    --base-port) base_port="$2"; shift 2 ;;
    --min-write-replicas) min_write="$2"; shift 2 ;;
    --heartbeat-timeout) hb_timeout="$2"; shift 2 ;;
    --replication-timeout) repl_timeout="$2"; shift 2 ;;
    --purge) purge=1; shift ;;
    -h|--help) usage ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$name" ]] || die "unexpected argument $1"; name="$1"; shift ;;
  esac
done
for n in "$trackers" "$groups" "$replicas" "$gateways" "$base_port" "$min_write" "$hb_timeout" "$repl_timeout"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# ---- helpers ---------------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

next_port=0
port=0
alloc_port() { # sets $port to the next free port (not in a subshell: $next_port must advance)
  while port_in_use "$next_port"; do next_port=$((next_port + 1)); done
  port="$next_port"
  next_port=$((next_port + 1))
}

role_of() { echo "${1%%-*}"; }
conf_of() { echo "$dir/etc/$1.conf"; }
pidfile_of() { echo "$dir/run/$1.pid"; }
conf_value() { sed -n "s/^$2[[:space:]]*=[[:space:]]*//p" "$(conf_of "$1")" | head -n1; }

# every configured process, in start order: trackers, storage, gateways, admin
names() {
  local r f
  for r in tracker storage gateway admin; do
    for f in "$dir"/etc/"$r"-*.conf; do
      if [[ -e "$f" ]]; then basename "$f" .conf; fi
    done | sort -V
  done
}

pid_of() {
  local f; f="$(pidfile_of "$1")"
  [[ -f "$f" ]] && cat "$f" || true
}

state_of() {
  local pid; pid="$(pid_of "$1")"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    echo stopped
  elif [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == T* ]]; then
    echo paused
  else
    echo running
  fi
}

wait_port() { # name port seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    port_in_use "$2" && return 0
    [[ "$(state_of "$1")" == stopped ]] && die "$1 exited during start; see $dir/logs/$1.log"
    sleep 0.1
  done
  die "$1 did not listen on port $2 within $3 s; see $dir/logs/$1.log"
}

start_one() {
  local n="$1" role; role="$(role_of "$n")"
  [[ -f "$(conf_of "$n")" ]] || die "no process named $n (see 'status')"
  if [[ "$(state_of "$n")" != stopped ]]; then
    say "$n is already $(state_of "$n")"
    return 0
  fi
  mkdir -p "$dir/logs" "$dir/run"
  # shellcheck disable=SC2086
  nohup "$java_bin" $java_opts -Dstowage.name="$n" -jar "$jar" "$role" --config "$(conf_of "$n")" \
    >>"$dir/logs/$n.log" 2>&1 </dev/null &
  echo $! >"$(pidfile_of "$n")"
}

signal_one() { # name signal
  local pid; pid="$(pid_of "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || die "$1 is not running"
  kill "-$2" "$pid"
}

stop_one() {
  local n="$1" pid i; pid="$(pid_of "$n")"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$(pidfile_of "$n")"
    return 0
  fi
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$n did not stop in 20 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pidfile_of "$n")"
}

write_env() {
  local f="$dir/cluster.env" n i=0
  {
    echo "# written by scripts/local-cluster.sh; source it"
    echo "CLUSTER_DIR=$dir"
    echo "TRACKERS=$(cat "$dir/trackers")"
    echo "CLUSTER_SECRET_FILE=$dir/cluster.secret"
    for n in $(names); do
      if [[ "$(role_of "$n")" == gateway ]]; then
        i=$((i + 1))
        echo "S3_ENDPOINT_$i=http://127.0.0.1:$(conf_value "$n" port)"
      fi
    done
    for n in $(names); do
      if [[ "$(role_of "$n")" == admin ]]; then echo "ADMIN_ENDPOINT=http://127.0.0.1:$(conf_value "$n" port)"; fi
    done
    echo "ACCESS_KEY=$(cat "$dir/access.key")"
    echo "SECRET_KEY=$(cat "$dir/secret.key")"
    echo "# one line per process: PID_<name, '-' written '_'>=<pid, empty when not running>"
    for n in $(names); do
      local pid=""
      if [[ "$(state_of "$n")" != stopped ]]; then pid="$(pid_of "$n")"; fi
      echo "PID_${n//-/_}=$pid"
    done
  } >"$f.tmp"
  mv "$f.tmp" "$f"
}

cluster_state() { # extra args for 'stowage cluster-state'
  "$java_bin" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" cluster-state \
    --trackers "$(cat "$dir/trackers")" --secret-file "$dir/cluster.secret" "$@"
}

random_string() { # length alphabet
  LC_ALL=C tr -dc "$2" </dev/urandom | head -c "$1" || true
}

# ---- up: write the configs (first time) and start everything -----------------------------------

create() {
  [[ "$trackers" -ge 1 && "$groups" -ge 1 && "$replicas" -ge 1 ]] || die "--trackers, --groups and --replicas must be >= 1"
  if [[ "$base_port" -eq 0 ]]; then
    # below the kernel's ephemeral range: a port picked there can be taken by some outgoing
    # connection's local end between the free-port check and the server's bind
    local ephemeral_low=32768
    read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    local top=$((ephemeral_low - 500))
    [[ "$top" -gt 12000 ]] || top=40000 # an unusual range (low end under 12500): 10000-39999
    base_port=$((10000 + RANDOM % (top - 10000)))
  fi
  next_port="$base_port"
  mkdir -p "$dir/etc" "$dir/data" "$dir/logs" "$dir/run"
  random_string 40 'a-f0-9' >"$dir/cluster.secret"
  echo "STW$(random_string 17 'A-Z0-9')" >"$dir/access.key"
  random_string 40 'A-Za-z0-9' >"$dir/secret.key"
  chmod 600 "$dir/cluster.secret" "$dir/secret.key"
  local secret ak sk t g n peers="" tlist="" cport rport
  secret="$(cat "$dir/cluster.secret")"; ak="$(cat "$dir/access.key")"; sk="$(cat "$dir/secret.key")"
  declare -a cports rports
  for ((t = 1; t <= trackers; t++)); do
    alloc_port; cports[t]="$port"
    alloc_port; rports[t]="$port"
    peers+="${peers:+,}tracker$t@127.0.0.1:${rports[t]}"
    tlist+="${tlist:+,}127.0.0.1:${cports[t]}"
  done
  echo "$tlist" >"$dir/trackers"
  for ((t = 1; t <= trackers; t++)); do
    cat >"$(conf_of "tracker-$t")" <<EOF
# tracker-$t, written by local-cluster.sh
bind_addr = 127.0.0.1
port = ${cports[t]}
raft_port = ${rports[t]}
tracker_id = tracker$t
raft_peers = $peers
base_path = $dir/data/tracker-$t
cluster_secret = $secret
heartbeat_timeout = $hb_timeout
min_write_replicas = $min_write
EOF
  done
  for ((g = 1; g <= groups; g++)); do
    for ((n = 1; n <= replicas; n++)); do
      alloc_port; cport="$port"
      cat >"$(conf_of "storage-g$g-$n")" <<EOF
# storage-g$g-$n, written by local-cluster.sh
group_name = group$g
server_id = $((100000 + g * 1000 + n))
bind_addr = 127.0.0.1
port = $cport
base_path = $dir/data/storage-g$g-$n
store_path0 = $dir/data/storage-g$g-$n
tracker_server = $tlist
cluster_secret = $secret
heartbeat_interval = 1
sync_interval_ms = 500
replication_timeout = $repl_timeout
EOF
    done
  done
  for ((n = 1; n <= gateways; n++)); do
    alloc_port; cport="$port"
    cat >"$(conf_of "gateway-$n")" <<EOF
# gateway-$n, written by local-cluster.sh; registers access_key/secret_key as a root credential
bind_addr = 127.0.0.1
port = $cport
tracker_server = $tlist
cluster_secret = $secret
access_key = $ak
secret_key = $sk
event_loops = 2
cluster_state_ttl = 1
EOF
  done
  if [[ "$admin" -eq 1 ]]; then
    alloc_port; cport="$port"
    local s3="http://127.0.0.1:$(conf_value gateway-1 port 2>/dev/null || true)"
    cat >"$(conf_of admin-1)" <<EOF
# admin-1, written by local-cluster.sh
bind_addr = 127.0.0.1
port = $cport
tracker_server = $tlist
cluster_secret = $secret
s3_endpoint = $s3
audit_log = $dir/logs/admin-audit.log
EOF
  fi
}

up() {
  [[ -f "$jar" ]] || die "$jar is missing: build it with 'mvn -DskipTests package' (or set STOWAGE_JAR)"
  command -v "$java_bin" >/dev/null || die "no java on PATH"
  if [[ ! -d "$dir/etc" ]]; then
    create
    say "new cluster in $dir (trackers $trackers, groups $groups x $replicas, gateways $gateways)"
  else
    say "starting the existing cluster in $dir"
  fi
  local n storages=0
  for n in $(names); do if [[ "$(role_of "$n")" == tracker ]]; then start_one "$n"; fi; done
  for n in $(names); do if [[ "$(role_of "$n")" == tracker ]]; then wait_port "$n" "$(conf_value "$n" port)" 60; fi; done
  for n in $(names); do
    if [[ "$(role_of "$n")" == storage ]]; then
      start_one "$n"
      storages=$((storages + 1))
    fi
  done
  for n in $(names); do if [[ "$(role_of "$n")" == storage ]]; then wait_port "$n" "$(conf_value "$n" port)" 60; fi; done
  say "waiting for $storages storage servers to be ACTIVE"
  cluster_state --await-active "$storages" --timeout 120 >/dev/null || die "storage servers not ACTIVE; see $dir/logs"
  for n in $(names); do if [[ "$(role_of "$n")" == gateway || "$(role_of "$n")" == admin ]]; then start_one "$n"; fi; done
  for n in $(names); do
    if [[ "$(role_of "$n")" == gateway || "$(role_of "$n")" == admin ]]; then wait_port "$n" "$(conf_value "$n" port)" 120; fi
  done
  write_env
  say "cluster up; environment in $dir/cluster.env"
  cat "$dir/cluster.env"
}

status() {
  [[ -d "$dir/etc" ]] || die "no cluster in $dir"
  local n
  printf '%-16s %-8s %-8s %s\n' NAME STATE PID PORT
  for n in $(names); do
    printf '%-16s %-8s %-8s %s\n' "$n" "$(state_of "$n")" "$(pid_of "$n")" "$(conf_value "$n" port)"
  done
  echo
  cluster_state --timeout 5 --summary 2>/dev/null || echo "(no tracker answered)"
}

# ---- add-storage: one more member of an existing group, started on a free port ---------------------

add_storage() { # group number
  local g="$1" n=1 from new cport
  [[ "$g" =~ ^[0-9]+$ ]] || die "add-storage GROUP (a group number, e.g. 1)"
  from="$(conf_of "storage-g$g-1")"
  [[ -f "$from" ]] || die "no group $g in $dir"
  while [[ -f "$(conf_of "storage-g$g-$n")" ]]; do n=$((n + 1)); done
  new="storage-g$g-$n"
  next_port=$((20000 + RANDOM % 20000))
  while :; do # free now, and not the port of a process of this cluster that is merely stopped
    alloc_port
    grep -qsE "^(port|raft_port) = $port\$" "$dir"/etc/*.conf || break
  done
  cport="$port"
  # the same settings as the group's first member; its own port, server ID and data directory
  sed -e "s/^# storage-g$g-1,/# $new,/" \
      -e "s/^port = .*/port = $cport/" \
      -e "s/^server_id = .*/server_id = $((100000 + g * 1000 + n))/" \
      -e "s|^base_path = .*|base_path = $dir/data/$new|" \
      -e "s|^store_path0 = .*|store_path0 = $dir/data/$new|" "$from" >"$(conf_of "$new")"
  start_one "$new"
  wait_port "$new" "$cport" 120
  write_env
  echo "$new"
}

case "$cmd" in
  up) up ;;
  add-storage) [[ -n "$name" ]] || die "add-storage GROUP"; add_storage "$name" ;;
  status) status ;;
  start)
    [[ -n "$name" ]] || die "start NAME"
    start_one "$name"
    wait_port "$name" "$(conf_value "$name" port)" 120
    write_env
    ;;
  stop) [[ -n "$name" ]] || die "stop NAME"; stop_one "$name"; write_env ;;
  kill) [[ -n "$name" ]] || die "kill NAME"; signal_one "$name" KILL; sleep 0.2; rm -f "$(pidfile_of "$name")"; write_env ;;
  pause) [[ -n "$name" ]] || die "pause NAME"; signal_one "$name" STOP ;;
  resume) [[ -n "$name" ]] || die "resume NAME"; signal_one "$name" CONT ;;
  down)
    if [[ -d "$dir/etc" ]]; then
      for n in $(names | tac); do stop_one "$n"; done
      write_env
    fi
    if [[ "$purge" -eq 1 ]]; then
      rm -rf "$dir"
      say "removed $dir"
    fi
    ;;
  *) usage ;;
esac

#!/usr/bin/env bash
# Samples the memory of every Stowage process of a local cluster (or of the given pids) while a
# load runs, and prints, per process, the peak resident set and the peak heap in use.
#
#   role-memory.sh [--dir DIR] [--seconds N] [--interval S] [NAME=PID ...]
#
# With --dir, the processes are the PID_<name>=<pid> lines of DIR/cluster.env
# (scripts/local-cluster.sh). Heap figures come from `jstat -gc <pid>`, so the JDK's jstat must be on
# PATH. RSS is read from /proc/<pid>/status (VmRSS sampled, and VmHWM, the kernel's own peak, as last seen).
set -euo pipefail

dir="" seconds=30 interval=1
procs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *=*) procs+=("$1"); shift ;;
    *) echo "role-memory: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [[ -n "$dir" ]]; then
  [[ -f "$dir/cluster.env" ]] || { echo "role-memory: no $dir/cluster.env" >&2; exit 1; }
  while IFS='=' read -r key pid; do
    [[ "$key" == PID_* && -n "$pid" ]] || continue
    procs+=("${key#PID_}=$pid")
  done < "$dir/cluster.env"
fi
((${#procs[@]})) || { echo "role-memory: no processes (give --dir or NAME=PID)" >&2; exit 2; }

# Heap in use, in KiB: survivor, eden and old generation use from `jstat -gc` (any collector).
heap_used_kib() {
  jstat -gc "$1" 2>/dev/null | awk 'NR==1 {for (i = 1; i <= NF; i++) col[$i] = i}
    NR==2 {printf "%d\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]}' || echo 0
}

declare -A peak_heap peak_rss hwm
end=$((SECONDS + seconds))
while ((SECONDS < end)); do
  for p in "${procs[@]}"; do
    name="${p%%=*}" pid="${p#*=}"
    [[ -r "/proc/$pid/status" ]] || continue
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
    hwm[$name]=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
    heap=$(heap_used_kib "$pid")
    ((rss > ${peak_rss[$name]:-0})) && peak_rss[$name]=$rss
    ((heap > ${peak_heap[$name]:-0})) && peak_heap[$name]=$heap
  done
  sleep "$interval"
done

printf '%-16s %8s %14s %14s %14s\n' process pid "peak RSS MiB" "VmHWM MiB" "peak heap MiB"
for p in "${procs[@]}"; do
  name="${p%%=*}" pid="${p#*=}"
  printf '%-16s %8s %14d %14d %14d\n' "$name" "$pid" $(( ${peak_rss[$name]:-0} / 1024 )) $(( ${hwm[$name]:-0} / 1024 )) \
    $(( ${peak_heap[$name]:-0} / 1024 ))
done

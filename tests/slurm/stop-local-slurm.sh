#!/usr/bin/env bash
# Stops what start-local-slurm.sh DIR started (slurmd, slurmctld, munged: by the pid files in
# DIR, waiting until each is gone), its owner watcher, and removes DIR. Safe to run when a
# start failed halfway.
set -uo pipefail
dir=${1:?usage: stop-local-slurm.sh DIR}
[ -d "$dir" ] || exit 0
stop() {
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  [ "$pid" = $$ ] && return 0  # the watcher itself, stopping the cluster
  [ -n "$pid" ] && kill "$pid" 2> /dev/null || return 0
  for _ in $(seq 1 100); do
    # Gone, or a zombie its parent (here PID 1) has not reaped yet.
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2> /dev/null)" = Z ] && return 0
    kill -0 "$pid" 2> /dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2> /dev/null
}
stop "$dir/slurmd.pid"
stop "$dir/slurmctld.pid"
stop "$dir/munge/munged.pid"
stop "$dir/watcher.pid"
rm -rf "$dir"

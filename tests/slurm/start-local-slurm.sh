#!/usr/bin/env bash
# Starts a real single-node Slurm (Debian's slurm-wlm with munge) as root without systemd, with
# everything under DIR: munge key, socket and log, slurm.conf, state and spool folders, daemon
# logs and pid files. Used by the Slurm tests (TestSlurmLocal) and by hand:
#   eval "$(tests/slurm/start-local-slurm.sh /tmp/slurm)"   # prints export SLURM_CONF=...
#   sbatch ...; tests/slurm/stop-local-slurm.sh /tmp/slurm   # stops the daemons, removes DIR
# With OWNER_PID (start-local-slurm.sh DIR OWNER_PID), a watcher stops the cluster when that
# process ends, so a test killed by its timeout leaves no daemons running.
# The node is this machine with its real CPUs and memory (slurmd -C) and a stand-in GPU gres
# (below), in one partition `local`; Slurm's defaults elsewhere (MpiDefault=none: a job script
# must ask for PMIx itself). Exits non-zero with one line on stderr when slurm-wlm or munge is
# missing, when not root, or when the node does not come up.
set -euo pipefail
dir=${1:?usage: start-local-slurm.sh DIR [OWNER_PID]}
owner=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
for tool in munged mungekey slurmctld slurmd sinfo scontrol; do
  command -v "$tool" > /dev/null || PATH=$PATH:/usr/sbin command -v "$tool" > /dev/null || {
    echo "start-local-slurm: $tool not found (apt-get install slurm-wlm munge;" \
      "scripts/install-deps.sh installs both)" >&2
    exit 1
  }
done
export PATH=$PATH:/usr/sbin
if [ "$(id -u)" != 0 ]; then
  echo "start-local-slurm: must run as root (slurmd starts the jobs)" >&2
  exit 1
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 700 "$dir/munge"
if [ -n "$owner" ]; then
  setsid bash -c 'while kill -0 "$1" 2> /dev/null && [ -d "$2" ]; do sleep 1; done
                  exec bash "$3" "$2"' watcher "$owner" "$dir" "$here/stop-local-slurm.sh" \
    < /dev/null > /dev/null 2>&1 &
  echo $! > "$dir/watcher.pid"
fi

# munge: a fresh key, the daemon on a socket of its own.
mungekey --create --keyfile="$dir/munge/munge.key" --force
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
  --seed-file="$dir/munge/seed"

host=$(hostname -s)
node=$(slurmd -C | head -1 | sed -e "s/^NodeName=[^ ]*/NodeName=$host/" -e 's/ *$//')
cat > "$dir/slurm.conf" <<CONF
ClusterName=sei-local
GresTypes=gpu
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=$((6817 + RANDOM % 2000 * 2))
SlurmdPort=$((6818 + RANDOM % 2000 * 2))
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
$node Gres=gpu:1 NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
# One `gpu` generic resource backed by /dev/null, so that jobs asking for --gres=gpu:1 (the
# header of sei export gpumd's gpumd.slurm) are scheduled as on a GPU node; no GPU is used.
echo "NodeName=$host Name=gpu File=/dev/null" > "$dir/gres.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"

# The node is usable when sinfo says idle (a few seconds).
for _ in $(seq 1 60); do
  if [ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" = idle ]; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "start-local-slurm: node $host not idle after 30 s; logs in $dir/log" >&2
sinfo >&2 || true
tail -n 5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
exit 1

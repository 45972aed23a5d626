#!/bin/bash
# End-to-end test of scripts/slurm-sweep.sh on a real, single-node Slurm on localhost.
#
# As root on Debian: installs slurmctld, slurmd, slurm-client and munge if missing, starts the
# daemons that are not already running, submits the shipped array script on a small sweep
# (4 tasks), merges the shards with `polder merge` and compares runs.csv, summary.csv,
# design.csv and rounds.csv byte for byte with the same sweep run unsharded; then stops the
# daemons it started. Takes about 30 s on a fresh machine (most of it apt-get).
#
#   sudo scripts/slurm-test.sh [path/to/polder]      # default: target/release/polder
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
polder=$(realpath "${1:-target/release/polder}")
[ -x "$polder" ] || { echo "slurm-test: no polder binary at $polder (cargo build --release)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "slurm-test: must run as root (it installs and starts Slurm)" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    echo "slurm-test: installing slurmctld slurmd slurm-client munge"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

started=()
work=$(mktemp -d /tmp/polder-slurm-test.XXXXXX)
jid=
teardown() {
    [ -n "$jid" ] && scancel "$jid" 2>/dev/null || true
    # stop only the daemons this script started, by their pid files, in reverse order
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        pidfile=${started[$i]}
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap teardown EXIT

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

host=$(hostname -s)
cpus=$(nproc)
mem=$(($(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 512))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /run/slurm
if ! alive /run/slurm/slurmctld.pid; then
    cat >/etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=local Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
fi
if ! alive /run/munge/munged.pid; then
    [ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    chown munge:munge /etc/munge/munge.key /run/munge
    chmod 400 /etc/munge/munge.key
    runuser -u munge -- /usr/sbin/munged
    started+=(/run/munge/munged.pid)
fi
munge -n | unmunge | grep -q 'STATUS:.*Success'
if ! alive /run/slurm/slurmctld.pid; then
    /usr/sbin/slurmctld
    started+=(/run/slurm/slurmctld.pid)
fi
if ! alive /run/slurm/slurmd.pid; then
    /usr/sbin/slurmd
    started+=(/run/slurm/slurmd.pid)
fi
for _ in $(seq 120); do
    sinfo -h -o %T 2>/dev/null | grep -q idle && break
    sleep 0.5
done
sinfo -h -o %T | grep -q idle || { echo "slurm-test: the node did not come up" >&2; sinfo >&2 || true; exit 1; }
echo "slurm-test: single-node Slurm is up ($host, $cpus CPUs)"

# a small sweep: 3 x 2 points, 2 policies, 25 replicates = 300 runs, with rounds.csv
cat >"$work/sweep.toml" <<SWEEP
scenario = "$repo/scenarios/care-network.toml"
replicates = 25
policies = ["none", "spoiler-first"]

[[parameters]]
path = "archetypes.saboteur_share"
values = [0.0, 0.1, 0.2]

[[parameters]]
path = "process.decision_rule"
values = ["qualified_majority", "consensus"]
SWEEP

"$polder" sweep "$work/sweep.toml" --out "$work/full" --rounds every=10 --quiet

export POLDER="$polder"
jid=$(sbatch --parsable --array=0-3 --cpus-per-task=1 --chdir="$work" \
    --output="$work/slurm-%A_%a.out" \
    scripts/slurm-sweep.sh "$work/sweep.toml" "$work/shards" --rounds every=10 --quiet)
echo "slurm-test: submitted array job $jid (4 tasks)"
for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$jid" 2>/dev/null)" ] && break
    sleep 0.5
done
if [ -n "$(squeue -h -j "$jid" 2>/dev/null)" ]; then
    echo "slurm-test: the array did not finish in 300 s" >&2
    squeue >&2 || true
    exit 1
fi
jid=
for f in "$work"/slurm-*.out; do
    echo "--- $(basename "$f")"
    cat "$f"
done
ls -d "$work"/shards/shard-*
"$polder" merge "$work/shards" --out "$work/merged" --quiet
for f in runs.csv summary.csv design.csv rounds.csv; do
    cmp "$work/full/$f" "$work/merged/$f"
done
echo "slurm-test: 4-task Slurm array merged into files byte-identical to the unsharded sweep (runs, summary, design, rounds)"

#!/bin/bash
# One shard of a polder sweep, as one task of a Slurm job array.
#
#   sbatch --array=0-99 --cpus-per-task=8 scripts/slurm-sweep.sh SWEEP.toml OUTDIR [polder sweep options]
#   polder merge OUTDIR --out OUTDIR/merged        # once every task has finished
#
# Task K of an array of N tasks runs shard K/N of the sweep (a contiguous block of about 1/N of
# the runs; polder reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN)
# with SLURM_CPUS_PER_TASK threads, into OUTDIR/shard-KKKK-of-NNNN. Number the tasks without a
# step (0-99 or 1-100), and keep N at most about 1000 (Slurm's default MaxArraySize is 1001):
# each task runs many runs, whatever the size of the sweep. Submitting the same array again
# skips finished shards and resumes interrupted ones (time limit, preemption, node failure)
# from their last checkpoint, without losing or repeating a run.
#
# Set POLDER to the polder binary if it is not on PATH (sbatch passes the environment on).
#SBATCH --job-name=polder-sweep
#SBATCH --output=polder-sweep-%A_%a.out
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: sbatch --array=0-(N-1) $0 SWEEP.toml OUTDIR [polder sweep options]" >&2
    exit 2
fi
sweep=$1
out=$2
shift 2
polder=${POLDER:-polder}
: "${SLURM_ARRAY_TASK_ID:?not a Slurm array task: submit with sbatch --array=0-(N-1)}"
: "${SLURM_ARRAY_TASK_COUNT:?not a Slurm array task: submit with sbatch --array=0-(N-1)}"

index=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0}))
dir=$(printf '%s/shard-%04d-of-%04d' "$out" "$index" "$SLURM_ARRAY_TASK_COUNT")
if [ -f "$dir/runs.csv" ]; then
    echo "polder-sweep: shard $index of $SLURM_ARRAY_TASK_COUNT is already complete in $dir"
    exit 0
fi
if [ -f "$dir/sweep.json" ]; then
    exec "$polder" sweep --resume "$dir"
fi
exec "$polder" sweep "$sweep" --out "$out" "$@"

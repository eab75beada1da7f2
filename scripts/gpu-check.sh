#!/usr/bin/env bash
# The GPU checks, run on a machine with an NVIDIA GPU from the kit scripts/gpu-kit.sh packs:
#   bash .gpukit/gpu-check.sh [SECONDS]   (the `device` tool: carry .gpukit; logs land in $OUT)
# In order of importance, each step under its own time limit and all within SECONDS (default
# 480, so a 15-minute device lease leaves time for the machine's start and one rerun):
# 1. the `gpu` suites (TestCudaBackend, TestCudaMd, TestCudaTraining);
# 2. `sei bench --backend cuda --md`: qNEP water to 10^5 atoms, then NEP water to 10^6;
# 3. GPUMD's `nep` reading sei-trained nep.txt files (prediction mode) against sei's own
#    prediction: largest energy, force and (qNEP) raw-charge differences (when the kit
#    carries GPUMD);
# 4. 50 Adam epochs of PbTe NEP: `sei train --backend cuda`, on 16 CPU threads and GPUMD's
#    `gnep`; qNEP on the GPU; SNES generations of GPUMD's `nep` and of `sei train`;
# 5. `sei bench --train` on GPUMD's PbTe set (NEP and qNEP; 1, 2, 16 threads and the GPU).
# $OUT gets summary.txt (exit status and wall time per step, test totals, loss.out last rows,
# the prediction differences), tails.txt (the end of every log) and logs.tar.gz (every log and
# output file).
set -u
deadline=$(($(date +%s) + ${1:-480}))
kit=$(mktemp -d)
# Python unpacks, in case the machine has no xz.
python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' \
  "$(dirname "$0")/payload.tar.xz" "$kit" || exit 2
out=${OUT:-/tmp/gpu-check}
logs=$(mktemp -d)
mkdir -p "$out"
export LD_LIBRARY_PATH="$kit/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
export SEI_SHARED_DIR="$kit/shared" SEI_GOLDEN_DIR="$kit/shared/golden"
sei="$kit/bin/sei"
work=$(mktemp -d)
summary="$out/summary.txt"

step() {  # step NAME SECONDS COMMAND...: runs it with a limit, logs to $logs/NAME.log
  local name=$1 limit=$2
  shift 2
  local left=$((deadline - $(date +%s)))
  if [ "$left" -lt 10 ]; then
    printf '%-28s not run: out of time\n' "$name" | tee -a "$summary"
    return
  fi
  [ "$limit" -gt "$left" ] && limit=$left
  local t0
  t0=$(date +%s.%N)
  timeout "$limit" "$@" > "$logs/$name.log" 2>&1
  local rc=$?
  printf '%-28s exit %3d  %7.1f s wall\n' "$name" "$rc" \
    "$(awk "BEGIN {print $(date +%s.%N) - $t0}")" | tee -a "$summary"
}

pbte() {  # pbte DIR TEXT FILE: a PbTe training folder whose FILE (nep.in, gnep.in) is TEXT
  mkdir -p "$1"
  cp "$kit/shared/training/PbTe/train.xyz" "$1/"
  printf "$2" > "$1/$3"
}

nvidia-smi -L | tee "$summary"
for suite in TestCudaBackend TestCudaMd TestCudaTraining; do
  step "$suite" 120 "$kit/bin/$suite"
  grep -E "^Totals|FAIL!|SKIPPED" "$logs/$suite.log" | head -5 >> "$summary"
done

# qNEP first (up to 10^5 atoms), then NEP up to 10^6: one step each, so that a slow size leaves
# the other's lines (session 14's device run spent all 120 s of one step on NEP alone).
step bench-cuda-qnep 70 "$sei" bench --backend cuda --md --seconds 1 \
  --model "$kit/shared/models/qnep_mode2_water.txt" --sizes 1000,10000,100000 \
  --structure "$kit/shared/structures/water63.xyz"
step bench-cuda-nep 100 "$sei" bench --backend cuda --md --seconds 1 \
  --model "$kit/shared/models/nep_water.txt" --structure "$kit/shared/structures/water63.xyz"

if [ -x "$kit/bin/gpumd-nep" ]; then
  # GPUMD reads sei's nep.txt: its prediction against sei's, per structure and component.
  for kind in nep qnep; do
    arch=$([ $kind = qnep ] && echo 'charge_mode 2\n' || true)
    for who in gpumd sei; do
      pbte "$work/pred-$kind-$who" "type 2 Te Pb\n${arch}prediction 1\n" nep.in
      cp "$kit/models/pbte_$kind.txt" "$work/pred-$kind-$who/nep.txt"
    done
    (cd "$work/pred-$kind-gpumd" && step "predict-gpumd-$kind" 60 "$kit/bin/gpumd-nep")
    step "predict-sei-$kind" 60 "$sei" train --dir "$work/pred-$kind-sei" --quiet
    python3 - "$work/pred-$kind-gpumd" "$work/pred-$kind-sei" "$kind" >> "$summary" 2>&1 <<'EOF'
import os, sys
g, s, kind = sys.argv[1:]
files = [("energy_train.out", "eV/atom", True), ("force_train.out", "eV/A", True)]
if kind == "qnep":  # the raw charges: one column, no labels
    files.append(("charge_train.out", "e", False))
for name, unit, labelled in files:
    if not all(os.path.exists(f"{d}/{name}") for d in (g, s)):
        print(f"{kind} {name}: missing from " + " and ".join(
            who for who, d in (("GPUMD", g), ("sei", s)) if not os.path.exists(f"{d}/{name}")))
        continue
    a, b = ([[float(x) for x in l.split()] for l in open(f"{d}/{name}")] for d in (g, s))
    n = len(a[0]) // 2 if labelled else len(a[0])  # model columns, then the labels
    model = max(abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra[:n], rb[:n]))
    labels = max((abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra[n:], rb[n:])), default=0)
    print(f"{kind} {name}: GPUMD vs sei largest difference {model:.3e} {unit} over {len(a)} "
          f"rows ({len(b)} from sei)" + (f"; labels {labels:.1e} apart" if labelled else ""))
EOF
  done
fi

# The same 50 Adam epochs (batch 2) of PbTe NEP: sei on the GPU, sei on 16 threads, GPUMD's gnep.
adam='type 2 Te Pb\nbatch 2\nepoch 50\n'
pbte "$work/sei-gpu" "${adam}optimizer adam\n" nep.in
pbte "$work/sei-cpu" "${adam}optimizer adam\n" nep.in
pbte "$work/sei-gpu-q" "${adam}charge_mode 2\noptimizer adam\n" nep.in
step train-sei-cuda-nep 90 "$sei" train --dir "$work/sei-gpu" --backend cuda --quiet
step train-sei-cpu16-nep 90 "$sei" train --dir "$work/sei-cpu" --threads 16 --quiet
if [ -x "$kit/bin/gpumd-gnep" ]; then
  pbte "$work/gnep" "$adam" gnep.in
  (cd "$work/gnep" && step train-gpumd-gnep 90 "$kit/bin/gpumd-gnep")
fi
step train-sei-cuda-qnep 90 "$sei" train --dir "$work/sei-gpu-q" --backend cuda --quiet
for d in sei-gpu sei-cpu gnep sei-gpu-q; do
  [ -d "$work/$d" ] && echo "$d loss.out last row: $(tail -1 "$work/$d/loss.out" 2>/dev/null)" \
    >> "$summary"
done
if [ -x "$kit/bin/gpumd-nep" ]; then
  pbte "$work/nep-snes" 'type 2 Te Pb\ngeneration 500\n' nep.in
  (cd "$work/nep-snes" && step snes-gpumd-nep-500 60 "$kit/bin/gpumd-nep")
  pbte "$work/sei-snes" 'type 2 Te Pb\ngeneration 50\n' nep.in
  step snes-sei-cpu16-50 60 "$sei" train --dir "$work/sei-snes" --threads 16 --quiet
fi

pbte "$work/bench-nep" 'type 2 Te Pb\noptimizer adam\n' nep.in
pbte "$work/bench-qnep" 'type 2 Te Pb\ncharge_mode 2\noptimizer adam\n' nep.in
step bench-train-nep 90 "$sei" bench --train "$work/bench-nep" --threads 1,2,16 --seconds 2
step bench-train-qnep 90 "$sei" bench --train "$work/bench-qnep" --threads 1,2,16 --seconds 2

tail -n 40 "$logs"/*.log > "$out/tails.txt" 2>/dev/null
for d in "$work"/*/; do
  mkdir -p "$logs/$(basename "$d")"
  cp "$d"/*.out "$d"/nep.txt "$logs/$(basename "$d")/" 2>/dev/null
done
tar -czf "$out/logs.tar.gz" -C "$logs" .
cat "$summary"

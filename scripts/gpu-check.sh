#!/usr/bin/env bash
# The GPU checks, run on a machine with an NVIDIA GPU from the kit scripts/gpu-kit.sh packs:
#   bash .gpukit/gpu-check.sh        (the `device` tool: carry .gpukit; logs land in $OUT)
# 1. the `gpu` suites (TestCudaBackend, TestCudaMd, TestCudaTraining);
# 2. `sei bench --backend cuda` (NEP and qNEP water, 10^3…10^6 atoms, with MD);
# 3. `sei bench --train` on GPUMD's PbTe set (CPU threads, then the GPU);
# 4. Adam epochs of `sei train --backend cuda` beside GPUMD's `gnep` and SNES generations of
#    GPUMD's `nep` on that set (when the kit carries them), wall times;
# 5. GPUMD's `nep` reading sei-trained nep.txt files (prediction mode) against sei's own
#    prediction: largest energy and force differences.
# Each step has its own time limit, so one hung step leaves the others' results. $OUT gets
# summary.txt, tails.txt (the end of every log) and logs.tar.gz (every log and output file).
set -u
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
  local t0
  t0=$(date +%s.%N)
  timeout "$limit" "$@" > "$logs/$name.log" 2>&1
  local rc=$?
  printf '%-28s exit %3d  %7.1f s wall\n' "$name" "$rc" \
    "$(awk "BEGIN {print $(date +%s.%N) - $t0}")" | tee -a "$summary"
}

nvidia-smi -L | tee "$summary"
for suite in TestCudaBackend TestCudaMd TestCudaTraining; do
  step "$suite" 150 "$kit/bin/$suite"
  grep -E "^Totals|FAIL!|SKIPPED" "$logs/$suite.log" | head -5 >> "$summary"
done

step bench-cuda 150 "$sei" bench --backend cuda --md --seconds 1 \
  --model "$kit/shared/models/nep_water.txt,$kit/shared/models/qnep_mode2_water.txt" \
  --structure "$kit/shared/structures/water63.xyz"

pbte() {  # pbte DIR TEXT FILE: a PbTe training folder whose FILE (nep.in, gnep.in) is TEXT
  mkdir -p "$1"
  cp "$kit/shared/training/PbTe/train.xyz" "$1/"
  printf "$2" > "$1/$3"
}
pbte "$work/bench-nep" 'type 2 Te Pb\noptimizer adam\n' nep.in
pbte "$work/bench-qnep" 'type 2 Te Pb\ncharge_mode 2\noptimizer adam\n' nep.in
step bench-train-nep 120 "$sei" bench --train "$work/bench-nep" --threads 1,2,16 --seconds 2
step bench-train-qnep 120 "$sei" bench --train "$work/bench-qnep" --threads 1,2,16 --seconds 2

# The same 50 Adam epochs (batch 2) of PbTe NEP: sei on the GPU, sei on 16 threads, GPUMD's gnep.
adam='type 2 Te Pb\nbatch 2\nepoch 50\n'
pbte "$work/sei-gpu" "${adam}optimizer adam\n" nep.in
pbte "$work/sei-cpu" "${adam}optimizer adam\n" nep.in
pbte "$work/sei-gpu-q" "${adam}charge_mode 2\noptimizer adam\n" nep.in
step train-sei-cuda-nep 150 "$sei" train --dir "$work/sei-gpu" --backend cuda --quiet
step train-sei-cpu16-nep 150 "$sei" train --dir "$work/sei-cpu" --threads 16 --quiet
step train-sei-cuda-qnep 150 "$sei" train --dir "$work/sei-gpu-q" --backend cuda --quiet
for d in sei-gpu sei-cpu sei-gpu-q; do
  echo "$d loss.out last row: $(tail -1 "$work/$d/loss.out" 2>/dev/null)" >> "$summary"
done
if [ -x "$kit/bin/gpumd-gnep" ]; then
  pbte "$work/gnep" "$adam" gnep.in
  (cd "$work/gnep" && step train-gpumd-gnep 150 "$kit/bin/gpumd-gnep")
  echo "gnep loss.out last row: $(tail -1 "$work/gnep/loss.out" 2>/dev/null)" >> "$summary"
fi
if [ -x "$kit/bin/gpumd-nep" ]; then
  pbte "$work/nep-snes" 'type 2 Te Pb\ngeneration 500\n' nep.in
  (cd "$work/nep-snes" && step snes-gpumd-nep-500 150 "$kit/bin/gpumd-nep")
  pbte "$work/sei-snes" 'type 2 Te Pb\ngeneration 50\n' nep.in
  step snes-sei-cpu16-50 150 "$sei" train --dir "$work/sei-snes" --threads 16 --quiet

  # GPUMD reads sei's nep.txt: its prediction against sei's, per structure and component.
  for kind in nep qnep; do
    arch=$([ $kind = qnep ] && echo 'charge_mode 2\n' || true)
    for who in gpumd sei; do
      pbte "$work/pred-$kind-$who" "type 2 Te Pb\n${arch}prediction 1\n" nep.in
      cp "$kit/models/pbte_$kind.txt" "$work/pred-$kind-$who/nep.txt"
    done
    (cd "$work/pred-$kind-gpumd" && step "predict-gpumd-$kind" 120 "$kit/bin/gpumd-nep")
    step "predict-sei-$kind" 120 "$sei" train --dir "$work/pred-$kind-sei" --quiet
    python3 - "$work/pred-$kind-gpumd" "$work/pred-$kind-sei" "$kind" >> "$summary" <<'EOF'
import sys
import numpy as np
g, s, kind = sys.argv[1:]
for name, unit in (("energy_train.out", "eV/atom"), ("force_train.out", "eV/A")):
    a, b = np.loadtxt(f"{g}/{name}"), np.loadtxt(f"{s}/{name}")
    n = a.shape[1] // 2  # model columns, then the labels
    print(f"{kind} {name}: GPUMD vs sei largest difference {np.abs(a[:, :n] - b[:, :n]).max():.3e}"
          f" {unit} over {a.shape[0]} rows; labels equal: {np.allclose(a[:, n:], b[:, n:])}")
EOF
  done
fi
tail -n 40 "$logs"/*.log > "$out/tails.txt" 2>/dev/null
for d in "$work"/*/; do
  mkdir -p "$logs/$(basename "$d")"
  cp "$d"/*.out "$d"/nep.txt "$logs/$(basename "$d")/" 2>/dev/null
done
tar -czf "$out/logs.tar.gz" -C "$logs" .
cat "$summary"

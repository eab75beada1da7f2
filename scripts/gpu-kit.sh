#!/usr/bin/env bash
# Packs the GPU checks of a build into a folder that travels to a machine with an NVIDIA GPU and
# the CUDA toolkit but none of Debian's libraries (the `device` tool's machine carries at most
# 64 MiB): `sei` and the three `gpu` suites, stripped, the shared libraries they load (from
# ldd, without the C library, which that machine has in a newer version, and cuFFT, which its
# CUDA has), ../shared and sei-trained PbTe models for GPUMD to read, packed as
# payload.tar.xz (ICU's data alone is 31 MB unpacked), beside scripts/gpu-check.sh.
#
#   scripts/gpu-kit.sh [--build build] [--kit .gpukit] [--gpumd DIR]
#
# --gpumd DIR: a folder with GPUMD's `nep` and `gnep` built for the GPU (`make nep gnep
# CUDA_ARCH=-arch=sm_90` in GPUMD's src/), run beside `sei train` on the same data.
# On the GPU machine, from the repository root: `bash .gpukit/gpu-check.sh` (logs to $OUT).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
kit=$root/.gpukit
gpumd=
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$(realpath "$2"); shift 2 ;;
    --kit) kit=$(realpath -m "$2"); shift 2 ;;
    --gpumd) gpumd=$(realpath "$2"); shift 2 ;;
    *) echo "gpu-kit.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
shared=$(realpath "$root/../shared")
programs=("$build/bin/sei" "$build/tests/TestCudaBackend" "$build/tests/TestCudaMd"
          "$build/tests/TestCudaTraining")
for p in "${programs[@]}"; do
  [ -x "$p" ] || { echo "gpu-kit.sh: $p is missing (build with CUDA first)" >&2; exit 2; }
done
[ -d "$shared/models" ] || { echo "gpu-kit.sh: $shared is missing" >&2; exit 2; }

rm -rf "$kit"
stage=$kit/payload
mkdir -p "$stage/bin" "$stage/lib" "$stage/models"
for p in "${programs[@]}"; do
  cp "$p" "$stage/bin/"
  strip "$stage/bin/$(basename "$p")"
done
# Libraries the GPU machine has itself: the C library and loader (its glibc is newer), the
# driver, and the CUDA toolkit's cuFFT.
system='^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libcuda|libcufft)\.'
for p in "${programs[@]}"; do
  ldd "$p" | awk '$3 ~ /^\// {print $1, $3}'
done | sort -u | while read -r name path; do
  [[ $name =~ $system ]] || cp -L "$path" "$stage/lib/$name"
done
cp -r "$shared" "$stage/shared"
rm -rf "$stage/shared/hooks"
# PbTe models written by `sei train` (NEP and qNEP, Adam, a few epochs): GPUMD's `nep` reads
# them in prediction mode on the GPU machine, and its energies and forces are compared with
# sei's own evaluation there.
for kind in nep qnep; do
  work=$(mktemp -d)
  cp "$shared/training/PbTe/train.xyz" "$work/"
  charge=$([ $kind = qnep ] && echo "charge_mode 2" || true)
  printf 'type 2 Te Pb\n%s\noptimizer adam\nepoch 3\n' "$charge" > "$work/nep.in"
  "$build/bin/sei" train --dir "$work" --threads 2 --quiet > /dev/null
  cp "$work/nep.txt" "$stage/models/pbte_$kind.txt"
  rm -rf "$work"
done
if [ -n "$gpumd" ]; then
  for g in nep gnep; do
    [ -x "$gpumd/$g" ] || { echo "gpu-kit.sh: $gpumd/$g is missing" >&2; exit 2; }
    cp "$gpumd/$g" "$stage/bin/gpumd-$g"
  done
fi
tar -C "$stage" -cf - . | xz -T2 -6 > "$kit/payload.tar.xz"
rm -rf "$stage"
cp "$root/scripts/gpu-check.sh" "$kit/"
du -sh "$kit"

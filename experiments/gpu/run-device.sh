#!/usr/bin/env bash
# Runs on the lent GPU machine (one H200, no .NET). Prepared by experiments/gpu/prepare.sh.
# Device tool call (from the repository root):
#   run(command="bash experiments/gpu/run-device.sh", carry=["device/ndk.tar.gz"], timeout_s=360)
# Everything lands in $OUT: run.log, steps.jsonl (one line per step: name, rc, seconds), nvidia-smi.txt,
# devices.txt, selftest.json, bench-*.json and each step's stdout/stderr.
# Steps are ordered by value and each gets a timeout; the whole script stops starting steps once
# NDK_DEADLINE_S (default 300) seconds have passed, so the device budget is never overrun.
set -u
OUT=${OUT:-$PWD/out-device}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/run.log") 2>&1
START=$(date +%s)
DEADLINE=${NDK_DEADLINE_S:-300}
echo "run-device.sh at $(date -u +%FT%TZ) on $(hostname)"

left() { echo $((DEADLINE - ($(date +%s) - START))); }

# step NAME LIMIT_S CMD...: runs CMD with a timeout (capped by the time left), logs rc and seconds.
step() {
  local name=$1 limit=$2; shift 2
  local remaining; remaining=$(left)
  if [ "$remaining" -le 5 ]; then
    echo "== $name: skipped (deadline)"; echo "{\"step\":\"$name\",\"rc\":null,\"skipped\":true}" >> "$OUT/steps.jsonl"; return
  fi
  [ "$limit" -gt "$remaining" ] && limit=$remaining
  echo "== $name (limit ${limit}s): $*"
  local t0; t0=$(date +%s%N)
  timeout --kill-after=5 "$limit" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  local rc=$?
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local secs; secs=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
  tail -n 30 "$OUT/$name.out"; tail -n 10 "$OUT/$name.err" >&2
  echo "-- $name: rc=$rc in ${secs}s"
  echo "{\"step\":\"$name\",\"rc\":$rc,\"seconds\":$secs}" >> "$OUT/steps.jsonl"
}

# Machine facts.
nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1 || echo "nvidia-smi failed"
nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version,clocks.max.sm,clocks.max.mem,power.limit --format=csv 2>&1 | tee "$OUT/gpu.csv"
{ ldconfig -p 2>/dev/null | grep -E "libcuda\.so|libOpenCL\.so" || echo "no libcuda/libOpenCL in ldconfig"; } | tee "$OUT/libs.txt"
nproc; free -g | head -2

# Unpack the self-contained ndk.
WORK=$(mktemp -d)
if ! tar -xzf device/ndk.tar.gz -C "$WORK"; then
  echo "error: device/ndk.tar.gz missing or broken: run experiments/gpu/prepare.sh and carry device/ndk.tar.gz"; exit 2
fi
NDK=$WORK/ndk/ndk
echo "ndk built from: $(head -1 "$WORK/ndk/commit.txt" 2>/dev/null || echo unknown)"
cp "$WORK/ndk/commit.txt" "$OUT/commit.txt" 2>/dev/null
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=$WORK/extract DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_gcServer=0
# ILGPU opens "libcuda.so"; our resolver also tries libcuda.so.1, but make the plain name exist too.
if ! ldconfig -p 2>/dev/null | grep -q "libcuda\.so "; then
  so1=$(ldconfig -p 2>/dev/null | awk '/libcuda\.so\.1 /{print $NF; exit}')
  if [ -n "$so1" ]; then mkdir -p "$WORK/lib"; ln -s "$so1" "$WORK/lib/libcuda.so"; export LD_LIBRARY_PATH="$WORK/lib:${LD_LIBRARY_PATH:-}"; fi
fi

# 1. What the engine sees ("auto" must say cuda:0).
step devices 60 "$NDK" devices
cp "$OUT/devices.out" "$OUT/devices.txt" 2>/dev/null
# 2. Backend equality on the GPU against the CPU backend, and the device noise check (JSON).
step selftest 150 "$NDK" selftest --device cuda --json "$OUT/selftest.json"
# 3. The target workload (performance goals in experiments/gpu/README.md).
step bench-main 150 "$NDK" bench --device cuda --workload E=1024,N0=784,N=1024,L=1,P=100 --steps 200 --json "$OUT/bench-main.json"
# 4. Depth: backward products through W^2, W^3.
step bench-deep 90 "$NDK" bench --device cuda --workload E=256,N0=784,N=1024,L=3,P=100 --steps 100 --json "$OUT/bench-deep.json"
# 5. Many narrow members, with probes and erf (launch/latency side).
step bench-narrow 60 "$NDK" bench --device cuda --workload E=4096,N0=784,N=256,L=1,P=100,Q=1000,act=erf --steps 200 --json "$OUT/bench-narrow.json"
# 6. The same main workload on the CPU backend for the speed-up (few steps).
step bench-cpu 60 "$NDK" bench --device cpu --workload E=1024,N0=784,N=1024,L=1,P=100 --steps 3 --json "$OUT/bench-cpu.json"

echo "done in $(( $(date +%s) - START ))s; results in $OUT"
ls -la "$OUT"

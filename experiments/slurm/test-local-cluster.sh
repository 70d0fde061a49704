#!/usr/bin/env bash
# End-to-end test of the Slurm scripts on a throwaway single-node Slurm cluster on this machine:
#   installs slurm-wlm and munge if missing (Debian, as root), creates a munge key and a slurm.conf
#   under NDK_SLURM_TEST_DIR (default /tmp/ndk-slurm-test), starts munged, slurmctld and slurmd, waits for
#   the node to be idle, builds ndk if needed, runs submit.sh on a tiny config in 4 shards (shard 0
#   already completed, shard 1 killed after a checkpoint, shard 2 stopped with SIGTERM, shard 3 sent the
#   time-limit signal USR1 while it runs, so the skip, resume and requeue paths run too), waits
#   for the merge job, runs the same config unsharded with `ndk run`, and compares the sim columns
#   (sim_mean, sim_se, sim_var) of the two series.csv to 1e-12 relative. Prints the job table and a
#   PASS/FAIL line, stops the daemons, removes its directory, exits non-zero on failure.
#
# If Slurm cannot run here (no packages and no root, a daemon does not start, the node never becomes
# idle, a trivial job does not complete), it says why and runs the same 4 shards as background processes
# (submit.sh --local) with the same checks; that counts as a pass unless NDK_SLURM_TEST_REQUIRE_SLURM=1.
#
# Environment: NDK_SLURM_TEST_DIR, NDK_SLURM_TEST_TIMEOUT (seconds, default 600), NDK_SLURM_TEST_PORT
# (slurmctld's port, slurmd's is the next; default 17817, or the next free pair), NDK_SLURM_TEST_KEEP=1
# (keep the directory), NDK_SLURM_TEST_REQUIRE_SLURM=1, NDK (the ndk command; default: the Release
# build, built if missing or older than the sources).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
base=${NDK_SLURM_TEST_DIR:-/tmp/ndk-slurm-test}
limit=${NDK_SLURM_TEST_TIMEOUT:-600}
port=${NDK_SLURM_TEST_PORT:-17817}
shards=4
t0=$SECONDS

# A clean environment: no Slurm/sbatch settings from a surrounding job or cluster, none of the submit knobs.
for v in $(compgen -e); do case $v in SLURM_* | SBATCH_* | SALLOC_* | SRUN_* | NDK_GRES | NDK_DEVICE | NDK_*_SBATCH_OPTS) unset "$v" ;; esac; done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { echo "[test-local-cluster +$((SECONDS - t0))s] $*"; }
remaining() { local r=$((limit - (SECONDS - t0))); [ "$r" -gt 0 ] && echo "$r" || echo 1; }
out_of_time() { [ $((SECONDS - t0)) -ge "$limit" ]; }

# ---------------------------------------------------------------- daemons
daemons=(slurmd slurmctld munged)
stop_daemons() {
  # Stops only the processes named in our pid files, and only if they are what we started.
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ] && [ -f "$base/run/slurmctld.pid" ]; then
    local ids; ids=$(timeout 10 squeue -h -o %A 2>/dev/null | sort -u)
    # shellcheck disable=SC2086  # a list of job ids
    [ -n "$ids" ] && timeout 10 scancel $ids 2>/dev/null && sleep 2
  fi
  local d pid n
  for d in "${daemons[@]}"; do
    [ -f "$base/run/$d.pid" ] || continue
    pid=$(cat "$base/run/$d.pid" 2>/dev/null)
    if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$d" ]; then
      kill -TERM "$pid" 2>/dev/null
      for ((n = 0; n < 100; n++)); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
      [ -d "/proc/$pid" ] && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$base/run/$d.pid"
  done
}
seed_pid='' single_pid=''
# shellcheck disable=SC2317  # (called from the EXIT trap)
cleanup() {
  [ -n "$seed_pid" ] && kill -KILL "$seed_pid" 2>/dev/null
  [ -n "$single_pid" ] && kill -TERM "$single_pid" 2>/dev/null && wait "$single_pid" 2>/dev/null
  stop_daemons
  if [ "${NDK_SLURM_TEST_KEEP:-0}" = 1 ]; then log "kept $base"; else rm -rf "$base"; fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

show_logs() {
  local f
  for f in "$base"/log/*.log "$base"/out/logs/*.out; do
    [ -f "$f" ] || continue
    echo "---- ${f#"$base"/} (last 15 lines)"; tail -n 15 "$f"
  done
}
fail() { echo; log "$*"; show_logs; echo "FAIL: $* ($((SECONDS - t0)) s)"; exit 1; }

# A previous run that was killed before its cleanup: stop its daemons, start afresh.
if [ -d "$base" ]; then
  [ -f "$base/slurm.conf" ] && export SLURM_CONF="$base/slurm.conf"
  stop_daemons
  rm -rf "$base"
fi
mkdir -p "$base"/{munge-key,munge-sock,state,spool,log,run,work,out}
chmod 755 "$base" "$base/munge-sock"
chmod 700 "$base/munge-key"

# Why Slurm cannot run here; empty while it can.
no_slurm=""

bring_up_slurm() {
  if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    if [ "$(id -u)" != 0 ]; then no_slurm="slurm-wlm/munge are not installed and this is not root (cannot apt-get install)"; return; fi
    if ! command -v apt-get >/dev/null; then no_slurm="slurm-wlm/munge are not installed and there is no apt-get"; return; fi
    log "installing slurm-wlm and munge (apt-get)"
    # A fresh machine may have no package lists yet.
    DEBIAN_FRONTEND=noninteractive timeout "$(remaining)" apt-get update -qq >"$base/log/apt-update.log" 2>&1 || true
    if ! DEBIAN_FRONTEND=noninteractive timeout "$(remaining)" apt-get install -y -q --no-install-recommends slurm-wlm munge >"$base/log/apt.log" 2>&1; then
      no_slurm="apt-get install slurm-wlm munge failed: $(tail -n 1 "$base/log/apt.log")"; return
    fi
  fi
  if [ "$(id -u)" != 0 ]; then no_slurm="not root: slurmd must run as root to start jobs"; return; fi
  log "$(slurmctld -V), $(munged --version 2>&1 | head -n 1)"

  # munge: our own key and socket; nothing under /etc is touched.
  local sock="$base/munge-sock/munge.socket"
  dd if=/dev/urandom of="$base/munge-key/munge.key" bs=1024 count=1 status=none
  chmod 400 "$base/munge-key/munge.key"
  if ! munged --key-file="$base/munge-key/munge.key" --socket="$sock" --pid-file="$base/run/munged.pid" \
      --log-file="$base/log/munged.log" --seed-file="$base/munge-key/munged.seed" 2>"$base/log/munged.err"; then
    no_slurm="munged did not start: $(tail -n 1 "$base/log/munged.err")"; return
  fi
  if ! munge -n --socket="$sock" | unmunge --socket="$sock" >/dev/null 2>&1; then
    no_slurm="munge credentials do not round-trip through $sock"; return
  fi

  # Two free ports from $port on (something else, a real Slurm say, may hold the first ones).
  local tries
  for ((tries = 0; tries < 50; tries++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; then break; fi
    port=$((port + 2))
  done

  # slurm.conf: one node, this machine, its real CPU count and memory; no accounting, no cgroups.
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  export SLURM_CONF="$base/slurm.conf"
  cat >"$SLURM_CONF" <<EOF
# Throwaway single-node cluster written by experiments/slurm/test-local-cluster.sh
ClusterName=ndktest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# cred_expire also sets how long a requeued job waits before it may start again (default 120 s).
AuthInfo=socket=$sock,cred_expire=10
CredType=cred/munge
StateSaveLocation=$base/state
SlurmdSpoolDir=$base/spool/slurmd-%n
SlurmctldPidFile=$base/run/slurmctld.pid
SlurmdPidFile=$base/run/slurmd.pid
SlurmctldLogFile=$base/log/slurmctld.log
SlurmdLogFile=$base/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=2
MpiDefault=none
ReturnToService=2
MinJobAge=900
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  log "slurm.conf: NodeName=$host CPUs=$cpus RealMemory=$mem, ports $port/$((port + 1)), state under $base"
  if ! slurmctld -f "$SLURM_CONF" 2>"$base/log/slurmctld.err"; then
    no_slurm="slurmctld did not start: $(tail -n 1 "$base/log/slurmctld.err") $(tail -n 1 "$base/log/slurmctld.log" 2>/dev/null)"; return
  fi
  if ! slurmd -f "$SLURM_CONF" 2>"$base/log/slurmd.err"; then
    no_slurm="slurmd did not start: $(tail -n 1 "$base/log/slurmd.err") $(tail -n 1 "$base/log/slurmd.log" 2>/dev/null)"; return
  fi
  local n st=""
  for ((n = 0; n < 60; n++)); do
    st=$(timeout 5 sinfo -h -n "$host" -o %T 2>/dev/null | head -n 1)
    [ "$st" = idle ] && break
    sleep 1
  done
  if [ "$st" != idle ]; then
    no_slurm="node $host is '${st:-unreachable}', not idle, after 60 s: $(grep -h -i error "$base"/log/slurm*.log 2>/dev/null | tail -n 1)"; return
  fi
  log "node $host idle: $(sinfo -h -o '%P %a %D %T %C(A/I/O/T)')"

  # A trivial job must run before we blame anything on the ndk scripts.
  local id
  # shellcheck disable=SC2016  # expanded by the job
  id=$(timeout 10 sbatch --parsable -o "$base/log/smoke.out" --wrap 'echo smoke ok on $(hostname -s)' 2>&1) ||
    { no_slurm="sbatch of a trivial job failed: $id"; return; }
  for ((n = 0; n < 60; n++)); do
    st=$(job_state "$id")
    case $st in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | BOOT_FAIL | OUT_OF_MEMORY) break ;; esac
    sleep 1
  done
  [ "$st" = COMPLETED ] || { no_slurm="a trivial job ended ${st:-unknown} (not COMPLETED): $(scontrol show job "$id" 2>/dev/null | grep -o 'Reason=[^ ]*')"; return; }
  log "smoke job $id: $(cat "$base/log/smoke.out")"
}

job_state() { timeout 10 scontrol show job -o "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
job_reason() { timeout 10 scontrol show job -o "$1" 2>/dev/null | grep -o 'Reason=[^ ]*' | head -n 1 | cut -d= -f2; }

# ---------------------------------------------------------------- ndk and the config
if [ -n "${NDK:-}" ]; then
  read -ra ndk <<<"$NDK"
else
  dll="$repo/src/Ndk.Host/bin/Release/net10.0/ndk.dll"
  if [ ! -f "$dll" ] || [ -n "$(find "$repo/src" \( -name '*.cs' -o -name '*.csproj' \) -newer "$dll" -print -quit)" ]; then
    log "building ndk (dotnet build src/Ndk.Host -c Release)"
    timeout "$(remaining)" dotnet build "$repo/src/Ndk.Host" -c Release -nologo -v q >"$base/log/build.log" 2>&1 ||
      { tail -n 20 "$base/log/build.log"; fail "dotnet build failed"; }
  fi
  ndk=(dotnet "$dll")
fi

config="$base/work/tiny.json"
# TinyExperiment's config (orthogonal synthetic data, relu, E = 16 in 8 antithetic pairs), N = 256, run
# to t = 200 in steps of 0.005 (40000 steps, several seconds a shard even on an idle machine, where
# 10000 steps finished before the USR1 arrived) with a checkpoint every 0.3 s, so that a shard can be
# killed half-way and resumed. (At N = 512 one sim_se, 0.004 against outputs of order 1, loses digits in
# the sum-of-squares variance and merged and unsharded differ by 5e-13 relative; here by under 1e-14.)
cat >"$config" <<'EOF'
{
  "name": "slurm-test",
  "data": { "kind": "orthogonal", "inputDim": 12, "train": 4, "test": 3, "normalize": "sphere", "seed": 3, "classes": null },
  "network": { "depth": 1, "width": 256, "activation": "relu" },
  "dynamics": { "temperature": 0.2, "sigma2": 2.0, "sigma02": 1.0, "dt": 0.005, "tMax": 200 },
  "ensemble": { "size": 16, "antithetic": true, "seed": 11 },
  "record": { "spacing": "linear", "from": 0.5, "to": 200, "count": 5, "includeZero": true },
  "theory": { "variance": false },
  "output": { "checkpointMinutes": 0.005 },
  "device": "cpu"
}
EOF

outroot="$base/out"
# Shard 0: completed before submission (its job must skip it). Shard 1: killed (SIGKILL, as on a node
# failure) after its first periodic checkpoint, status still "running". Shard 2: stopped with SIGTERM (as
# on pre-emption), status "interrupted". The jobs of shards 1 and 2 must resume them; shard 3 starts fresh.
log "pre-seeding: shard 0 completed, shard 1 killed after a checkpoint, shard 2 stopped with SIGTERM"
timeout "$(remaining)" "${ndk[@]}" run "$config" --out "$outroot/shard-0" --shard "0/$shards" --quiet >"$base/log/seed-0.log" 2>&1 ||
  { cat "$base/log/seed-0.log"; fail "pre-seeding shard 0 failed"; }
# seed SHARD SIGNAL: starts the shard, sends SIGNAL once its first checkpoint exists; sets seeded_as to
# what the shard directory then holds (completed if it finished first, else its status).
seed() {
  local i=$1 sig=$2 n
  "${ndk[@]}" run "$config" --out "$outroot/shard-$i" --shard "$i/$shards" --quiet >"$base/log/seed-$i.log" 2>&1 &
  seed_pid=$!
  for ((n = 0; n < 600; n++)); do [ -f "$outroot/shard-$i/checkpoint.bin" ] && break; kill -0 "$seed_pid" 2>/dev/null || break; sleep 0.05; done
  kill "-$sig" "$seed_pid" 2>/dev/null
  wait "$seed_pid" 2>/dev/null
  seed_pid=''
  seeded_as=$(sed -n 's/.*"state": *"\([a-z]*\)".*/\1/p' "$outroot/shard-$i/status.json" 2>/dev/null)
  if [ "$seeded_as" = completed ]; then
    log "shard $i finished before the signal; its job will skip it instead of resuming"
  elif [ -f "$outroot/shard-$i/checkpoint.bin" ]; then
    log "shard $i: SIG$sig with a checkpoint at step $(ckpt_step "$outroot/shard-$i"), status $seeded_as"
  else
    cat "$base/log/seed-$i.log"; fail "pre-seeding shard $i: no checkpoint after SIG$sig"
  fi
}
# The step of a checkpoint (the same reading as shard.sbatch's).
ckpt_step() { local f="$1/checkpoint.bin" hl; hl=$(od -An -tu1 -j9 -N1 "$f" | tr -d ' '); od -An -td8 -j$((10 + hl)) -N8 "$f" | tr -d ' '; }
seed 1 KILL; seeded1=$seeded_as
seed 2 TERM; seeded2=$seeded_as
[ "$seeded1" = running ] || [ "$seeded1" = completed ] || fail "shard 1 after SIGKILL: status $seeded1, expected running"
[ "$seeded2" = interrupted ] || [ "$seeded2" = completed ] || fail "shard 2 after SIGTERM: status $seeded2, expected interrupted"

# ---------------------------------------------------------------- the unsharded reference (in the background)
single="$base/work/single"
timeout "$(remaining)" "${ndk[@]}" run "$config" --out "$single" --quiet >"$base/log/single.log" 2>&1 &
single_pid=$!

# ---------------------------------------------------------------- Slurm, or the fallback
bring_up_slurm
if [ -z "$no_slurm" ]; then
  mode=slurm
  log "submitting: submit.sh --no-gpu $config $shards $outroot --time=10"
  sub=$(timeout 30 "$here/submit.sh" --no-gpu "$config" "$shards" "$outroot" --time=10 2>&1) || fail "submit.sh failed: $sub"
  echo "$sub"
  array_id=$(awk '$1 == "array" && $2 == "job" { sub(":", "", $3); print $3 }' <<<"$sub")
  merge_id=$(awk '$1 == "merge" && $2 == "job" { sub(":", "", $3); print $3 }' <<<"$sub")
  [[ "$array_id" =~ ^[0-9]+$ && "$merge_id" =~ ^[0-9]+$ ]] || fail "could not read the job ids from submit.sh's output"
  log "waiting for merge job $merge_id (after array $array_id)"
  last="" usr1_sent=0
  while :; do
    # Shard 3 starts fresh; once it has a checkpoint, send its script USR1 (what --signal=B:USR1@300 sends
    # before the time limit): it must checkpoint, requeue itself and resume.
    if [ "$usr1_sent" = 0 ] && [ -f "$outroot/shard-3/checkpoint.bin" ] && grep -q starting "$outroot/logs/shard-3.out" 2>/dev/null; then
      log "shard 3 running with a checkpoint: scancel --batch --signal=USR1 ${array_id}_3"
      timeout 10 scancel --batch --signal=USR1 "${array_id}_3" || fail "scancel --signal=USR1 ${array_id}_3 failed"
      usr1_sent=1
    fi
    st=$(job_state "$merge_id")
    [ "$st" != "$last" ] && log "merge job $merge_id: ${st:-?} ($(job_reason "$merge_id"))" && last=$st
    case $st in
      COMPLETED) break ;;
      FAILED | CANCELLED | TIMEOUT | NODE_FAIL | BOOT_FAIL | OUT_OF_MEMORY | DEADLINE | PREEMPTED) break ;;
      PENDING) [ "$(job_reason "$merge_id")" = DependencyNeverSatisfied ] && break ;;
    esac
    out_of_time && { timeout 10 squeue -t all; fail "timed out after $limit s waiting for the merge job"; }
    sleep 0.2
  done
  echo
  echo "Slurm job table (squeue -t all):"
  timeout 10 squeue -t all -o '%.10i %.22j %.10T %.8M %.5C %R' 2>&1
  echo "exit codes (scontrol show job):"
  for id in $(timeout 10 squeue -h -t all -o %i | sort -t_ -k1,1n -k2,2n); do
    timeout 10 scontrol show job -o "$id" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(JobId|ArrayJobId|ArrayTaskId|JobName|JobState|Restarts|ExitCode|RunTime)=/) printf "%s ", $i; print "" }'
  done
  echo
  [ "$st" = COMPLETED ] || fail "merge job $merge_id ended $st ($(job_reason "$merge_id"))"
  for ((i = 0; i < shards; i++)); do
    ts=$(timeout 10 scontrol show job -o "${array_id}_$i" 2>/dev/null | grep -o 'JobState=[A-Z_]* \|ExitCode=[0-9:]*' | tr -d ' ' | tr '\n' ' ')
    [ "$ts" = "JobState=COMPLETED ExitCode=0:0 " ] || fail "array task ${array_id}_$i: $ts"
  done
else
  mode=local
  echo
  log "Slurm cannot run here: $no_slurm"
  log "falling back to the same $shards shards as local background processes (submit.sh --local)"
  stop_daemons
  timeout "$(remaining)" "$here/submit.sh" --local "$config" "$shards" "$outroot" || fail "submit.sh --local failed"
fi

# ---------------------------------------------------------------- checks
wait "$single_pid"; single_rc=$?
single_pid=
[ "$single_rc" = 0 ] || { cat "$base/log/single.log"; fail "unsharded ndk run exited with $single_rc"; }
grep -q 'already completed' "$outroot/logs/shard-0.out" || fail "shard 0's job did not skip the completed shard"
resumed=0
for i in 1 2; do
  v=seeded$i
  if [ "${!v}" = completed ]; then
    grep -q 'already completed' "$outroot/logs/shard-$i.out" || fail "shard $i's job did not skip the completed shard"
  else
    grep -q 'resuming' "$outroot/logs/shard-$i.out" || fail "shard $i's job did not resume the ${!v} shard"
    resumed=$((resumed + 1))
  fi
done
grep -q 'starting' "$outroot/logs/shard-3.out" || fail "shard 3's job did not start the shard"
requeued=0
if [ "$mode" = slurm ]; then
  [ "$usr1_sent" = 1 ] || fail "shard 3 never ran with a checkpoint, so it was not sent USR1"
  if grep -q 'requeueing' "$outroot/logs/shard-3.out"; then
    grep -A1000 'requeueing' "$outroot/logs/shard-3.out" | grep -q 'resuming' || fail "shard 3 was requeued but did not resume"
    requeued=1
  elif grep -q 'USR1' "$outroot/logs/shard-3.out"; then
    fail "shard 3 got USR1 but did not requeue itself: $(grep -v '^$' "$outroot/logs/shard-3.out" | tail -n 3 | tr '\n' ' ')"
  else
    fail "shard 3 did not log the USR1"
  fi
fi
for ((i = 0; i < shards; i++)); do
  grep -q '"completed"' "$outroot/shard-$i/status.json" || fail "shard $i: status is not completed"
done
echo "what the shard jobs did (their logs):"
for ((i = 0; i < shards; i++)); do grep -h '^\[shard' "$outroot/logs/shard-$i.out" | sed 's/^/  /'; done
m="$outroot/merged/series.csv" s="$single/series.csv"
[ -f "$m" ] && [ -f "$s" ] || fail "series.csv missing (merged: $m, unsharded: $s)"
[ "$(head -n 1 "$m")" = "$(head -n 1 "$s")" ] || fail "series.csv headers differ"
[ "$(wc -l <"$m")" = "$(wc -l <"$s")" ] || fail "series.csv row counts differ ($(wc -l <"$m") merged, $(wc -l <"$s") unsharded)"
# Columns 1-3 (t, split, point) must match exactly, 4-6 (sim_mean, sim_se, sim_var) to 1e-12 relative.
cmp_out=$(paste -d, <(cut -d, -f1-6 "$m") <(cut -d, -f1-6 "$s") | awk -F, '
  NR == 1 { next }
  {
    rows++
    if ($1 != $7 || $2 != $8 || $3 != $9) { bad++; if (bad <= 5) print "row " NR ": key " $1 "," $2 "," $3 " vs " $7 "," $8 "," $9; next }
    for (c = 4; c <= 6; c++) {
      a = $c; b = $(c + 6)
      if (a == b) { if (a "" == b "") same++; continue }
      if (a == "" || b == "") { bad++; if (bad <= 5) print "row " NR " col " c ": \"" a "\" vs \"" b "\""; continue }
      d = a - b; if (d < 0) d = -d
      s = (a < 0 ? -a : a); t = (b < 0 ? -b : b); if (t > s) s = t
      r = d / s; if (r > maxr) maxr = r
      if (r > 1e-12) { bad++; if (bad <= 5) print "row " NR " col " c ": " a " vs " b " (rel " r ")" }
    }
  }
  END { printf "rows=%d values=%d bad=%d max_rel=%.3g\n", rows, rows * 3, bad + 0, maxr + 0 }')
echo "$cmp_out"
summary=$(tail -n 1 <<<"$cmp_out")
rows=$(sed -n 's/^rows=\([0-9]*\).*/\1/p' <<<"$summary")
bad=$(sed -n 's/.* bad=\([0-9]*\).*/\1/p' <<<"$summary")
[ "${rows:-0}" -gt 0 ] || fail "no rows compared"
if cmp -s <(cut -d, -f1-6 "$m") <(cut -d, -f1-6 "$s"); then how="bitwise identical"; else how="equal to 1e-12 relative"; fi
if cmp -s "$outroot/merged/statistics.bin" "$single/statistics.bin"; then how="$how; statistics.bin bitwise identical"; fi
[ "$bad" = 0 ] || fail "merged and unsharded sim columns differ ($summary)"

echo
if [ "$mode" = slurm ]; then
  echo "PASS: Slurm array $array_id ($shards shards: $((3 - resumed)) skipped, $resumed resumed, 1 started, checkpointed on USR1, requeued and resumed) + merge job $merge_id == unsharded ndk run: sim_mean/sim_se/sim_var of $rows rows $how ($((SECONDS - t0)) s)"
  exit 0
fi
if [ "${NDK_SLURM_TEST_REQUIRE_SLURM:-0}" = 1 ]; then
  echo "FAIL: Slurm cannot run here ($no_slurm); the local fallback passed: $rows rows $how ($((SECONDS - t0)) s)"
  exit 3
fi
echo "PASS (without Slurm: $no_slurm): $shards local shards + merge == unsharded ndk run: sim_mean/sim_se/sim_var of $rows rows $how ($((SECONDS - t0)) s)"
exit 0

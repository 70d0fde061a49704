#!/usr/bin/env bash
# Runs an ndk ensemble as a Slurm job array of SHARDS shards plus a merge job that starts when all of them
# succeeded (--dependency=afterok). Shard i writes OUTROOT/shard-<i>, the merge OUTROOT/merged; logs go
# to OUTROOT/logs. See docs/scale-out.md.
#
#   submit.sh [--no-gpu | --gres=SPEC] [--local] CONFIG SHARDS OUTROOT [sbatch options...]
#
#   --no-gpu        submit the shards without a GPU request (same as NDK_GRES=)
#   --gres=SPEC     the shards' generic resources instead of gpu:1 (same as NDK_GRES=SPEC)
#   --local         no Slurm: run the shards as background processes here, then the merge
#   sbatch options  passed to both sbatch calls (e.g. --partition=gpu --account=x --time=2:00:00)
#
# Environment:
#   NDK                    the ndk command (default: dotnet <repo>/src/Ndk.Host/bin/Release/net10.0/ndk.dll)
#   NDK_GRES               the shards' --gres (default gpu:1; empty: none)
#   NDK_DEVICE             --device for the shards (default: the config's device; auto picks CUDA)
#   NDK_SHARD_SBATCH_OPTS  extra sbatch options for the shard array only (word-split)
#   NDK_MERGE_SBATCH_OPTS  extra sbatch options for the merge job only (word-split)
#   SBATCH                 the sbatch command (default: sbatch)
#
# Resubmitting into the same OUTROOT (same config, same SHARDS) skips completed shards and resumes
# interrupted ones from their checkpoints.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
usage() { sed -n '6,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "submit: $*" >&2; exit 2; }

gres=${NDK_GRES-gpu:1}
local_mode=0
while [ $# -gt 0 ]; do
  case $1 in
    --no-gpu) gres=; shift ;;
    --gres=*) gres=${1#--gres=}; shift ;;
    --local) local_mode=1; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) die "unknown option $1 (sbatch options go after CONFIG SHARDS OUTROOT)" ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] || usage
config=$1 shards=$2 outroot=$3
shift 3
extra=("$@")

[ -f "$config" ] || die "$config: no such config file"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "SHARDS must be a positive integer, not '$shards'"
config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
mkdir -p "$outroot/logs"
outroot=$(cd "$outroot" && pwd)

default_ndk="dotnet $repo/src/Ndk.Host/bin/Release/net10.0/ndk.dll"
ndk=${NDK:-$default_ndk}
if [ -z "${NDK:-}" ] && [ ! -f "$repo/src/Ndk.Host/bin/Release/net10.0/ndk.dll" ]; then
  die "ndk is not built: run 'dotnet build $repo/src/Ndk.Host -c Release', or set NDK to the ndk command"
fi
read -ra ndk_words <<<"$ndk"
command -v "${ndk_words[0]}" >/dev/null || die "NDK='$ndk': ${ndk_words[0]} not found"

# Refuse while jobs of an earlier submission into this OUTROOT are still queued or running: two jobs
# must never write the same shard directory (nor read a job.env changed under them).
if [ -f "$outroot/jobs.txt" ] && command -v squeue >/dev/null; then
  ids=$(awk '{ print $4; print $6 }' "$outroot/jobs.txt" | sort -u | paste -sd, -)
  active=$(squeue -h -j "$ids" -o '%i %T' 2>/dev/null | tr '\n' ' ')
  [ -z "$active" ] || die "jobs of an earlier submission into $outroot are still queued or running ($active); wait for them or scancel them first"
fi

# OUTROOT/job.env: what every shard and the merge run; a resubmission must match it.
config_sha=$(sha256sum "$config" | cut -d' ' -f1)
envfile="$outroot/job.env"
if [ -f "$envfile" ]; then
  # shellcheck disable=SC1090
  old_config=$(. "$envfile"; echo "$NDK_CONFIG") old_shards=$(. "$envfile"; echo "$NDK_SHARDS") old_sha=$(. "$envfile"; echo "$NDK_CONFIG_SHA256")
  [ "$old_config" = "$config" ] && [ "$old_shards" = "$shards" ] && [ "$old_sha" = "$config_sha" ] ||
    die "$outroot holds a run of $old_config in $old_shards shards (config sha256 ${old_sha:0:12}); use another OUTROOT for $config in $shards shards"
fi
{
  echo "# written by experiments/slurm/submit.sh $(date '+%F %T'); read by shard.sbatch and merge.sbatch"
  printf 'NDK=%q\nNDK_CONFIG=%q\nNDK_CONFIG_SHA256=%q\nNDK_SHARDS=%q\nNDK_DEVICE=%q\n' \
    "$ndk" "$config" "$config_sha" "$shards" "${NDK_DEVICE:-}"
} >"$envfile.tmp"
mv "$envfile.tmp" "$envfile"

if [ "$local_mode" = 1 ]; then
  echo "local: $shards shards of $config as background processes -> $outroot/shard-<i> (logs $outroot/logs)"
  pids=()
  for ((i = 0; i < shards; i++)); do
    NDK_SHARD_INDEX=$i bash "$here/shard.sbatch" "$outroot" >>"$outroot/logs/shard-$i.out" 2>&1 &
    pids+=($!)
  done
  failed=0
  for ((i = 0; i < shards; i++)); do
    if wait "${pids[$i]}"; then echo "local: shard $i done"; else echo "local: shard $i failed (exit $?; see $outroot/logs/shard-$i.out)"; failed=1; fi
  done
  [ "$failed" = 0 ] || { echo "local: not merging, a shard failed" >&2; exit 1; }
  if bash "$here/merge.sbatch" "$outroot" >>"$outroot/logs/merge.out" 2>&1; then
    echo "local: merged -> $outroot/merged"
  else
    echo "local: merge failed (see $outroot/logs/merge.out)" >&2; exit 1
  fi
  exit 0
fi

sbatch_cmd=${SBATCH:-sbatch}
name=$(basename "$outroot")
shard_opts=(--parsable --array="0-$((shards - 1))" --job-name="ndk-shard:$name" --output="$outroot/logs/shard-%a.out")
[ -n "$gres" ] && shard_opts+=(--gres="$gres")
read -ra shard_user <<<"${NDK_SHARD_SBATCH_OPTS:-}"
read -ra merge_user <<<"${NDK_MERGE_SBATCH_OPTS:-}"

array_id=$($sbatch_cmd "${shard_opts[@]}" "${extra[@]}" "${shard_user[@]}" "$here/shard.sbatch" "$outroot")
array_id=${array_id%%;*}
[[ "$array_id" =~ ^[0-9]+$ ]] || die "sbatch did not return a job id for the shard array: $array_id"
merge_id=$($sbatch_cmd --parsable --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --job-name="ndk-merge:$name" --output="$outroot/logs/merge-%j.out" "${extra[@]}" "${merge_user[@]}" \
  "$here/merge.sbatch" "$outroot") || { echo "submit: merge submission failed; cancelling the array $array_id" >&2; scancel "$array_id"; exit 1; }
merge_id=${merge_id%%;*}
echo "$(date '+%F %T') array $array_id merge $merge_id" >>"$outroot/jobs.txt"

echo "array job $array_id: $shards shards of $config -> $outroot/shard-<i> (logs $outroot/logs/shard-<i>.out)${gres:+, --gres=$gres each}"
echo "merge job $merge_id: after afterok:$array_id -> $outroot/merged (log $outroot/logs/merge-$merge_id.out)"

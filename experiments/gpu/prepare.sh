#!/usr/bin/env bash
# Builds, on this (no-GPU) machine, what the lent GPU machine runs: a self-contained linux-x64 publish
# (that machine has no .NET), packed as device/ndk.tar.gz (it must stay under the device tool's 64 MiB
# carry limit). device/ is git-ignored; carry it with: carry=["device/ndk.tar.gz"].
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf device/ndk device/ndk.tar.gz
mkdir -p device
dotnet publish src/Ndk.Host -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -o device/ndk
# Debug symbols are not needed there.
rm -f device/ndk/*.pdb
{ echo "$(git rev-parse HEAD)"; git status --porcelain | head -20; } > device/ndk/commit.txt 2>/dev/null || true
tar -czf device/ndk.tar.gz -C device ndk
bytes=$(stat -c %s device/ndk.tar.gz)
limit=$((64 * 1024 * 1024))
echo "device/ndk.tar.gz: $bytes bytes (limit $limit with everything else carried)"
if [ "$bytes" -ge $((limit - 4 * 1024 * 1024)) ]; then
  echo "error: the archive leaves under 4 MiB of the 64 MiB carry limit for the working tree" >&2
  exit 1
fi
# Smoke test here: the binary must start without a .NET install on the path.
env -u DOTNET_ROOT PATH=/usr/bin:/bin device/ndk/ndk devices

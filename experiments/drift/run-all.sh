#!/bin/sh
# Runs every drift experiment of this folder into runs/<config name>/ (about 3-5 minutes each on 2 cores).
set -e
here=$(dirname "$0")
ndk=${NDK:-ndk}
for c in "$here"/*.json; do
  name=$(basename "$c" .json)
  "$ndk" drift "$c" --out "$here/runs/$name" --force --quiet
done

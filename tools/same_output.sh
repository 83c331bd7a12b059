#!/bin/sh
# Build the sample site at REV (default: HEAD) and from the working tree, then
# diff the two outputs. Usage: tools/same_output.sh [REV]
set -eu
rev=${1:-HEAD}
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/base" "$rev"
ln -s "$root/.venv" "$work/base/.venv"
ln -s "$root/node_modules" "$work/base/node_modules"
for side in base tree; do
  dir=$root
  [ "$side" = base ] && dir=$work/base
  # The shared .venv imports tintuc from this worktree (editable install):
  # each side imports its own src/ first, and neither reinstalls the .venv
  # (READY= : the base checkout's newer files would point it at the base).
  PYTHONPATH="$dir/src" make -C "$dir" --no-print-directory publish READY= FORCE=1 OUTPUTDIR="$work/out-$side" \
    SITEURL=http://127.0.0.1:8765 \
    PELICANOPTS="-e CACHE_PATH='\"$work/cache-$side\"'" >"$work/$side.log" 2>&1 \
    || { cat "$work/$side.log"; exit 1; }
done
if diff -r "$work/out-base" "$work/out-tree"; then
  echo "Same output as $rev."
fi

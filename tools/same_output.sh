#!/bin/sh
# Build the sample site at REV (default: HEAD) and from the working tree, then
# diff the two outputs. Usage: tools/same_output.sh [REV]
# Each side runs its own code (PYTHONPATH comes before the editable install),
# with this checkout's .venv; make is not used for REV, so the .venv is never
# reinstalled from the temporary checkout.
set -eu
rev=${1:-HEAD}
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/base" "$rev"
ln -s "$root/node_modules" "$work/base/node_modules"
for side in base tree; do
  dir=$root
  [ "$side" = base ] && dir=$work/base
  if [ -d "$dir/src/tintuc" ]; then code=$dir/src module=tintuc.build
  else code=$dir/plugins module=sitebuild; fi
  (cd "$dir" && PYTHONPATH="$code" "$root/.venv/bin/python" -m "$module" \
    --settings publishconf.py build --force --output "$work/out-$side" \
    --siteurl http://127.0.0.1:8765 -- -e "CACHE_PATH=\"$work/cache-$side\"") \
    >"$work/$side.log" 2>&1 || { cat "$work/$side.log"; exit 1; }
done
if diff -r "$work/out-base" "$work/out-tree"; then
  echo "Same output as $rev."
fi

#!/usr/bin/env bash
# Benchmarks ug against the floors of its file format, in one run so the
# ratios are comparable on a noisy machine. Needs hyperfine (apt-get install
# hyperfine) and python3. Usage: bench/run.sh [RUNS]
# The read floor in instructions, with 36,000 RSVPs too: bench/rsvp_floor.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin ug --example floor
target=$(realpath "${CARGO_TARGET_DIR:-target}")
ug=$target/release/ug
floor=$target/release/examples/floor
python3 bench/gen_large.py "$work/large.toml"
cp "$work/large.toml" "$work/orig.toml"
printf 'file: %s bytes\n' "$(wc -c < "$work/large.toml")"
export UG_NOW=2026-11-26 UG_FILE="$work/large.toml" NO_COLOR=1

echo "== read commands vs one toml_edit parse"
hyperfine -N -w 3 -r "$runs" --export-markdown "$work/read.md" \
    -n floor-parse "$floor parse $work/large.toml" \
    -n check "$ug check" \
    -n status "$ug status" \
    -n tasks "$ug tasks" \
    -n next-meetup-dry-run "$ug next-meetup --new --dry-run" \
    -n agenda "$ug agenda"
cat "$work/read.md"

echo "== edits vs parse + print + fsync + rename"
open_task=$(grep -B4 'status = "open"' "$work/orig.toml" | grep -m1 '^id = ' | sed 's/id = //')
hyperfine -N -w 3 -r "$runs" --export-markdown "$work/edit.md" \
    --prepare "cp $work/orig.toml $work/large.toml" \
    -n floor-edit "$floor edit $work/large.toml" \
    -n "tasks-done" "$ug tasks done $open_task --yes" \
    -n "tasks-add" "$ug tasks add Bench --owner organizer --due +3d --yes"
cat "$work/edit.md"

echo "== peak memory (max RSS, KB)"
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
cp "$work/orig.toml" "$work/large.toml"
printf 'floor-parse %s\n' "$(rss "$floor" parse "$work/large.toml")"
printf 'check       %s\n' "$(rss "$ug" check)"
printf 'status      %s\n' "$(rss "$ug" status)"
printf 'floor-edit  %s\n' "$(rss "$floor" edit "$work/large.toml")"
cp "$work/orig.toml" "$work/large.toml"
printf 'tasks-done  %s\n' "$(rss "$ug" tasks done "$open_task" --yes)"

#!/usr/bin/env bash
# Benchmarks `ug merge` (git's merge driver, SPEC 10) on the large file
# (bench/gen_large.py: 10,000 members, 600 events, 6,000 tasks, 1.7 MB)
# against its floor: three documents to parse (BASE, OURS, THEIRS) and one
# to print and write, i.e. about three `floor parse` and one `floor edit`.
# OURS adds a task and a member, THEIRS marks a task done and adds a member.
# Needs hyperfine (apt-get install hyperfine) and python3.
# Usage: bench/merge.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin ug --example floor
target=$(realpath "${CARGO_TARGET_DIR:-target}")
ug=$target/release/ug
floor=$target/release/examples/floor
python3 bench/gen_large.py "$work/base.toml"
export UG_NOW=2026-11-26 NO_COLOR=1
cp "$work/base.toml" "$work/ours.orig"
cp "$work/base.toml" "$work/theirs.toml"
open_task=$(grep -B4 'status = "open"' "$work/base.toml" | grep -m1 '^id = ' | sed 's/id = //')
"$ug" --file "$work/ours.orig" --yes tasks add Bench --owner organizer --due +3d >/dev/null 2>&1
"$ug" --file "$work/ours.orig" --yes members add ours@example.org >/dev/null 2>&1
"$ug" --file "$work/theirs.toml" --yes tasks done "$open_task" >/dev/null 2>&1
"$ug" --file "$work/theirs.toml" --yes members add theirs@example.org >/dev/null 2>&1
printf 'file: %s bytes\n' "$(wc -c < "$work/base.toml")"

hyperfine -N -w 2 -r "$runs" --export-markdown "$work/merge.md" \
    --prepare "cp $work/ours.orig $work/ours.toml" \
    -n floor-parse "$floor parse $work/base.toml" \
    -n floor-edit "$floor edit $work/ours.toml" \
    -n merge "$ug merge $work/base.toml $work/ours.toml $work/theirs.toml"
cat "$work/merge.md"
cp "$work/ours.orig" "$work/ours.toml"
"$ug" merge "$work/base.toml" "$work/ours.toml" "$work/theirs.toml"
grep -c 'ours@example.org\|theirs@example.org' "$work/ours.toml"

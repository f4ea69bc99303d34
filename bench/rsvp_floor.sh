#!/usr/bin/env bash
# The read floor of issue 10, in instructions (callgrind, so a busy machine
# does not blur it): every read command on the 10,000-member file
# (bench/gen_large.py), and on the same file with 60 RSVPs on each of its
# 600 events (bench/add_rsvps.py: 36,000 RSVP lines), against one toml_edit
# parse of that file (bench/floor.rs). Budget: 1.3x. Both files get an
# `[inbox]` with empty Maildirs, so `ug inbox` is the rerun with nothing new.
# Needs valgrind and python3.
# Usage: bench/rsvp_floor.sh [COMMAND...]   (UG=/path/to/ug: that build, none made)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -n "${UG:-}" ] || cargo build --release --quiet --bin ug --example floor
target=$(realpath "${CARGO_TARGET_DIR:-target}")
ug=${UG:-$target/release/ug}
floor=$target/release/examples/floor
inbox=$'\n[inbox]\nmaildir = "mail/INBOX"\nsent_maildir = "mail/Sent"\n'
python3 bench/gen_large.py "$work/plain.toml"
printf '%s' "$inbox" >> "$work/plain.toml"
cp "$work/plain.toml" "$work/rsvps.toml"
python3 bench/add_rsvps.py "$work/rsvps.toml"
mkdir -p "$work"/mail/{INBOX,Sent}/{new,cur,tmp}
export UG_NOW=2026-11-26 NO_COLOR=1

# Instructions one run executes (callgrind's total).
instr() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

cmds=("$@")
[ ${#cmds[@]} -gt 0 ] || cmds=(check status agenda "next-meetup --new --dry-run" tasks
    events rsvps members remind inbox)
for f in plain rsvps; do
    file=$work/$f.toml
    export UG_FILE=$file
    "$ug" inbox > /dev/null # the log exists: a rerun with nothing new
    base=$(instr "$floor" parse "$file")
    printf '== %s (%s bytes, %s RSVP lines): one parse = %s instructions\n' \
        "$f" "$(wc -c < "$file")" "$(grep -c '^  { email' "$file" || true)" "$base"
    for c in "${cmds[@]}"; do
        # shellcheck disable=SC2086
        n=$(instr "$ug" $c)
        awk -v c="$c" -v n="$n" -v b="$base" \
            'BEGIN { r = n / b; printf "%-28s %6.3fx%s\n", c, r, (r > 1.3 ? "  over 1.3x" : "") }'
    done
done

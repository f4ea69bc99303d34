#!/usr/bin/env bash
# `ug inbox` on mail built to be slow to read (SPEC 11, bounds): for each
# kind in bench/gen_hostile.py, one such message in an empty Maildir, read
# from scratch (log and cache removed before each run). Bounded reading
# keeps each near the cost of an ordinary reply; before it, a quote nested
# 300,000 deep held `ug inbox` for more than 5 minutes (debug build: 5 min
# timeout hit; 10,000 deep took 19 s, quadratic).
# Measured 2026-12-07 (release, shared 2 cores, 5 runs each): an ordinary
# reply 4.1 ms; nested-html (10 MB) 34.5 ms, open-html 70 ms, lines 25 ms,
# quotes 13.5 ms, sentences (8 MB) 29 ms, long-line (11 MB) 47 ms, a 6 MB
# subject 129 ms, nested MIME 33 ms: each bounded, none past 0.15 s.
# Needs hyperfine and python3.
# Usage: bench/hostile.sh [RUNS]   (UG=/path/to/ug: that build, none made)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${UG:-}" ] || cargo build --release --quiet --bin ug
ug=${UG:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/ug}
cp tests/fixtures/inbox/group.toml "$work/group.toml"
printf '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n' > "$work/group.key"
chmod 600 "$work/group.key"
export UG_NOW=2026-11-27T10:00:00 UG_FILE="$work/group.toml" NO_COLOR=1
for kind in plain nested-html open-html lines quotes sentences long-line subject nested-mime; do
    rm -rf "$work/mail"
    mkdir -p "$work/mail/INBOX/cur" "$work/mail/INBOX/tmp" "$work/mail/Sent/cur"
    python3 bench/gen_hostile.py "$work/mail/INBOX" "$kind"
    size=$(du -k "$work/mail/INBOX/new" | cut -f1)
    echo "== $kind ($size KB)"
    hyperfine -N -w 1 -r "$runs" --style basic \
        --prepare "rm -f $work/group.inbox.log $work/group.inbox.cache" \
        "$ug inbox" | grep -E 'Time|Range'
done

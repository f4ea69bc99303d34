#!/usr/bin/env bash
# `ug remind` (the preview) against `ug check` on one large file: time
# (hyperfine) and peak memory (max RSS), with the ratios. The target
# (issue 9): the preview within 3x the time and 1.5x the memory of check.
# On the generated file the announcement of 2026-12-01 is due to every
# member at UG_NOW=2026-11-26, so the preview lists one line per member.
# Needs hyperfine (apt-get install hyperfine) and python3.
# Usage: bench/remind_stream.sh [MEMBERS] [RUNS]   (default 100000, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-100000}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin ug
ug=$(realpath "${CARGO_TARGET_DIR:-target}")/release/ug
python3 bench/gen_large.py --members "$members" "$work/big.toml"
export UG_NOW=2026-11-26 UG_FILE="$work/big.toml" NO_COLOR=1
printf 'file: %s bytes, %s members; remind lists %s lines\n' "$(wc -c < "$work/big.toml")" \
    "$members" "$("$ug" remind | wc -l)"

hyperfine -N -w 1 -r "$runs" --export-json "$work/t.json" \
    -n check "$ug check" -n remind "$ug remind" -n remind-json "$ug remind --json"
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
check_kb=$(rss "$ug" check)
remind_kb=$(rss "$ug" remind)
json_kb=$(rss "$ug" remind --json)
python3 - "$work/t.json" "$check_kb" "$remind_kb" "$json_kb" <<'PY'
import json, sys
t = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
check_kb, remind_kb, json_kb = map(int, sys.argv[2:5])
print(f"time:   check {t['check']:.3f} s, remind {t['remind']:.3f} s "
      f"({t['remind'] / t['check']:.2f}x; target <= 3x), "
      f"remind --json {t['remind-json']:.3f} s ({t['remind-json'] / t['check']:.2f}x)")
print(f"memory: check {check_kb / 1024:.0f} MB, remind {remind_kb / 1024:.0f} MB "
      f"({remind_kb / check_kb:.2f}x; target <= 1.5x), "
      f"remind --json {json_kb / 1024:.0f} MB ({json_kb / check_kb:.2f}x)")
PY

#!/usr/bin/env bash
# `ug site` on the 10,000-member, 600-event file against Hugo building 600
# equivalent Markdown pages (one per event: title, date, venue, agenda), side
# by side in one hyperfine run; then a rebuild with nothing changed.
# Needs hyperfine and hugo (apt-get install hyperfine hugo). Usage:
# bench/site.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin ug
ug=$(realpath "${CARGO_TARGET_DIR:-target}")/release/ug
python3 bench/gen_large.py "$work/large.toml"
export UG_NOW=2026-11-26 UG_FILE="$work/large.toml" NO_COLOR=1

# The Hugo site: one Markdown page per event of the same file.
python3 - "$work/large.toml" "$work/hugo" <<'PY'
import os, sys, tomllib
doc = tomllib.load(open(sys.argv[1], "rb"))
root = sys.argv[2]
os.makedirs(f"{root}/content/events", exist_ok=True)
os.makedirs(f"{root}/layouts/_default", exist_ok=True)
open(f"{root}/hugo.toml", "w").write(
    'baseURL = "https://example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term"]\n')
open(f"{root}/layouts/_default/single.html", "w").write(
    "<!DOCTYPE html><html lang=en><head><title>{{ .Title }}</title></head>"
    "<body><main><h1>{{ .Title }}</h1><p>{{ .Date.Format \"Monday 2 January 2006, 15:04\" }}</p>"
    "{{ .Content }}</main></body></html>\n")
open(f"{root}/layouts/_default/list.html", "w").write(
    "<!DOCTYPE html><html lang=en><head><title>{{ .Title }}</title></head><body><ul>"
    "{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
for e in doc["events"]:
    agenda = "\n".join(f"- {a.get('minutes', 0)} min: {a['title']}" for a in e.get("agenda", []))
    title = e["title"].replace('"', "'")
    open(f"{root}/content/events/{e['id']}.md", "w").write(
        f'+++\ntitle = "{title}"\ndate = {e["start"].isoformat()}\n+++\n\nAt {e.get("venue", "")}.\n\n## Agenda\n\n{agenda}\n')
PY
printf 'events: %s\n' "$(ls "$work/hugo/content/events" | wc -l)"

echo "== a whole build: ug site vs hugo"
hyperfine -N -w 2 -r "$runs" \
    --prepare "rm -rf $work/public $work/hugo/public" \
    -n ug-site "$ug site --out $work/public" \
    -n hugo "hugo --quiet -s $work/hugo -d $work/hugo/public"

echo "== a rebuild with nothing changed"
"$ug" site --out "$work/public" >/dev/null
hyperfine -N -w 2 -r "$runs" -n ug-site-rebuild "$ug site --out $work/public"
"$ug" site --out "$work/public"

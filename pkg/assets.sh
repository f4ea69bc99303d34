#!/usr/bin/env bash
# The .deb's generated files, made by the built binary itself (no build.rs:
# ordinary builds stay as fast as they were): every man page, gzipped, and
# the bash, zsh and fish completions, into target/assets/. Then:
#   cargo deb --profile dist --no-build
# Usage: pkg/assets.sh [UG_BINARY]   (default: target/dist/ug)
set -euo pipefail
cd "$(dirname "$0")/.."

ug=${1:-target/dist/ug}
if [ ! -x "$ug" ]; then
    echo "error: $ug is not built: run \`cargo build --profile dist\` (or build the wheel) first" >&2
    exit 1
fi
out=target/assets
rm -rf "$out"
mkdir -p "$out/man" "$out/completions"
"$ug" man --dir "$out/man" >/dev/null
# -n: no name or time stamp in the gzip header, so the package is reproducible.
gzip -9 -n "$out"/man/*.1
"$ug" completions bash >"$out/completions/ug.bash"
"$ug" completions zsh >"$out/completions/_ug"
"$ug" completions fish >"$out/completions/ug.fish"
echo "$(ls "$out/man" | wc -l) man pages and 3 completion files in $out"

#!/usr/bin/env bash
# `ug inbox` over IMAP: a throwaway Dovecot (dovecot-imapd) on 127.0.0.1
# serving a Maildir of 2,000 replies (bench/gen_maildir.py), read from
# scratch (every body fetched, in batches, sorted and acted on), and the
# rerun with nothing new (one connection, a UID list, no body fetched).
# Plain IMAP on loopback, so the numbers are ug and the protocol, not TLS.
# Run as root (Dovecot drops to its own users). Needs dovecot-imapd,
# hyperfine and python3. Usage: bench/inbox_imap.sh [MESSAGES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
runs=${2:-5}
work=$(mktemp -d)
chmod 755 "$work"
pid=""
trap '[ -n "$pid" ] && kill "$pid"; sleep 0.5; rm -rf "$work"' EXIT

cargo build --release --quiet --bin ug
ug=$(realpath "${CARGO_TARGET_DIR:-target}")/release/ug
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 bench/gen_maildir.py "$work/Maildir" "$n"
mkdir -p "$work/run" "$work/home"
chown -R 65534:65534 "$work/Maildir" "$work/home"
echo "bench:{PLAIN}bench-pw::::::" > "$work/passwd"
cat > "$work/dovecot.conf" <<CONF
base_dir = $work/run
log_path = $work/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $work/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=$work/home mail=maildir:$work/Maildir
}
service imap-login {
  inet_listener imap {
    port = $port
  }
}
CONF
/usr/sbin/dovecot -F -c "$work/dovecot.conf" &
pid=$!
for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
    sleep 0.1
done

{
    sed '/^\[inbox\]/,$d' tests/fixtures/inbox/group.toml
    printf '[inbox]\n\n[inbox.imap]\nhost = "127.0.0.1"\nport = %s\nsecurity = "none"\n' "$port"
    printf 'username = "bench"\npassword_env = "UG_BENCH_IMAP_PASSWORD"\n\n[signups]\nopens = "30d"\n'
} > "$work/fresh.toml"
cp "$work/fresh.toml" "$work/group.toml"
export UG_NOW=2026-11-27T10:00:00 UG_FILE="$work/group.toml" NO_COLOR=1 UG_BENCH_IMAP_PASSWORD=bench-pw
# Dovecot indexes the Maildir on the first login: not ug's time.
"$ug" inbox --dry-run > /dev/null

echo "== $n messages over IMAP, first run (group file, log and cache reset before each run)"
hyperfine -N -w 1 -r "$runs" --export-json "$work/first.json" \
    --prepare "sh -c 'cp $work/fresh.toml $work/group.toml && rm -f $work/group.inbox.log $work/group.inbox.cache'" \
    -n first-run "$ug inbox --yes"
echo "== rerun, nothing new"
"$ug" inbox --yes > /dev/null
hyperfine -N -w 2 -r "$runs" --export-json "$work/rerun.json" -n rerun "$ug inbox"
python3 - "$n" "$work/first.json" "$work/rerun.json" <<'PY'
import json, sys
n = int(sys.argv[1])
first = json.load(open(sys.argv[2]))["results"][0]["mean"]
rerun = json.load(open(sys.argv[3]))["results"][0]["mean"]
print(f"first run over IMAP: {first:.3f} s = {n / first:,.0f} msg/s")
print(f"rerun, nothing new: {rerun:.3f} s")
PY

#!/usr/bin/env bash
# `ug remind --send` speed: 10,000 announcements to postfix's C sink
# `smtp-sink`, against mailmerge 2.3.0 and postfix's own load generator
# `smtp-source` (the practical limit), all in one run; plus the preview of
# the 10,000 messages. Prints msg/s for each.
#
# Needs (run as root: smtp-sink drops to `nobody`):
#   echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
#   DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix
#   python3 -m venv /tmp/mmvenv && /tmp/mmvenv/bin/pip install mailmerge==2.3.0
# Usage: bench/remind.sh [MESSAGES]   (MAILMERGE=/path/to/mailmerge to override)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
mailmerge=${MAILMERGE:-/tmp/mmvenv/bin/mailmerge}
work=$(mktemp -d)
sink_pid=
cleanup() { [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cargo build --release --quiet --bin ug
ug=$(realpath "${CARGO_TARGET_DIR:-target}")/release/ug
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The remind tests' group with N members; the event's announce day.
python3 - "$n" "$port" > "$work/group.toml" <<'EOF'
import sys
n, port = int(sys.argv[1]), sys.argv[2]
text = open("tests/remind/group.toml").read().replace("port = PORT", "port = " + port)
# Only the bench's members: drop the fixture's five.
head, rest = text.split("[[members]]", 1)
rest = rest[rest.index("[[events]]"):]
members = "".join(
    f'[[members]]\nname = "Member {i}"\nemail = "member{i}@bench.example"\n\n' for i in range(n)
)
sys.stdout.write(head + members + rest)
EOF
cp "$work/group.toml" "$work/orig.toml"
export UG_NOW=2026-11-24T09:00:00 UG_FILE="$work/group.toml" NO_COLOR=1

smtp-sink -u nobody "127.0.0.1:$port" 256 &
sink_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

now() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])):8.0f} msg/s  ({float(sys.argv[3]) - float(sys.argv[2]):.3f} s)')" "$n" "$1" "$2"; }
declare -A result

run_ug() { # connections
    cp "$work/orig.toml" "$work/group.toml"
    rm -f "$work/group.sent.log"
    local t0 t1
    t0=$(now)
    "$ug" remind --send --kind announce --yes --connections "$1" > "$work/ug.out"
    t1=$(now)
    grep -q "Sent $n messages" "$work/ug.out" || { cat "$work/ug.out"; exit 1; }
    result["ug --connections $1"]=$(rate "$t0" "$t1")
}

run_source() { # sessions
    local t0 t1
    t0=$(now)
    smtp-source -d -s "$1" -m "$n" -f organizers@riverside.example -t member@bench.example "127.0.0.1:$port"
    t1=$(now)
    result["smtp-source -s $1"]=$(rate "$t0" "$t1")
}

run_mailmerge() {
    mkdir -p "$work/mm"
    cat > "$work/mm/mailmerge_server.conf" <<EOF
[smtp_server]
host = 127.0.0.1
port = $port
security = Never
ratelimit = 0
EOF
    cat > "$work/mm/mailmerge_template.txt" <<'EOF'
TO: {{email}}
SUBJECT: Tue Dec 8: December talks night at Town Hall
FROM: Rust Riverside <organizers@riverside.example>

Hi {{name}},

December talks night, Tue Dec 8 at 18:30, Town Hall, 1 Market Square.
EOF
    python3 -c "
import sys
print('email,name')
for i in range(int(sys.argv[1])): print(f'member{i}@bench.example,Member {i}')" "$n" > "$work/mm/mailmerge_database.csv"
    local t0 t1
    t0=$(now)
    (cd "$work/mm" && "$mailmerge" --no-limit --no-dry-run > /dev/null)
    t1=$(now)
    result["mailmerge 2.3.0"]=$(rate "$t0" "$t1")
}

# Preview: load, what is due, compose all N (nothing sent).
cp "$work/orig.toml" "$work/group.toml"
t0=$(now); "$ug" remind --kind announce > /dev/null; t1=$(now)
result["preview (ug remind --kind announce)"]=$(rate "$t0" "$t1")

run_source 1
run_ug 1
run_mailmerge
run_source 8
run_ug 8

printf '\n%d messages to smtp-sink on 127.0.0.1 (%s)\n' "$n" "$(nproc) CPUs"
for k in "smtp-source -s 1" "ug --connections 1" "mailmerge 2.3.0" "smtp-source -s 8" "ug --connections 8" "preview (ug remind --kind announce)"; do
    printf '  %-38s %s\n' "$k" "${result[$k]}"
done

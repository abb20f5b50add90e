#!/usr/bin/env bash
# Record a real socket dump for the benchmarks: N established TCP connections (2N sockets
# plus a listener) on loopback in a throw-away namespace, then `ss -tinmoe` under strace,
# converted with scripts/strace2pcap.ts. Every answer carries tcp_info, meminfo, skmeminfo,
# congestion control: the ~440-byte inet_diag messages of a monitoring agent's dump.
#
#   scripts/record-sockets.sh [N=1000] [OUT=captures/rec-sockets.pcap]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-1000}
OUT=${2:-$ROOT/captures/rec-sockets.pcap}
NS=nlscope-socks-$$
TMP=$(mktemp -d /tmp/nlscope-socks.XXXXXX)
cleanup() { [ -n "${HOLDER:-}" ] && kill "$HOLDER" 2>/dev/null; ip netns del "$NS" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "record-sockets: must run as root" >&2; exit 1; }
for t in strace ss python3; do command -v $t >/dev/null || { echo "record-sockets: $t not found" >&2; exit 1; }; done
ip netns add "$NS"
ip -n "$NS" link set lo up
# Hold N connections open (and send a little data so the counters are not all zero).
ip netns exec "$NS" python3 -c "
import socket, sys, time, os
n = int(sys.argv[1])
srv = socket.socket(); srv.bind(('127.0.0.1', 8080)); srv.listen(n + 16)
keep = []
for i in range(n):
    c = socket.create_connection(('127.0.0.1', 8080)); s, _ = srv.accept()
    c.sendall(b'x' * (100 + i % 1000)); s.recv(4096); s.sendall(b'y' * (i % 300 + 1))
    keep += [c, s]
open(sys.argv[2], 'w').write('ready')
time.sleep(600)
" "$N" "$TMP/ready" &
HOLDER=$!
for _ in $(seq 1 600); do [ -f "$TMP/ready" ] && break; sleep 0.1; done
[ -f "$TMP/ready" ] || { echo "record-sockets: connections not ready" >&2; exit 1; }
ip netns exec "$NS" strace -f -e trace=socket,bind,sendto,sendmsg,recvfrom,recvmsg,close \
  -e read=all -e write=all -xx -s 1048576 -ttt -o "$TMP/ss.trace" ss -tinmoe >/dev/null 2>&1
if [ -x "$ROOT/node_modules/.bin/tsx" ]; then TSX=("$ROOT/node_modules/.bin/tsx"); else TSX=(npx tsx); fi
(cd "$ROOT" && "${TSX[@]}" scripts/strace2pcap.ts "$TMP/ss.trace" "$OUT")
echo "record-sockets: wrote $OUT ($(stat -c %s "$OUT") bytes)" >&2

#!/usr/bin/env bash
# Record nlscope's own live traffic into captures/live-{route,tc,sockets}.pcap with `nlscope dump ... --record`:
# builds a throw-away network namespace with a few device kinds (veth, bridge, vlan, macvlan,
# dummy, ifb ...), addresses, routes, rules, neighbours, nexthops, qdiscs / classes / filters
# and a few sockets, then dumps each kind through the python helper.
# Needs root, iproute2 (ip, tc), python3, node. Features the kernel lacks are skipped (logged).
#
#   scripts/record-live.sh [OUTDIR]      (default: captures/ next to this folder)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/captures}
NS=nlscope-live-$$
LOG=$(mktemp /tmp/nlscope-live-setup.XXXXXX)
PIDS=()

cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  ip netns del "$NS" 2>/dev/null
  rm -f "$LOG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "record-live: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
for t in ip tc python3 node; do command -v $t >/dev/null || die "$t not found"; done
mkdir -p "$OUT"

# n CMD...: a setup step; failures are logged and skipped.
n() { "$@" >>"$LOG" 2>&1 || echo "SKIPPED: $*" >>"$LOG"; }
I="ip -n $NS"; T="tc -n $NS"

ip netns add "$NS" || die "cannot create namespace $NS"
n $I link set lo up
n $I addr add 10.255.0.1/32 dev lo
n $I link add veth0 type veth peer name veth1
n $I addr add 10.10.0.1/24 dev veth0
n $I addr add 2001:db8:10::1/64 dev veth0 nodad
n $I link set veth0 up; n $I link set veth1 up
n $I link add br0 type bridge
n $I link add vbr0 type veth peer name vbr1
n $I link set vbr1 master br0
n $I link set br0 up; n $I link set vbr0 up; n $I link set vbr1 up
n $I addr add 10.20.0.1/24 dev br0
n $I link add link veth0 name veth0.100 type vlan id 100
n $I link add link veth0 name mv0 type macvlan mode bridge
n $I link add dummy0 type dummy
n $I link add ifb0 type ifb
n $I link set veth0.100 up; n $I link set mv0 up
n $I route add 192.0.2.0/24 via 10.10.0.2
n $I route add 198.51.100.0/24 dev veth0 metric 50
n $I route add 2001:db8:99::/48 via 2001:db8:10::2
n $I route add 203.0.113.0/24 via 10.10.0.3 table 100
n $I rule add from 10.10.0.0/24 table 100 priority 1000
n $I neigh add 10.10.0.2 lladdr 02:00:00:00:00:02 dev veth0 nud permanent
n $I neigh add 10.10.0.3 lladdr 02:00:00:00:00:03 dev veth0 nud stale
n $I nexthop add id 1 via 10.10.0.2 dev veth0
n $I nexthop add id 2 via 10.10.0.3 dev veth0
n $I nexthop add id 10 group 1/2
n $T qdisc add dev veth0 root handle 1: htb default 10
n $T class add dev veth0 parent 1: classid 1:10 htb rate 10mbit
n $T class add dev veth0 parent 1: classid 1:20 htb rate 5mbit
n $T filter add dev veth0 parent 1: protocol ip prio 1 u32 match ip dst 192.0.2.0/24 flowid 1:20
n $T qdisc add dev veth0 clsact
n $T filter add dev veth0 ingress protocol ip prio 1 u32 match ip src 10.10.0.2/32 action pass
n $T qdisc add dev vbr0 root fq_codel
# sockets: a TCP listener and a connection, a UDP socket, unix sockets (python, in the namespace)
ip netns exec "$NS" python3 -c '
import socket, time, os
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind(("10.10.0.1", 8080)); l.listen()
c = socket.create_connection(("10.10.0.1", 8080)); a, _ = l.accept()
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::", 5353))
x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); x.bind("\0nlscope-live"); x.listen()
time.sleep(120)' &
PIDS+=($!)
sleep 1

NL="node $ROOT/src/cli/bin.mjs"
status=0
# live-route: links addrs routes neighs rules nexthops; live-tc: qdiscs classes filters; live-sockets
for spec in "route:links addrs routes neighs rules nexthops" "tc:qdiscs classes filters" "sockets:sockets"; do
  name=${spec%%:*}; kinds=${spec#*:}
  if $NL dump $kinds --netns "$NS" --format jsonl --record "$OUT/live-$name.pcap" >/dev/null; then
    echo "recorded $OUT/live-$name.pcap ($kinds)"
  else
    echo "record-live: dump $kinds failed" >&2; status=1
  fi
done
echo "setup steps skipped: $(grep -c SKIPPED "$LOG")"; grep SKIPPED "$LOG" >&2
exit $status

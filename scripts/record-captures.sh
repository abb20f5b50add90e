#!/usr/bin/env bash
# Record real netlink traffic of ip / ss / tc / bridge into nlmon-style captures without nlmon:
# run each tool under strace inside a throw-away network namespace with a rich state, then
# convert the strace logs with scripts/strace2pcap.ts. Needs root, strace, iproute2, python3, npx.
#
#   scripts/record-captures.sh [OUTDIR]      (default: captures/ next to this folder)
#
# Writes OUTDIR/rec-{link,route,bridge,tc,ss,errors}.pcap and OUTDIR/rec-tool-output/NAME.out
# (what each tool printed, stdout+stderr) plus rows in rec-tool-output/INDEX.tsv (name, capture, exit code,
# command, frames). Features the kernel lacks (dummy, bond, vlan, tunnels, qdiscs, classifiers ...) are
# skipped silently; rec-tool-output/SETUP.log tells what was skipped. See scripts/README-recording.md.
set -u
. "$(dirname "$0")/record-lib.sh"
rec_init record-captures "${1:-$(cd "$(dirname "$0")/.." && pwd)/captures}"
rec_need strace ip ss tc bridge python3 node
NS=nlscope-rec-$$
NS2=nlscope-rec-$$-peer
I="ip -n $NS"; I2="ip -n $NS2"; T="tc -n $NS"; B="bridge -n $NS"
X="ip netns exec $NS"
rec_netns "$NS"
rec_netns "$NS2"

# ---------------------------------------------------------------- links & addresses
n $I link set lo up
n $I addr add 10.255.0.1/32 dev lo
n $I link add veth0 type veth peer name veth1
n $I link set veth1 netns "$NS2"
n $I addr add 10.10.0.1/24 dev veth0
n $I addr add 2001:db8:10::1/64 dev veth0 nodad
n $I addr add 10.10.0.100/24 dev veth0 label veth0:sec valid_lft 3600 preferred_lft 1800
n $I link set veth0 up
n $I2 link set lo up
n $I2 addr add 10.10.0.2/24 dev veth1
n $I2 addr add 2001:db8:10::2/64 dev veth1 nodad
n $I2 link set veth1 up
n $I2 route add default via 10.10.0.1

# bridge with a veth port (its peer stays in the namespace), vlan filtering if the kernel has it
n $I link add br0 type bridge vlan_filtering 1 || n $I link add br0 type bridge stp_state 0 forward_delay 400
n $I link add vbr0 type veth peer name vbr1
n $I link set vbr1 master br0
n $I link set vbr0 up; n $I link set vbr1 up; n $I link set br0 up
n $I addr add 10.20.0.1/24 dev br0
n $I addr add 2001:db8:20::1/64 dev br0 nodad
n $B link set dev vbr1 cost 7 learning on guard on
n $B vlan add dev vbr1 vid 20 pvid untagged
n $B vlan add dev vbr1 vid 30-32
n $B vlan add dev br0 vid 20 self
n $B fdb add 02:00:00:00:00:01 dev vbr1 master static
n $B fdb add 02:00:00:00:00:02 dev vbr1 master static vlan 20

# vxlan (as a bridge port, with a flood entry)
n $I link add vx0 type vxlan id 42 dstport 4789 local 10.10.0.1 ttl 64 learning
n $I link set vx0 master br0 && n $I link set vx0 up
n $B fdb append 00:00:00:00:00:00 dev vx0 dst 10.10.0.2
n $B fdb add 02:00:00:00:00:42 dev vx0 dst 10.10.0.3 self permanent

# macvlan / macvtap / vlan / ipvlan on veth0, dummy, bond with dummy slaves, ifb
n $I link add link veth0 name mv0 type macvlan mode bridge && n $I link set mv0 up
n $I link add link veth0 name mvt0 type macvtap mode vepa
n $I link add link veth0 name veth0.100 type vlan id 100 && n $I addr add 10.100.0.1/24 dev veth0.100
n $I link add link veth0 name ipv0 type ipvlan mode l2
n $I link add dummy0 type dummy && n $I link set dummy0 up && n $I addr add 10.60.0.1/24 dev dummy0
if n $I link add bond0 type bond mode active-backup miimon 100; then
  n $I link add dummy1 type dummy && n $I link set dummy1 master bond0
  n $I link add dummy2 type dummy && n $I link set dummy2 master bond0
  n $I link set bond0 up
fi
n $I link add ifb0 type ifb && n $I link set ifb0 up

# tunnels (most minimal kernels have none: skipped)
n $I link add gre1 type gre remote 10.10.0.2 local 10.10.0.1 ttl 64 key 5
n $I link add ipip1 type ipip remote 10.10.0.2 local 10.10.0.1
n $I link add sit1 type sit remote 10.10.0.2 local 10.10.0.1
n $I link add gnv0 type geneve id 7 remote 10.10.0.2
n $I link add ip6t1 type ip6tnl remote 2001:db8:10::2 local 2001:db8:10::1

# ---------------------------------------------------------------- routes, nexthops, rules, neighbours
n $I route add 10.30.0.0/16 via 10.10.0.2 metric 20
n $I route add 10.31.0.0/16 proto static nexthop via 10.10.0.2 dev veth0 weight 1 nexthop via 10.20.0.2 dev br0 weight 3
n $I route add blackhole 10.32.0.0/16
n $I route add unreachable 10.33.0.0/16
n $I route add prohibit 10.34.0.0/16
n $I route add 10.35.0.0/16 via 10.10.0.2 mtu lock 1400 advmss 1360 window 65535 initcwnd 10 initrwnd 20 congctl lock reno rtt 30ms
n $I route add default via 10.10.0.2 table 100
n $I route add 10.36.0.0/16 via 10.10.0.2 src 10.10.0.1 table 100 mtu lock 1280 congctl cubic
n $I route add 10.37.0.0/16 dev veth0 scope link table 100 realm 5
n $I -6 route add 2001:db8:40::/48 via 2001:db8:10::2 metric 10 mtu 1280 pref high
n $I -6 route add 2001:db8:41::/48 nexthop via 2001:db8:10::2 dev veth0 nexthop via 2001:db8:20::2 dev br0
n $I -6 route add blackhole 2001:db8:42::/48
n $I -6 route add 2001:db8:43::/48 via 2001:db8:10::2 table 100 congctl lock reno hoplimit 12
n $I nexthop add id 1 via 10.10.0.2 dev veth0
n $I nexthop add id 2 via 10.20.0.2 dev br0
n $I nexthop add id 3 blackhole
n $I nexthop add id 4 via 2001:db8:10::2 dev veth0
n $I nexthop add id 10 group 1/2
n $I nexthop add id 11 group 1,3/2,1
n $I nexthop add id 12 group 1/2 type resilient buckets 32 idle_timer 120
n $I route add 10.40.0.0/16 nhid 10
n $I route add 10.41.0.0/16 nhid 11 table 100
n $I -6 route add 2001:db8:44::/48 nhid 4
n $I rule add pref 100 uidrange 1000-2000 lookup 100
n $I rule add pref 101 ipproto tcp sport 1000-2000 dport 80-90 lookup 100
n $I rule add pref 102 fwmark 0x5/0xf lookup 100
n $I rule add pref 103 from 10.10.0.0/24 to 10.50.0.0/16 iif veth0 lookup main suppress_prefixlength 0
n $I rule add pref 104 from 10.11.0.0/16 tos 0x10 prohibit
n $I rule add pref 105 not fwmark 0x9 lookup 200   # table 200 is empty: falls through
n $I -6 rule add pref 200 from 2001:db8::/32 lookup 100
n $I -6 rule add pref 201 fwmark 7 ipproto udp dport 53 lookup 100
n $I neigh add 10.10.0.50 lladdr 02:00:00:00:00:50 dev veth0 nud permanent
n $I neigh add 10.10.0.51 lladdr 02:00:00:00:00:51 dev veth0 nud stale
n $I neigh add 2001:db8:10::50 lladdr 02:00:00:00:00:50 dev veth0 nud reachable
n $I neigh add proxy 10.10.0.60 dev veth0

# ---------------------------------------------------------------- traffic control
n $T qdisc add dev veth0 root handle 1: htb default 20 r2q 10
n $T class add dev veth0 parent 1: classid 1:1 htb rate 100mbit burst 15k
n $T class add dev veth0 parent 1:1 classid 1:10 htb rate 10mbit ceil 50mbit prio 1
n $T class add dev veth0 parent 1:1 classid 1:20 htb rate 5mbit ceil 100mbit prio 2
n $T qdisc add dev veth0 parent 1:10 handle 10: tbf rate 10mbit burst 32kbit latency 50ms
n $T qdisc add dev veth0 parent 1:20 handle 20: fq_codel limit 1000 target 5ms interval 100ms ecn \
  || n $T qdisc add dev veth0 parent 1:20 handle 20: pfifo limit 500
n $T qdisc add dev vbr0 root handle 1: netem delay 10ms 2ms loss 0.1% \
  || n $T qdisc add dev vbr0 root handle 1: tbf rate 1mbit burst 32kbit latency 400ms
n $T qdisc add dev mv0 root bfifo limit 30000
n $T qdisc add dev veth0 clsact
n $T filter add dev veth0 parent 1: protocol ip prio 1 u32 match ip dport 8080 0xffff flowid 1:10
n $T filter add dev veth0 parent 1: protocol ip prio 2 u32 match ip dst 10.10.0.2/32 match ip protocol 1 0xff flowid 1:20
n $T filter add dev veth0 ingress protocol ip prio 10 u32 match ip src 10.10.0.2/32 action mirred egress mirror dev ifb0
n $T filter add dev veth0 ingress protocol ip prio 20 flower ip_proto tcp dst_port 8080 action gact pass action mirred egress mirror dev ifb0
n $T filter add dev veth0 egress prio 30 matchall action gact pass
n $T filter add dev veth0 egress protocol ipv6 prio 40 flower dst_ip 2001:db8:10::2 action drop

# ---------------------------------------------------------------- sockets and traffic
READY=$TMP/ready
cat >"$TMP/server.py" <<'EOF'
import socket, sys, time, os
ready = sys.argv[1]
keep = []
def tcp(fam, addr):
    s = socket.socket(fam, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(addr); s.listen(16); keep.append(s); return s
l4 = tcp(socket.AF_INET, ('10.10.0.1', 8080))
l6 = tcp(socket.AF_INET6, ('::', 8081))
ll = tcp(socket.AF_INET, ('127.0.0.1', 8082))
# a local connection with data left unread in both directions
c = socket.create_connection(('127.0.0.1', 8082)); a, _ = ll.accept()
c.sendall(b'x' * 3000); a.sendall(b'y' * 1500); keep += [c, a]
# UDP: bound, and connected with unread data
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('0.0.0.0', 5353))
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.bind(('::', 5354))
uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); uc.connect(('127.0.0.1', 5353)); uc.send(b'hello' * 20)
keep += [u, u6, uc]
# unix: listening stream (abstract and path), a connected pair, a datagram socket
us = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); us.bind('\0nlscope-rec'); us.listen(4)
up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); up.bind(os.path.join(os.path.dirname(ready), 'unix.sock')); up.listen(4)
uc2 = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); uc2.connect('\0nlscope-rec'); ua, _ = us.accept(); uc2.send(b'z' * 100)
sp = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
ud = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); ud.bind('\0nlscope-rec-dgram')
keep += [us, up, uc2, ua, ud, *sp]
# packet sockets and a subscribed netlink socket
try:
    p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003)); p.bind(('veth0', 0)); keep.append(p)
    pd = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800)); keep.append(pd)
except OSError as e:
    print('packet socket:', e, file=sys.stderr)
nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); nl.bind((0, 1 | 0x10)); keep.append(nl)  # RTMGRP_LINK|IPV4_IFADDR
# accept the peer's connections and answer (leave the socket open)
open(ready, 'w').write('ok')
l4.settimeout(10); l6.settimeout(10)
for l in (l4, l6):
    try:
        s, _ = l.accept(); s.recv(65536); s.sendall(b'r' * 20000); keep.append(s)
    except OSError as e:
        print('accept:', e, file=sys.stderr)
open(ready + '.accepted', 'w').write('ok')
while True: time.sleep(3600)
EOF
cat >"$TMP/client.py" <<'EOF'
import socket, sys, time
keep = []
for fam, addr in ((socket.AF_INET, ('10.10.0.1', 8080)), (socket.AF_INET6, ('2001:db8:10::1', 8081))):
    for i in range(20):
        try:
            s = socket.create_connection(addr, timeout=2); break
        except OSError:
            time.sleep(0.2)
    else:
        continue
    s.sendall(b'q' * 5000); keep.append(s)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(b'ping' * 10, ('10.10.0.1', 5353)); keep.append(u)
open(sys.argv[1], 'w').write('ok')
while True: time.sleep(3600)
EOF
$X python3 "$TMP/server.py" "$READY" 2>>"$SETUPLOG" & PIDS+=($!)
for i in $(seq 50); do [ -e "$READY" ] && break; sleep 0.1; done
ip netns exec "$NS2" python3 "$TMP/client.py" "$TMP/client-ready" 2>>"$SETUPLOG" & PIDS+=($!)
for i in $(seq 50); do [ -e "$TMP/client-ready" ] && [ -e "$READY.accepted" ] && break; sleep 0.2; done
# (no ping here) some UDP towards the peer and towards an absent host on br0 (an incomplete neighbour)
$X python3 -c "
import socket
for a in (('10.10.0.2', 9), ('10.20.0.2', 9)):
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x' * 100, a)
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b'x' * 100, ('2001:db8:10::2', 9))
" 2>>"$SETUPLOG"
sleep 0.5

# ---------------------------------------------------------------- recording
rec_index link route bridge tc ss errors
rec link link-detail-stats ip -d -s -s link show
rec link addr ip addr show
rec link addr6 ip -6 -d addr show
rec link link-macvlan ip -d link show type macvlan

rec route route-all ip route show table all
rec route route6-all ip -6 route show table all
rec route route-get ip route get 10.40.1.1 from 10.10.0.1 uid 1500 mark 5
rec route neigh ip neigh show
rec route neigh-proxy ip -6 neigh show proxy
rec route rule ip rule show
rec route rule6 ip -6 rule show
rec route netconf ip netconf show
rec route nexthop ip nexthop show
rec route nexthop-group ip -d nexthop show id 12

rec bridge link-bridge ip -s -d link show type bridge
rec bridge bridge-link bridge -d link show
rec bridge bridge-fdb bridge fdb show
rec bridge bridge-vlan bridge -d vlan show
rec bridge bridge-mdb bridge mdb show

rec tc qdisc tc -s -d qdisc show
rec tc class tc -s -d class show dev veth0
rec tc filter-htb tc -s filter show dev veth0 parent 1:
rec tc filter-ingress tc -s filter show dev veth0 ingress
rec tc filter-egress tc -s filter show dev veth0 egress

rec ss ss-tcp ss -tanpie
rec ss ss-udp ss -uanm
rec ss ss-unix ss -xa
rec ss ss-netlink ss -a -A netlink
rec ss ss-packet ss -0 -a
rec ss ss-filter ss -tni state established '( dport = :8080 or sport = :8080 or sport = :8081 )'

rec errors err-eexist-link ip link add veth0 type veth
rec errors err-eexist-addr ip addr add 10.10.0.1/24 dev veth0
rec errors err-enodev ip link del dev nosuchdev0
rec errors err-eexist-nexthop ip nexthop add id 1 via 10.10.0.2 dev veth0
rec errors err-extack-gateway ip route add 10.99.0.0/16 via 10.200.0.1
rec errors err-extack-mtu ip link set dev veth0 mtu 10
rec errors err-extack-qdisc tc qdisc add dev veth0 root handle 1: htb
rec errors err-extack-policy ip link set dev veth0 gso_max_size 1        # policy: NLMSGERR_ATTR_OFFS/POLICY
rec errors err-extack-rule ip rule add pref 300 dport 90-80 lookup 100

rec_finish SETUP.log link route bridge tc ss errors

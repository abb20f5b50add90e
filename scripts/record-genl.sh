#!/usr/bin/env bash
# Record real netlink traffic beyond rtnetlink into nlmon-style captures without nlmon: generic
# netlink (ethtool, genl, devlink, ip tcp_metrics / mptcp), nf_tables (nft), conntrack, and, best
# effort, xfrm policies/states and kobject uevents. Same machinery as record-captures.sh
# (scripts/record-lib.sh): tools run under strace in throw-away namespaces, strace2pcap.ts converts.
#
#   scripts/record-genl.sh [OUTDIR]      (default: captures/ next to this folder)
#
# Writes OUTDIR/rec-{genl,nft,conntrack,other}.pcap, rec-tool-output/NAME.out per command (+ the
# nft ruleset it loads, nft-load.nft), rows in rec-tool-output/INDEX.tsv, and SETUP-genl.log.
# Needs root, strace, iproute2 (ip, genl), ethtool, devlink, nft, conntrack, python3, node.
set -u
. "$(dirname "$0")/record-lib.sh"
rec_init record-genl "${1:-$(cd "$(dirname "$0")/.." && pwd)/captures}"
rec_need strace ip genl ethtool devlink nft conntrack python3 node timeout stdbuf
NS=nlscope-genl-$$
NS2=nlscope-genl-$$-peer
rec_netns "$NS"
rec_netns "$NS2"
I="ip -n $NS"; I2="ip -n $NS2"
X="ip netns exec $NS"; X2="ip netns exec $NS2"
rec_index genl nft conntrack other

# ---------------------------------------------------------------- links & addresses
n $I link set lo up
n $I link add veth0 type veth peer name veth1
n $I link set veth1 netns "$NS2"
n $I addr add 10.10.0.1/24 dev veth0
n $I addr add 2001:db8:10::1/64 dev veth0 nodad
n $I link set veth0 up
n $I2 link set lo up
n $I2 addr add 10.10.0.2/24 dev veth1
n $I2 addr add 2001:db8:10::2/64 dev veth1 nodad
n $I2 link set veth1 up
n $I mptcp endpoint add 10.10.0.1 id 1 signal
n $I mptcp limits set subflow 2 add_addr_accepted 2

# ---------------------------------------------------------------- nf_tables ruleset (its load is recorded)
cat >"$TOOLOUT/nft-load.nft" <<'EOF'
table inet filter {
  set allowed_v4 {
    type ipv4_addr
    flags interval
    elements = { 10.10.0.0/24, 192.168.50.1-192.168.50.20, 172.16.0.7 }
  }
  set web_ports {
    type inet_service
    elements = { 80, 443, 8080 }
  }
  map port_to_verdict {
    type inet_service : verdict
    elements = { 22 : accept, 23 : drop }
  }
  counter http_hits {
  }
  quota monthly {
    over 100 mbytes used 0 bytes
  }
  chain input {
    type filter hook input priority filter; policy accept;
    ct state established,related counter accept
    ct state invalid counter drop
    iif "lo" accept
    ip saddr @allowed_v4 tcp dport @web_ports counter name "http_hits" accept
    tcp dport vmap @port_to_verdict
    ip6 nexthdr ipv6-icmp accept
    ip protocol icmp limit rate 10/second burst 5 packets counter accept
    tcp dport 9000-9100 log prefix "nlscope-high: " level info counter drop
    udp dport 5353 quota name "monthly" accept
    ip saddr 10.10.0.2 jump from_peer
    ip daddr 10.99.0.0/16 goto blackholed
  }
  chain from_peer {
    tcp flags & (syn | ack) == syn counter
    meta mark set 0x00000007 return
  }
  chain blackholed {
    counter reject with icmp type admin-prohibited
  }
  chain output {
    type filter hook output priority 10; policy accept;
    meta l4proto udp ct state new counter
  }
}
table ip nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "veth0" ip saddr 10.20.0.0/24 masquerade
    ip saddr 10.30.0.0/24 snat to 10.10.0.1
  }
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 8888 dnat to 10.10.0.2:80
  }
}
table ip6 filter6 {
  chain forward {
    type filter hook forward priority 0; policy drop;
    ip6 saddr 2001:db8:10::/64 ip6 daddr 2001:db8:20::/64 counter accept
    ct state established accept
  }
}
EOF
rec nft nft-load nft -f "$TOOLOUT/nft-load.nft"
# conntrack is on in the namespace now (ct expressions): count bytes and stamp entries
n $X sysctl -q -w net.netfilter.nf_conntrack_acct=1
n $X sysctl -q -w net.netfilter.nf_conntrack_timestamp=1

# ---------------------------------------------------------------- traffic (conntrack entries, tcp metrics)
READY=$TMP/ready
cat >"$TMP/server.py" <<'EOF'
import socket, sys, time
keep = []
def listen(fam, addr):
    s = socket.socket(fam, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(addr); s.listen(8); s.settimeout(10); return s
l4 = listen(socket.AF_INET, ('10.10.0.1', 8080)); l6 = listen(socket.AF_INET6, ('2001:db8:10::1', 8081))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('10.10.0.1', 5353))
keep += [l4, l6, u]
open(sys.argv[1], 'w').write('ok')
try:
    a, _ = l4.accept(); a.recv(65536); a.sendall(b'r' * 3000); keep.append(a)      # stays established
    b, _ = l4.accept(); b.recv(65536); b.sendall(b's' * 1000); b.close()            # closed: a tcp_metrics entry
    c, _ = l6.accept(); c.recv(65536); c.sendall(b't' * 500); keep.append(c)
except OSError as e:
    print('server:', e, file=sys.stderr)
open(sys.argv[1] + '.done', 'w').write('ok')
while True: time.sleep(3600)
EOF
cat >"$TMP/client.py" <<'EOF'
import socket, struct, sys, time
keep = []
def tcp(fam, src, dst, data, close=False):
    s = socket.socket(fam, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(src); s.settimeout(5); s.connect(dst); s.sendall(data); s.recv(65536)
    if close: s.close()
    else: keep.append(s)
tcp(socket.AF_INET, ('10.10.0.2', 40000), ('10.10.0.1', 8080), b'q' * 5000)
tcp(socket.AF_INET, ('10.10.0.2', 40002), ('10.10.0.1', 8080), b'w' * 2000, close=True)
tcp(socket.AF_INET6, ('2001:db8:10::2', 40003), ('2001:db8:10::1', 8081), b'e' * 700)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('10.10.0.2', 40001))
u.sendto(b'ping' * 10, ('10.10.0.1', 5353)); keep.append(u)
# an ICMP echo request (no ping binary here): a raw socket, checksum by hand
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
body = b'nlscope' * 4; hdr = struct.pack('!BBHHH', 8, 0, 0, 0x4e4c, 1)
pkt = struct.pack('!BBHHH', 8, 0, csum(hdr + body), 0x4e4c, 1) + body
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); r.sendto(pkt, ('10.10.0.1', 0))
r.settimeout(2)
try: r.recv(2048)
except OSError as e: print('icmp:', e, file=sys.stderr)
open(sys.argv[1], 'w').write('ok')
while True: time.sleep(3600)
EOF
$X python3 "$TMP/server.py" "$READY" 2>>"$SETUPLOG" & PIDS+=($!)
for _ in $(seq 50); do [ -e "$READY" ] && break; sleep 0.1; done
$X2 python3 "$TMP/client.py" "$TMP/client-ready" 2>>"$SETUPLOG" & PIDS+=($!)
for _ in $(seq 50); do [ -e "$TMP/client-ready" ] && [ -e "$READY.done" ] && break; sleep 0.2; done
[ -e "$TMP/client-ready" ] || echo "SKIPPED: client traffic did not finish" >>"$SETUPLOG"
sleep 0.3

# ---------------------------------------------------------------- generic netlink
# Every tool is its own process: each asks nlctrl for its family (CTRL_CMD_GETFAMILY) first.
rec genl genl-ctrl-list genl ctrl list
rec genl genl-ctrl-get-ethtool genl ctrl get name ethtool
rec genl genl-ctrl-policy genl ctrl policy name ethtool
rec genl ethtool ethtool veth0
rec genl ethtool-i ethtool -i veth0
rec genl ethtool-k ethtool -k veth0
rec genl ethtool-k-json ethtool --json -k veth0
rec genl ethtool-g ethtool -g veth0
rec genl ethtool-l ethtool -l veth0
rec genl ethtool-a ethtool -a veth0
rec genl ethtool-c ethtool -c veth0
rec genl ethtool-T ethtool -T veth0
rec genl ethtool-S ethtool -S veth0
rec genl ethtool-K-set ethtool -K veth0 tso off
rec genl ethtool-L-set ethtool -L veth0 rx 2 tx 2
rec genl devlink-dev devlink dev
rec genl tcp-metrics ip tcp_metrics show
rec genl mptcp-endpoint-add ip mptcp endpoint add 2001:db8:10::1 id 2 subflow dev veth0
rec genl mptcp-endpoint ip mptcp endpoint show
rec genl mptcp-limits ip mptcp limits show

# ---------------------------------------------------------------- nf_tables
rec nft nft-list-tables nft list tables
rec nft nft-list-ruleset nft list ruleset
rec nft nft-list-chain nft -a list chain inet filter input
rec nft nft-list-set nft list set inet filter allowed_v4
rec nft nft-list-map nft list map inet filter port_to_verdict
rec nft nft-list-counter nft list counter inet filter http_hits
rec nft nft-list-quota nft list quota inet filter monthly
# a monitor sees the changes below as multicast notifications
rec_bg nft nft-monitor timeout 4 stdbuf -oL nft monitor
sleep 1
rec nft nft-add-rule nft -e -a add rule inet filter output tcp dport 25 counter drop
rec nft nft-add-element nft add element inet filter web_ports '{ 8443 }'
handle=$(grep -o 'handle [0-9]*' "$TOOLOUT/nft-add-rule.out" | head -1 | cut -d' ' -f2)
rec nft nft-delete-rule nft delete rule inet filter output handle "${handle:-9998}"
rec_wait nft-monitor
rec nft nft-err-nochain nft add rule inet filter nosuchchain counter
rec nft nft-err-exists nft create table inet filter
rec nft nft-err-nohandle nft delete rule inet filter input handle 9999

# ---------------------------------------------------------------- conntrack
rec conntrack conntrack-list conntrack -L
rec conntrack conntrack-list-extended conntrack -L -o extended
rec conntrack conntrack-list-tcp conntrack -L -p tcp --dport 8080
rec conntrack conntrack-get conntrack -G -p tcp -s 10.10.0.2 -d 10.10.0.1 --sport 40000 --dport 8080
rec conntrack conntrack-stats conntrack -S
rec conntrack conntrack-count conntrack -C
rec conntrack conntrack-expect conntrack -L expect
rec conntrack conntrack-update conntrack -U -p udp --sport 40001 --mark 42
rec conntrack conntrack-delete conntrack -D -p udp --sport 40001
rec conntrack conntrack-err-get conntrack -G -p tcp -s 10.10.0.9 -d 10.10.0.1 --sport 1 --dport 2
# an event listener (multicast NEW/UPDATE/DESTROY) sees a new UDP flow and its deletion
rec_bg conntrack conntrack-events timeout 3 stdbuf -oL conntrack -E
sleep 1
$X2 python3 -c "
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('10.10.0.2', 40005)); u.sendto(b'event' * 4, ('10.10.0.1', 5353))
" 2>>"$SETUPLOG"
sleep 0.3
n $X conntrack -D -p udp --sport 40005
rec_wait conntrack-events

# ---------------------------------------------------------------- xfrm (NETLINK_XFRM) and uevents
rec other xfrm-policy-add ip xfrm policy add src 10.10.0.0/24 dst 10.20.0.0/24 dir out priority 10 \
  tmpl src 10.10.0.1 dst 10.10.0.2 proto esp mode tunnel reqid 7
rec other xfrm-policy-add6 ip -6 xfrm policy add src 2001:db8:10::/64 dst 2001:db8:20::/64 proto tcp dport 443 \
  dir in priority 100 action block
rec other xfrm-policy-list ip xfrm policy list
rec other xfrm-policy-get ip xfrm policy get src 10.10.0.0/24 dst 10.20.0.0/24 dir out
rec other xfrm-policy-count ip xfrm policy count
# kernels without esp/ah/ipcomp answer "Requested type not found": a real error answer
rec other xfrm-state-add ip xfrm state add src 10.10.0.1 dst 10.10.0.2 proto esp spi 0x1000 reqid 7 mode tunnel \
  auth 'hmac(sha256)' 0x0102030405060708090a0b0c0d0e0f100102030405060708090a0b0c0d0e0f10 \
  enc 'cbc(aes)' 0x0102030405060708090a0b0c0d0e0f10
rec other xfrm-state-list ip xfrm state list
rec other xfrm-state-count ip xfrm state count
rec other xfrm-policy-delete ip xfrm policy delete src 10.10.0.0/24 dst 10.20.0.0/24 dir out
# kobject uevents of this namespace's net devices: raw "ACTION@DEVPATH\0KEY=VALUE\0..." datagrams
cat >"$TMP/uevent.py" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 15)  # NETLINK_KOBJECT_UEVENT
s.bind((0, 1))                                              # group 1: kernel uevents
open(sys.argv[1], 'w').write('ok')
s.settimeout(0.5); end = time.time() + float(sys.argv[2])
while time.time() < end:
    try: msg = s.recv(65536)
    except socket.timeout: continue
    print(' | '.join(msg.decode(errors='replace').split('\0')).rstrip(' |'), flush=True)
EOF
rec_bg other uevent python3 "$TMP/uevent.py" "$TMP/uevent-ready" 3
for _ in $(seq 50); do [ -e "$TMP/uevent-ready" ] && break; sleep 0.1; done
n $I link add vu0 type veth peer name vu1
n $I link set vu0 up
n $I link del vu0
rec_wait uevent
# proc connector (NETLINK_CONNECTOR) exists only in the initial namespace: listen, run /bin/true, read
# until its exit event, stop listening. Read-only; other processes' fork/exec/exit events may show up.
cat >"$TMP/cnproc.py" <<'EOF'
import os, socket, struct, subprocess, sys, time
NETLINK_CONNECTOR, CN_IDX_PROC, CN_VAL_PROC = 11, 1, 1
PROC_CN_MCAST_LISTEN, PROC_CN_MCAST_IGNORE = 1, 2
WHAT = {0: 'none', 1: 'fork', 2: 'exec', 4: 'uid', 0x40: 'gid', 0x80: 'sid', 0x100: 'ptrace', 0x200: 'comm', 0x400: 'nonzero_exit', 0x80000000: 'exit'}
s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_CONNECTOR)
s.bind((0, CN_IDX_PROC))
def control(op, seq):
    cn = struct.pack('=IIIIHH', CN_IDX_PROC, CN_VAL_PROC, seq, 0, 4, 0) + struct.pack('=I', op)
    s.send(struct.pack('=IHHII', 16 + len(cn), 3, 0, seq, 0) + cn)  # NLMSG_DONE carries every cn_msg
control(PROC_CN_MCAST_LISTEN, 1)
child = subprocess.Popen(['/bin/true']); child.wait()
s.settimeout(0.3); end = time.time() + 2; seen_exit = False; n = 0
while time.time() < end and not seen_exit and n < 100:
    try: msg = s.recv(65536)
    except socket.timeout: continue
    n += 1
    idx, val, seq, ack, ln, fl = struct.unpack('=IIIIHH', msg[16:36])
    what, cpu, ts = struct.unpack('=IIQ', msg[36:52])
    data = msg[52:]
    if what in (1,):
        ppid, ptgid, cpid, ctgid = struct.unpack('=4I', data[:16]); print(f'fork parent {ppid}/{ptgid} child {cpid}/{ctgid}')
    elif what in (2,):
        pid, tgid = struct.unpack('=2I', data[:8]); print(f'exec {pid}/{tgid}')
    elif what == 0x80000000:
        pid, tgid, code, sig = struct.unpack('=4I', data[:16]); print(f'exit {pid}/{tgid} code {code} signal {sig}')
        seen_exit = seen_exit or pid == child.pid
    elif what == 0:
        print(f'ack seq {seq} err {struct.unpack("=I", data[:4])[0]}')
    else:
        print(f'event {WHAT.get(what, hex(what))}')
control(PROC_CN_MCAST_IGNORE, 2)
try:
    msg = s.recv(65536); print('ack (ignore)', len(msg), 'bytes')
except socket.timeout: pass
print('child', child.pid)
EOF
X= rec other cnproc timeout 10 python3 "$TMP/cnproc.py"
if command -v auditctl >/dev/null; then
  echo "NOTE: auditctl exists but NETLINK_AUDIT needs the initial namespace: not recorded" >>"$SETUPLOG"
else
  echo "NOTE: no auditctl: NETLINK_AUDIT not recorded" >>"$SETUPLOG"
fi

rec_finish SETUP-genl.log genl nft conntrack other

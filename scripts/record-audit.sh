#!/usr/bin/env bash
# Record real NETLINK_AUDIT traffic into captures/rec-audit.pcap (strace -> pcap, see
# README-recording.md): a Python client in a throw-away network namespace asks for the status,
# the features and the TTY status, adds, lists and deletes one rule (never,exit: it audits
# nothing), then is the audit daemon for a moment (AUDIT_SET pid) and gets one user record back
# from kauditd: the unicast to auditd whose nlmsg_len leaves out the header. Needs root, strace,
# python3. The rule list and the audit daemon pid are global: both are restored at the end.
#
#   scripts/record-audit.sh [OUTDIR]      (default: captures/ next to this folder)
source "$(dirname "$0")/record-lib.sh"
rec_init record-audit "${1:-$(cd "$(dirname "$0")/.." && pwd)/captures}"
rec_need strace python3 ip
NS=nlscope-audit-$$
rec_netns "$NS"
X="ip netns exec $NS"
rec_index audit

cat >"$TMP/audit.py" <<'EOF'
import os, socket, struct, time
NETLINK_AUDIT = 9
AUDIT_GET, AUDIT_SET, AUDIT_SIGNAL_INFO = 1000, 1001, 1010
AUDIT_ADD_RULE, AUDIT_DEL_RULE, AUDIT_LIST_RULES = 1011, 1012, 1013
AUDIT_TTY_GET, AUDIT_GET_FEATURE, AUDIT_USER_AVC = 1016, 1019, 1107
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
AUDIT_STATUS_PID = 4
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_AUDIT)
s.bind((0, 0))
s.settimeout(0.5)
seq = 0
def send(t, flags, payload=b''):
    global seq
    seq += 1
    s.send(struct.pack('=IHHII', 16 + len(payload), t, NLM_F_REQUEST | flags, seq, 0) + payload)
def drain(label):
    while True:
        try: d = s.recv(65536)
        except socket.timeout: return
        ln, t, fl, sq, pid = struct.unpack('=IHHII', d[:16])
        p = d[16:]
        if t == 2: extra = f'error {struct.unpack("=i", p[:4])[0]}'
        elif t == AUDIT_GET: extra = 'status ' + ' '.join(f'{n}={v}' for n, v in zip(
            'mask enabled failure pid rate_limit backlog_limit lost backlog feature_bitmap backlog_wait_time backlog_wait_time_actual'.split(),
            struct.unpack(f'={len(p) // 4}I', p)))
        elif t == AUDIT_GET_FEATURE: extra = 'features ' + ' '.join(f'{n}={v}' for n, v in zip('vers mask features lock'.split(), struct.unpack('=4I', p[:16])))
        elif t == AUDIT_TTY_GET: extra = 'tty enabled={} log_passwd={}'.format(*struct.unpack('=2I', p[:8]))
        elif t == AUDIT_LIST_RULES:
            flags, action, count = struct.unpack('=3I', p[:12])
            fields = struct.unpack('=64I', p[12 + 256:12 + 512])[:count]
            values = struct.unpack('=64I', p[12 + 512:12 + 768])[:count]
            buflen, = struct.unpack('=I', p[1036:1040])
            extra = f'rule flags={flags} action={action} fields={list(fields)} values={list(values)} buf={p[1040:1040 + buflen].decode()}'
        elif t == AUDIT_SIGNAL_INFO: extra = 'signal-info uid={} pid={}'.format(*struct.unpack('=Ii', p[:8]))
        elif t >= 1100 and t != 1329: extra = 'text ' + p.decode(errors='replace')
        else: extra = 'payload ' + p.hex()
        print(f'{label}: type={t} nlmsg_len={ln} bytes={len(d)} {extra}', flush=True)
def rule(key):
    mask = [0] * 64
    mask[39 // 32] |= 1 << (39 % 32)            # getpid on x86_64
    fields = [11, 210] + [0] * 62               # AUDIT_ARCH, AUDIT_FILTERKEY
    values = [0xC000003E, len(key)] + [0] * 62  # AUDIT_ARCH_X86_64, key length
    ops = [0x40000000, 0x40000000] + [0] * 62   # AUDIT_EQUAL
    return struct.pack('=III', 4, 0, 2) + struct.pack('=64I', *mask) + struct.pack('=64I', *fields) \
        + struct.pack('=64I', *values) + struct.pack('=64I', *ops) + struct.pack('=I', len(key)) + key
send(AUDIT_GET, NLM_F_ACK); drain('get')
send(AUDIT_GET_FEATURE, 0); drain('get-feature')
send(AUDIT_TTY_GET, 0); drain('tty-get')
key = b'nlscope-key'
send(AUDIT_ADD_RULE, NLM_F_ACK, rule(key)); drain('add-rule')
send(AUDIT_LIST_RULES, NLM_F_DUMP); drain('list-rules')
send(AUDIT_DEL_RULE, NLM_F_ACK, rule(key)); drain('del-rule')
status = struct.pack('=11I', AUDIT_STATUS_PID, 0, 0, os.getpid(), 0, 0, 0, 0, 0, 0, 0)
try:
    send(AUDIT_SET, NLM_F_ACK, status); drain('set-pid')
    send(AUDIT_USER_AVC, NLM_F_ACK, b'nlscope: a user record through kauditd\0'); time.sleep(0.2); drain('user-avc')
    send(AUDIT_SIGNAL_INFO, 0); drain('signal-info')
finally:
    send(AUDIT_SET, NLM_F_ACK, struct.pack('=11I', AUDIT_STATUS_PID, *[0] * 10)); drain('unset-pid')
EOF
rec audit audit timeout 30 python3 "$TMP/audit.py"
rec_finish SETUP-audit.log audit

#!/usr/bin/env python3
"""nlscope live helper: owns AF_NETLINK sockets for nlscope (Node has none).

Python 3 standard library only. Speaks the length-framed protocol of
src/live/PROTOCOL.md on stdin (requests) and stdout (replies, received
packets). Diagnostics go to stderr. Exits 0 when stdin closes.
"""
import errno
import json
import os
import select
import socket
import struct
import sys

VERSION = 1
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_DROP_MEMBERSHIP = 2
NETLINK_PKTINFO = 3
NETLINK_NO_ENOBUFS = 5
NETLINK_LISTEN_ALL_NSID = 8
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NETLINK_GET_STRICT_CHK = 12
SO_RCVBUFFORCE = 33
MSG_TRUNC = 0x20

OP_OPEN, OP_SEND, OP_SETOPT, OP_CLOSE = 0x01, 0x02, 0x03, 0x04
OP_HELLO, OP_OPENED, OP_RECV, OP_ERROR, OP_CLOSED = 0x80, 0x81, 0x82, 0x83, 0x84

BOOL_OPTS = {
    'ext_ack': NETLINK_EXT_ACK,
    'strict_chk': NETLINK_GET_STRICT_CHK,
    'cap_ack': NETLINK_CAP_ACK,
    'no_enobufs': NETLINK_NO_ENOBUFS,
    'listen_all_nsid': NETLINK_LISTEN_ALL_NSID,
    'pktinfo': NETLINK_PKTINFO,
}

out = sys.stdout.buffer
socks = {}        # id -> socket
by_fd = {}        # fd -> id
RECV_BUF = bytearray(1 << 20)
RECV_VIEW = memoryview(RECV_BUF)
CMSG_SPACE = socket.CMSG_SPACE(4) * 4


def emit(op, sid, payload=b''):
    out.write(struct.pack('<IBI', 5 + len(payload), op, sid))
    out.write(payload)


def emit_json(op, sid, obj):
    emit(op, sid, json.dumps(obj, separators=(',', ':')).encode())


def emit_error(sid, op, e, seq=None):
    code = getattr(e, 'errno', None) or 0
    info = {
        'op': op, 'errno': code,
        'name': errno.errorcode.get(code, 'E%d' % code) if code else 'EPROTO',
        'message': getattr(e, 'strerror', None) or str(e),
    }
    if seq is not None:
        info['seq'] = seq
    emit_json(OP_ERROR, sid, info)


def apply_opts(s, o):
    for key, opt in BOOL_OPTS.items():
        if key in o:
            s.setsockopt(SOL_NETLINK, opt, 1 if o[key] else 0)
    if o.get('rcvbuf'):
        try:
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, int(o['rcvbuf']))
        except OSError:  # not privileged: the ordinary option, capped by rmem_max
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, int(o['rcvbuf']))
    for g in o.get('add_membership', []):
        s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, int(g))
    for g in o.get('drop_membership', []):
        s.setsockopt(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, int(g))


def do_open(sid, o):
    if sid in socks:
        raise OSError(errno.EEXIST, 'socket id %d already open' % sid)
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, int(o.get('protocol', 0)))
    try:
        s.bind((0, 0))
        groups = [int(g) for g in o.get('groups', [])]
        if groups:
            o = dict(o)
            o['add_membership'] = list(o.get('add_membership', [])) + groups
            o.setdefault('pktinfo', True)
        apply_opts(s, o)
        s.setblocking(False)
    except BaseException:
        s.close()
        raise
    socks[sid] = s
    by_fd[s.fileno()] = sid
    portid, _ = s.getsockname()
    emit_json(OP_OPENED, sid, {'portid': portid, 'protocol': int(o.get('protocol', 0)),
                               'rcvbuf': s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)})


def do_close(sid):
    s = socks.pop(sid, None)
    if s is not None:
        by_fd.pop(s.fileno(), None)
        s.close()
    emit(OP_CLOSED, sid)


def handle(op, sid, payload):
    name = {OP_OPEN: 'open', OP_SEND: 'send', OP_SETOPT: 'setopt', OP_CLOSE: 'close'}.get(op, 'op%d' % op)
    try:
        if op == OP_OPEN:
            do_open(sid, json.loads(payload or b'{}'))
        elif op == OP_CLOSE:
            do_close(sid)
        elif op in (OP_SEND, OP_SETOPT):
            s = socks.get(sid)
            if s is None:
                raise OSError(errno.EBADF, 'socket %d is not open' % sid)
            if op == OP_SEND:
                s.setblocking(True)  # a send waits for room rather than failing with EAGAIN
                try:
                    s.sendto(payload, (0, 0))
                finally:
                    s.setblocking(False)
            else:
                apply_opts(s, json.loads(payload or b'{}'))
        else:
            raise OSError(errno.EINVAL, 'unknown operation %d' % op)
    except OSError as e:
        seq = struct.unpack_from('<I', payload, 8)[0] if op == OP_SEND and len(payload) >= 16 else None
        emit_error(sid, name, e, seq)
    except (ValueError, TypeError, KeyError) as e:
        emit_json(OP_ERROR, sid, {'op': name, 'errno': errno.EINVAL, 'name': 'EINVAL', 'message': str(e)})


def drain(sid, s):
    """Reads what the socket holds now; each read is one packet (one skb)."""
    for _ in range(64):
        try:
            n, anc, flags, addr = s.recvmsg_into([RECV_VIEW], CMSG_SPACE)
        except BlockingIOError:
            return
        except OSError as e:
            emit_error(sid, 'recv', e)  # ENOBUFS: the kernel dropped messages
            if e.errno != errno.ENOBUFS:
                return
            continue
        group, nsid = 0, -1
        for level, typ, data in anc:
            if level == SOL_NETLINK and typ == NETLINK_PKTINFO and len(data) >= 4:
                group = struct.unpack_from('=I', data)[0]
            elif level == SOL_NETLINK and typ == NETLINK_LISTEN_ALL_NSID and len(data) >= 4:
                nsid = struct.unpack_from('=i', data)[0]
        portid = addr[0] if addr else 0
        if not group and addr and addr[1]:
            mask = addr[1]
            group = mask.bit_length() if mask & (mask - 1) == 0 else 0
        out.write(struct.pack('<IBIIIiI', 5 + 16 + n, OP_RECV, sid, portid, group, nsid, flags & MSG_TRUNC))
        out.write(RECV_VIEW[:n])


def main():
    emit_json(OP_HELLO, 0, {'protocol_version': VERSION, 'helper': 'python', 'pid': os.getpid(),
                            'python': sys.version.split()[0]})
    out.flush()
    stdin = sys.stdin.buffer.raw if hasattr(sys.stdin.buffer, 'raw') else sys.stdin.buffer
    inbuf = bytearray()
    poller = select.poll()
    poller.register(0, select.POLLIN)
    registered = set()
    while True:
        for fd in list(registered):
            if fd not in by_fd:
                poller.unregister(fd)
                registered.discard(fd)
        for fd in by_fd:
            if fd not in registered:
                poller.register(fd, select.POLLIN)
                registered.add(fd)
        for fd, ev in poller.poll():
            if fd == 0:
                chunk = os.read(0, 1 << 16)
                if not chunk:
                    for sid in list(socks):
                        socks.pop(sid).close()
                    out.flush()
                    return 0
                inbuf += chunk
                while len(inbuf) >= 4:
                    ln = struct.unpack_from('<I', inbuf)[0]
                    if ln < 5:
                        sys.stderr.write('nlscope helper: bad frame length %d\n' % ln)
                        return 2
                    if len(inbuf) < 4 + ln:
                        break
                    op, sid = struct.unpack_from('<BI', inbuf, 4)
                    payload = bytes(inbuf[9:4 + ln])
                    del inbuf[:4 + ln]
                    handle(op, sid, payload)
            elif fd in by_fd:
                sid = by_fd[fd]
                drain(sid, socks[sid])
        out.flush()


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(0)

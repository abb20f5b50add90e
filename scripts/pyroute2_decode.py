#!/usr/bin/python3
"""Independent decoder for nlscope's oracle comparison: parses nlmon pcap
captures (LINKTYPE_NETLINK) with pyroute2's own message classes and prints one
JSON object per netlink message:

  {"frame": N, "index": I, "direction": "to-kernel"|"to-user", "protocol": P,
   "header": {"len", "type", "flags", "seq", "pid"},
   "class": "<pyroute2 class>", "fields": {...}, "attrs": {NAME: value, ...},
   "error": E, "msg": {...echoed request...}}      (NLMSG_ERROR only)

or {"frame", "index", "skip": reason} / {"frame", "index", "exception": text}.

Run with /usr/bin/python3 (pyroute2 is the Debian package python3-pyroute2).
Usage: pyroute2_decode.py FILE.pcap
"""
import json
import struct
import sys
import traceback

import pyroute2
from pyroute2.netlink import nla_base, nlmsg, nlmsg_base, nlmsgerr, NotInitialized
from pyroute2.netlink.rtnl.marshal import MarshalRtnl
from pyroute2.netlink.diag import (
    MarshalDiag, inet_diag_req, unix_diag_req, sock_diag_req,
)

NETLINK_ROUTE = 0
NETLINK_SOCK_DIAG = 4
NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE = 1, 2, 3
NLM_F_CAPPED = 0x100
AF_UNIX, AF_INET, AF_INET6 = 1, 2, 10
SOCK_DIAG_BY_FAMILY, SOCK_DESTROY = 20, 21
TCPDIAG_GETSOCK, DCCPDIAG_GETSOCK = 18, 19

RTNL_MAP = MarshalRtnl.msg_map
DIAG_RESP_MAP = MarshalDiag.msg_map


def read_pcap(path):
    """Yields (frame, pkttype, protocol, netlink bytes) of a classic pcap file."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        e = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        e = '>'
    else:
        raise SystemExit('%s: not a classic pcap file (pcapng is not supported here)' % path)
    linktype = struct.unpack_from(e + 'I', data, 20)[0]
    if linktype != 253:
        raise SystemExit('%s: linktype %d, expected 253 (NETLINK)' % (path, linktype))
    pos = 24
    frame = 0
    while pos + 16 <= len(data):
        _sec, _frac, incl, _orig = struct.unpack_from(e + 'IIII', data, pos)
        pos += 16
        rec = data[pos:pos + incl]
        pos += incl
        frame += 1
        if len(rec) < 16:
            yield frame, -1, -1, b''
            continue
        pkttype = struct.unpack_from('>H', rec, 0)[0]
        proto = struct.unpack_from('>H', rec, 14)[0]
        yield frame, pkttype, proto, rec[16:]


def jsonable(v):
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if isinstance(v, (list, tuple, set, frozenset)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2 ** 53:
        return str(v)  # JSON readers (JS) lose precision beyond 2^53: decimal string
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def nla_type(cell):
    try:
        return struct.unpack_from('HH', cell.data, cell.offset)[1] & 0x3FFF
    except Exception:
        return None


def convert_obj(obj):
    """A decoded pyroute2 message / struct NLA / nested NLA -> plain JSON."""
    out = {}
    fields = {}
    for k, v in obj.items():
        if k in ('header', 'attrs', 'value', 'event'):
            continue
        fields[k] = jsonable(v)
    if fields:
        out['fields'] = fields
    if 'value' in obj and obj['value'] is not NotInitialized and not obj.get('attrs'):
        out['value'] = jsonable(obj['value'])
    attrs = convert_attrs(obj.get('attrs') or [])
    if attrs or obj.get('attrs') is not None and getattr(obj, 'nla_map', None):
        out['attrs'] = attrs
    return out


def convert_value(slot):
    cell = slot.cell[1]
    v = slot.get_value()
    # pyroute2 maps some numbers to its own short names (value_map: 'up', 'bridge',
    # None for XDP_ATTACHED_NONE ...): report the number the message holds instead
    if getattr(cell, 'value_map', None) and 'value' in cell and isinstance(cell['value'], int):
        return cell['value']
    if isinstance(v, nlmsg_base):
        return convert_obj(v)
    if isinstance(v, list) and v and all(isinstance(x, nlmsg_base) for x in v):
        return [convert_obj(x) for x in v]
    return jsonable(v)


def convert_attrs(slots):
    attrs = {}
    multi = {}
    for slot in slots:
        name = slot.name
        cell = slot.cell[1]
        if name == 'UNKNOWN':
            t = nla_type(cell)
            name = '#%s' % t
            value = bytes(cell.data[cell.offset + 4:cell.offset + cell.length]).hex()
        else:
            try:
                value = convert_value(slot)
            except Exception as ex:  # one attribute failing must not lose the message
                value = {'@exception': '%s: %s' % (type(ex).__name__, ex)}
        if name in multi:
            multi[name].append(value)
        elif name in attrs:
            # a repeated attribute: {"@multi": [first, second, ...]}
            multi[name] = [attrs[name], value]
            attrs[name] = {'@multi': multi[name]}
        else:
            attrs[name] = value
    return attrs


def header_of(data, off):
    ln, tp, fl, seq, pid = struct.unpack_from('<IHHII', data, off)
    return {'len': ln, 'type': tp, 'flags': fl, 'seq': seq, 'pid': pid}


def decode_with(cls, data, off):
    m = cls(data, offset=off)
    m.decode()
    out = {'class': cls.__name__}
    out.update(convert_obj(m))
    return out


def class_for(proto, direction, mtype, data, off, length):
    """pyroute2's class for this message, or (None, reason)."""
    if proto == NETLINK_ROUTE:
        cls = RTNL_MAP.get(mtype)
        return (cls, None) if cls else (None, 'no pyroute2 rtnl class for type %d' % mtype)
    if proto == NETLINK_SOCK_DIAG:
        if length < 17:
            return None, 'short sock_diag message'
        family = data[off + 16]
        if mtype not in (SOCK_DIAG_BY_FAMILY, SOCK_DESTROY):
            return None, 'sock_diag type %d has no pyroute2 class' % mtype
        if direction == 'to-kernel':
            if family in (AF_INET, AF_INET6):
                return inet_diag_req, None
            if family == AF_UNIX:
                return unix_diag_req, None
            return None, 'no pyroute2 request class for family %d' % family
        cls = DIAG_RESP_MAP.get(family)
        return (cls, None) if cls else (None, 'no pyroute2 response class for family %d' % family)
    return None, 'protocol %d not handled' % proto


def decode_error(proto, direction, data, off, ln, flags):
    out = {'class': 'nlmsgerr'}
    if ln >= 20:
        out['error'] = struct.unpack_from('<i', data, off + 16)[0]
    if ln >= 36:
        eh = header_of(data, off + 20)
        echo = {'header': eh}
        elen = eh['len'] if not flags & NLM_F_CAPPED else 16
        if not flags & NLM_F_CAPPED and 16 < eh['len'] <= ln - 20:
            # pyroute2's Marshal decodes the echoed request with the class of its type
            # (header['errmsg']); do the same, on a copy that ends where the echo ends.
            sub = bytes(data[off + 20:off + 20 + eh['len']])
            cls, why = class_for(proto, 'to-kernel', eh['type'], sub, 0, len(sub))
            if cls:
                try:
                    echo.update(decode_with(cls, sub, 0))
                except Exception as ex:
                    echo['exception'] = '%s: %s' % (type(ex).__name__, ex)
            else:
                echo['skip'] = why
        out['msg'] = echo
        # extended ack TLVs after the echo: pyroute2's nlmsgerr class expects
        # them right after the error code, so hand it a buffer of that shape
        tlv = off + 20 + (16 if flags & NLM_F_CAPPED else max(16, (elen + 3) & ~3))
        if tlv < off + ln:
            body = bytes(data[tlv:off + ln])
            buf = struct.pack('<IHHII', 20 + len(body), NLMSG_ERROR, flags, 0, 0) + \
                struct.pack('<i', out.get('error', 0)) + body
            try:
                e = nlmsgerr(buf, offset=0)
                e.decode()
                out['attrs'] = convert_attrs(e['attrs'])
            except Exception as ex:
                out['attrs_exception'] = '%s: %s' % (type(ex).__name__, ex)
    return out


def decode_packet(frame, pkttype, proto, data):
    direction = {7: 'to-kernel', 6: 'to-user'}.get(pkttype, 'unknown')
    off = 0
    index = 0
    while off + 16 <= len(data):
        h = header_of(data, off)
        ln = h['len']
        rec = {'frame': frame, 'index': index, 'direction': direction,
               'protocol': proto, 'header': h}
        if ln < 16 or ln > len(data) - off:
            rec['skip'] = 'bad nlmsg_len'
            print(json.dumps(rec))
            return
        try:
            if h['type'] == NLMSG_ERROR:
                rec.update(decode_error(proto, direction, data, off, ln, h['flags']))
            elif h['type'] == NLMSG_DONE:
                if ln >= 20:
                    rec['error'] = struct.unpack_from('<i', data, off + 16)[0]
            elif h['type'] < 16:
                rec['skip'] = 'control message'
            else:
                cls, why = class_for(proto, direction, h['type'], data, off, ln)
                if cls is None:
                    rec['skip'] = why
                else:
                    # decode a copy holding just this message: pyroute2 classes read
                    # the length from the header, but keep them from looking further
                    rec.update(decode_with(cls, bytes(data[off:off + ln]), 0))
        except Exception as ex:
            rec['exception'] = '%s: %s' % (type(ex).__name__, ex)
            rec['traceback'] = traceback.format_exc(limit=3)
        print(json.dumps(rec))
        index += 1
        off += (ln + 3) & ~3
        # zero padding after the last message belongs to no message (nlscope does the same)
        if off < len(data) and not any(data[off:]):
            break


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    import logging
    logging.disable(logging.CRITICAL)  # pyroute2 logs attribute decode failures
    for path in argv[1:]:
        for frame, pkttype, proto, data in read_pcap(path):
            if proto < 0:
                continue
            decode_packet(frame, pkttype, proto, data)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

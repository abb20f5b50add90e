#!/usr/bin/python3
"""Independent decoder of NETLINK_NETFILTER messages for nlscope's netfilter oracle test:
parses nlmon pcap captures with pyroute2's nf_tables and ctnetlink classes
(pyroute2.netlink.nfnetlink.nftsocket / nfctsocket) and prints one JSON object per
netfilter message it has a class for, in the format of pyroute2_decode.py:

  {"frame": N, "index": I, "protocol": 12, "header": {...}, "class": C, "fields": {...}, "attrs": {...}}

Messages pyroute2 has no class for are left out. Run with /usr/bin/python3 (python3-pyroute2).
Usage: pyroute2_nfnetlink.py FILE.pcap
"""
import json
import struct
import sys
import traceback
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyroute2_decode import read_pcap, decode_with, header_of  # noqa: E402
from pyroute2.netlink.nfnetlink import nftsocket as nft, nfctsocket as ct  # noqa: E402

NETLINK_NETFILTER = 12
NFTABLES, CTNETLINK = 10, 1

# (subsystem, message) -> class, as nftsocket / nfctsocket read them
CLASSES = {}
for msg, cls in [(0, nft.nft_table_msg), (1, nft.nft_table_msg), (2, nft.nft_table_msg),
                 (3, nft.nft_chain_msg), (4, nft.nft_chain_msg), (5, nft.nft_chain_msg),
                 (6, nft.nft_rule_msg), (7, nft.nft_rule_msg), (8, nft.nft_rule_msg),
                 (9, nft.nft_set_msg), (10, nft.nft_set_msg), (11, nft.nft_set_msg),
                 (12, nft.nft_set_elem_list_msg), (13, nft.nft_set_elem_list_msg), (14, nft.nft_set_elem_list_msg),
                 (15, nft.nft_gen_msg), (16, nft.nft_gen_msg),
                 (22, nft.nft_flowtable_msg), (23, nft.nft_flowtable_msg), (24, nft.nft_flowtable_msg)]:
    CLASSES[(NFTABLES, msg)] = cls
for msg in (0, 1, 2, 3, 6, 7):
    CLASSES[(CTNETLINK, msg)] = ct.nfct_msg
CLASSES[(CTNETLINK, 4)] = ct.nfct_stats_cpu
CLASSES[(CTNETLINK, 5)] = ct.nfct_stats


# pyroute2 reads an NFTA_LIST_ELEM list ('*expr' attributes) as a plain list; the kernel's form
# is a nest of NFTA_LIST_ELEM, which is how nlscope names it
LISTS = ('NFTA_RULE_EXPRESSIONS', 'NFTA_SET_EXPRESSIONS', 'NFTA_SET_ELEM_EXPRESSIONS', 'NFTA_DYNSET_EXPRESSIONS')


def as_list_nests(obj):
    if isinstance(obj, dict):
        for k, v in list(obj.items()):
            if k in LISTS and isinstance(v, list):
                obj[k] = {'attrs': {'NFTA_LIST_ELEM': {'@multi': [as_list_nests(x) for x in v]}}}
            else:
                as_list_nests(v)
    elif isinstance(obj, list):
        for x in obj:
            as_list_nests(x)
    return obj


def main(path):
    for frame, _pkttype, proto, data in read_pcap(path):
        if proto != NETLINK_NETFILTER:
            continue
        pos, index = 0, 0
        while pos + 16 <= len(data):
            ln, tp = struct.unpack_from('<IH', data, pos)
            if ln < 16 or pos + ln > len(data):
                break
            cls = CLASSES.get((tp >> 8, tp & 0xff))
            if cls is not None:
                out = {'frame': frame, 'index': index, 'protocol': NETLINK_NETFILTER, 'header': header_of(data, pos)}
                try:
                    out.update(as_list_nests(decode_with(cls, data[:pos + ln], pos)))
                except Exception:
                    out['exception'] = traceback.format_exc(limit=2)
                print(json.dumps(out))
            pos += (ln + 3) & ~3
            index += 1


if __name__ == '__main__':
    main(sys.argv[1])

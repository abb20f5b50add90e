// AF_NETLINK sockets (linux/netlink_diag.h).
import { attrs, enumOf, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { AF, NETLINK_PROTOCOL } from '../netlink.js';
import { SOCK_TYPE, sk_meminfo } from './common.js';

/** ndiag_show. */
export const NDIAG_SHOW = flagsOf('NDIAG_SHOW', {
  NDIAG_SHOW_MEMINFO: 0x00000001,
  NDIAG_SHOW_GROUPS: 0x00000002,
  NDIAG_SHOW_RING_CFG: 0x00000004, // deprecated since 4.6
  NDIAG_SHOW_FLAGS: 0x00000008,
});

/** sdiag_protocol of a netlink request: a protocol, or NDIAG_PROTO_ALL. */
export const NDIAG_PROTO = enumOf('NDIAG_PROTO', {
  ...Object.fromEntries(NETLINK_PROTOCOL.byName),
  NDIAG_PROTO_ALL: 0xff,
});

/** NETLINK_DIAG_FLAGS. */
export const NDIAG_FLAG = flagsOf('NDIAG_FLAG', {
  NDIAG_FLAG_CB_RUNNING: 0x00000001,
  NDIAG_FLAG_PKTINFO: 0x00000002,
  NDIAG_FLAG_BROADCAST_ERROR: 0x00000004,
  NDIAG_FLAG_NO_ENOBUFS: 0x00000008,
  NDIAG_FLAG_LISTEN_ALL_NSID: 0x00000010,
  NDIAG_FLAG_CAP_ACK: 0x00000020,
});

export const netlink_diag_req: StructDecl = struct('netlink_diag_req', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8', NDIAG_PROTO],
  ['pad', 'u16'],
  ['ndiag_ino', 'u32'],
  ['ndiag_show', 'u32', NDIAG_SHOW],
  ['ndiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/netlink_diag.h' });

export const netlink_diag_msg: StructDecl = struct('netlink_diag_msg', [
  ['ndiag_family', 'u8', AF],
  ['ndiag_type', 'u8', SOCK_TYPE],
  ['ndiag_protocol', 'u8', NETLINK_PROTOCOL],
  ['ndiag_state', 'u8'], // sk_state: TCP_CLOSE (7) from sock_init_data, NETLINK_CONNECTED (1) after connect(); no uapi enum
  ['ndiag_portid', 'u32'],
  ['ndiag_dst_portid', 'u32'],
  ['ndiag_dst_group', 'u32'],
  ['ndiag_ino', 'u32'],
  ['ndiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/netlink_diag.h' });

/** NETLINK_DIAG_RX_RING / TX_RING (mmap rings, gone since 4.6). */
export const netlink_diag_ring: StructDecl = struct('netlink_diag_ring', [
  ['ndr_block_size', 'u32'],
  ['ndr_block_nr', 'u32'],
  ['ndr_frame_size', 'u32'],
  ['ndr_frame_nr', 'u32'],
], { header: 'linux/netlink_diag.h' });

/** The enum starts at 0 (no NETLINK_DIAG_NONE). */
export const NETLINK_DIAG = attrs('NETLINK_DIAG', [
  [0, 'NETLINK_DIAG_MEMINFO', sk_meminfo],
  [1, 'NETLINK_DIAG_GROUPS', 'u32list'], // bitmap of subscribed groups, host-order unsigned longs
  [2, 'NETLINK_DIAG_RX_RING', netlink_diag_ring],
  [3, 'NETLINK_DIAG_TX_RING', netlink_diag_ring],
  [4, 'NETLINK_DIAG_FLAGS', 'u32', NDIAG_FLAG],
]);

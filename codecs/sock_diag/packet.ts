// AF_PACKET sockets (linux/packet_diag.h).
import { attrs, flagsOf, struct, structs, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { SOCK_TYPE, sk_meminfo } from './common.js';

/** pdiag_show. */
export const PACKET_SHOW = flagsOf('PACKET_SHOW', {
  PACKET_SHOW_INFO: 0x00000001,
  PACKET_SHOW_MCLIST: 0x00000002,
  PACKET_SHOW_RING_CFG: 0x00000004,
  PACKET_SHOW_FANOUT: 0x00000008,
  PACKET_SHOW_MEMINFO: 0x00000010,
  PACKET_SHOW_FILTER: 0x00000020,
});

export const packet_diag_req: StructDecl = struct('packet_diag_req', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8'],
  ['pad', 'u16'],
  ['pdiag_ino', 'u32'],
  ['pdiag_show', 'u32', PACKET_SHOW],
  ['pdiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/packet_diag.h' });

export const packet_diag_msg: StructDecl = struct('packet_diag_msg', [
  ['pdiag_family', 'u8', AF],
  ['pdiag_type', 'u8', SOCK_TYPE],
  ['pdiag_num', 'u16'], // bound ETH_P_* protocol, converted to host order by the kernel
  ['pdiag_ino', 'u32'],
  ['pdiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/packet_diag.h' });

/** pdi_flags. */
export const PDI = flagsOf('PDI', {
  PDI_RUNNING: 0x1,
  PDI_AUXDATA: 0x2,
  PDI_ORIGDEV: 0x4,
  PDI_VNETHDR: 0x8,
  PDI_LOSS: 0x10,
});

/** PACKET_DIAG_INFO. */
export const packet_diag_info: StructDecl = struct('packet_diag_info', [
  ['pdi_index', 'u32'],
  ['pdi_version', 'u32'], // TPACKET_V1/V2/V3 = 0/1/2
  ['pdi_reserve', 'u32'],
  ['pdi_copy_thresh', 'u32'],
  ['pdi_tstamp', 'u32'],
  ['pdi_flags', 'u32', PDI],
], { header: 'linux/packet_diag.h' });

/** PACKET_DIAG_MCLIST: packed array of these (MAX_ADDR_LEN = 32). */
export const packet_diag_mclist: StructDecl = struct('packet_diag_mclist', [
  ['pdmc_index', 'u32'],
  ['pdmc_count', 'u32'],
  ['pdmc_type', 'u16'], // PACKET_MR_MULTICAST / PROMISC / ALLMULTI / UNICAST
  ['pdmc_alen', 'u16'],
  ['pdmc_addr', 'bytes', { size: 32 }],
], { header: 'linux/packet_diag.h' });

/** PACKET_DIAG_RX_RING / TX_RING. */
export const packet_diag_ring: StructDecl = struct('packet_diag_ring', [
  ['pdr_block_size', 'u32'],
  ['pdr_block_nr', 'u32'],
  ['pdr_frame_size', 'u32'],
  ['pdr_frame_nr', 'u32'],
  ['pdr_retire_tmo', 'u32'],
  ['pdr_sizeof_priv', 'u32'],
  ['pdr_features', 'u32'],
], { header: 'linux/packet_diag.h' });

/** The enum starts at 0 (no PACKET_DIAG_NONE). */
export const PACKET_DIAG = attrs('PACKET_DIAG', [
  [0, 'PACKET_DIAG_INFO', packet_diag_info],
  [1, 'PACKET_DIAG_MCLIST', structs(packet_diag_mclist)],
  [2, 'PACKET_DIAG_RX_RING', packet_diag_ring],
  [3, 'PACKET_DIAG_TX_RING', packet_diag_ring],
  [4, 'PACKET_DIAG_FANOUT', 'u32'], // fanout id | type << 16
  [5, 'PACKET_DIAG_UID', 'u32'],
  [6, 'PACKET_DIAG_MEMINFO', sk_meminfo],
  [7, 'PACKET_DIAG_FILTER', 'binary'], // array of struct sock_filter (linux/filter.h)
]);

// The other sock_diag families with uapi layouts: AF_SMC (linux/smc_diag.h), AF_XDP (linux/xdp_diag.h),
// AF_VSOCK (linux/vm_sockets_diag.h), AF_TIPC (linux/tipc_sockets_diag.h: request only, the answer
// carries TIPC netlink attributes).
import { attrs, enumSeq, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { SHUTDOWN, SOCK_TYPE, TCP_STATE, TCPF, sk_meminfo } from './common.js';
import { inet_diag_sockid } from './inet.js';

// ---------------------------------------------------------------- AF_SMC

/** idiag_ext-style bits of diag_ext: bit n-1 asks for SMC_DIAG attribute n. */
export const SMC_DIAG_EXT = flagsOf('SMC_DIAG_EXT', {
  SMC_DIAG_CONNINFO: 1 << 0,
  SMC_DIAG_LGRINFO: 1 << 1,
  SMC_DIAG_SHUTDOWN: 1 << 2,
  SMC_DIAG_DMBINFO: 1 << 3,
  SMC_DIAG_FALLBACK: 1 << 4,
});

/** The sockid addresses belong to the internal TCP socket; diag_family says AF_SMC, so they show raw. */
export const smc_diag_req: StructDecl = struct('smc_diag_req', [
  ['diag_family', 'u8', AF],
  ['pad', 'u8', { count: 2 }], // pad[0] sits where sdiag_protocol is: SMCPROTO_SMC 0 / SMCPROTO_SMC6 1
  ['diag_ext', 'u8', SMC_DIAG_EXT],
  ['id', inet_diag_sockid('diag_family')],
], { header: 'linux/smc_diag.h' });

/** Mode of a connection (diag_mode). */
export const SMC_DIAG_MODE = enumSeq('SMC_DIAG_MODE', [
  'SMC_DIAG_MODE_SMCR',
  'SMC_DIAG_MODE_FALLBACK_TCP',
  'SMC_DIAG_MODE_SMCD',
]);

export const smc_diag_msg: StructDecl = struct('smc_diag_msg', [
  ['diag_family', 'u8', AF],
  ['diag_state', 'u8'], // enum smc_state (net/smc/smc.h, not uapi)
  ['diag_mode', 'u8', SMC_DIAG_MODE], // union with the old name diag_fallback
  ['diag_shutdown', 'u8', SHUTDOWN],
  ['id', inet_diag_sockid('diag_family')],
  ['diag_uid', 'u32'],
  ['diag_inode', 'u64'], // __aligned_u64
], { header: 'linux/smc_diag.h' });

export const smc_diag_cursor: StructDecl = struct('smc_diag_cursor', [
  ['reserved', 'u16'],
  ['wrap', 'u16'],
  ['count', 'u32'],
], { header: 'linux/smc_diag.h' });

/** SMC_DIAG_CONNINFO. */
export const smc_diag_conninfo: StructDecl = struct('smc_diag_conninfo', [
  ['token', 'u32'],
  ['sndbuf_size', 'u32'],
  ['rmbe_size', 'u32'],
  ['peer_rmbe_size', 'u32'],
  ['rx_prod', smc_diag_cursor],
  ['rx_cons', smc_diag_cursor],
  ['tx_prod', smc_diag_cursor],
  ['tx_cons', smc_diag_cursor],
  ['rx_prod_flags', 'u8'],
  ['rx_conn_state_flags', 'u8'],
  ['tx_prod_flags', 'u8'],
  ['tx_conn_state_flags', 'u8'],
  ['tx_prep', smc_diag_cursor],
  ['tx_sent', smc_diag_cursor],
  ['tx_fin', smc_diag_cursor],
], { header: 'linux/smc_diag.h' });

/** IB_DEVICE_NAME_MAX = 64 (rdma/ib_user_verbs.h); gid/peer_gid hold text. */
export const smc_diag_linkinfo: StructDecl = struct('smc_diag_linkinfo', [
  ['link_id', 'u8'],
  ['ibname', 'string', { size: 64 }],
  ['ibport', 'u8'],
  ['gid', 'string', { size: 40 }],
  ['peer_gid', 'string', { size: 40 }],
], { header: 'linux/smc_diag.h' });

/** SMC_DIAG_LGRINFO. */
export const smc_diag_lgrinfo: StructDecl = struct('smc_diag_lgrinfo', [
  ['lnk', smc_diag_linkinfo, { count: 1 }],
  ['role', 'u8'], // SMC_CLNT 0 / SMC_SERV 1
], { header: 'linux/smc_diag.h' });

/** SMC_DIAG_FALLBACK. */
export const smc_diag_fallback: StructDecl = struct('smc_diag_fallback', [
  ['reason', 'u32'],
  ['peer_diagnosis', 'u32'],
], { header: 'linux/smc_diag.h' });

/** SMC_DIAG_DMBINFO. */
export const smcd_diag_dmbinfo: StructDecl = struct('smcd_diag_dmbinfo', [
  ['linkid', 'u32'],
  ['__pad_peer_gid', 'bytes', { size: 4, hole: true }], // before the __aligned_u64
  ['peer_gid', 'u64'],
  ['my_gid', 'u64'],
  ['token', 'u64'],
  ['peer_token', 'u64'],
], { header: 'linux/smc_diag.h' });

export const SMC_DIAG = attrs('SMC_DIAG', [
  [1, 'SMC_DIAG_CONNINFO', smc_diag_conninfo],
  [2, 'SMC_DIAG_LGRINFO', smc_diag_lgrinfo],
  [3, 'SMC_DIAG_SHUTDOWN', 'u8', SHUTDOWN],
  [4, 'SMC_DIAG_DMBINFO', smcd_diag_dmbinfo],
  [5, 'SMC_DIAG_FALLBACK', smc_diag_fallback],
]);

// ---------------------------------------------------------------- AF_XDP

export const XDP_SHOW = flagsOf('XDP_SHOW', {
  XDP_SHOW_INFO: 1 << 0,
  XDP_SHOW_RING_CFG: 1 << 1,
  XDP_SHOW_UMEM: 1 << 2,
  XDP_SHOW_MEMINFO: 1 << 3,
  XDP_SHOW_STATS: 1 << 4,
});

export const xdp_diag_req: StructDecl = struct('xdp_diag_req', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8'],
  ['pad', 'u16'],
  ['xdiag_ino', 'u32'],
  ['xdiag_show', 'u32', XDP_SHOW],
  ['xdiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/xdp_diag.h' });

export const xdp_diag_msg: StructDecl = struct('xdp_diag_msg', [
  ['xdiag_family', 'u8', AF],
  ['xdiag_type', 'u8', SOCK_TYPE],
  ['pad', 'u16'],
  ['xdiag_ino', 'u32'],
  ['xdiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/xdp_diag.h' });

export const xdp_diag_info: StructDecl = struct('xdp_diag_info', [
  ['ifindex', 'u32'],
  ['queue_id', 'u32'],
], { header: 'linux/xdp_diag.h' });

export const xdp_diag_ring: StructDecl = struct('xdp_diag_ring', [
  ['entries', 'u32'],
], { header: 'linux/xdp_diag.h' });

export const XDP_DU_F = flagsOf('XDP_DU_F', { XDP_DU_F_ZEROCOPY: 1 << 0 });

export const xdp_diag_umem: StructDecl = struct('xdp_diag_umem', [
  ['size', 'u64'],
  ['id', 'u32'],
  ['num_pages', 'u32'],
  ['chunk_size', 'u32'],
  ['headroom', 'u32'],
  ['ifindex', 'u32'],
  ['queue_id', 'u32'],
  ['flags', 'u32', XDP_DU_F],
  ['refs', 'u32'],
], { header: 'linux/xdp_diag.h' });

export const xdp_diag_stats: StructDecl = struct('xdp_diag_stats', [
  ['n_rx_dropped', 'u64'],
  ['n_rx_invalid', 'u64'],
  ['n_rx_full', 'u64'],
  ['n_fill_ring_empty', 'u64'],
  ['n_tx_invalid', 'u64'],
  ['n_tx_ring_empty', 'u64'],
], { header: 'linux/xdp_diag.h' });

export const XDP_DIAG = attrs('XDP_DIAG', [
  [1, 'XDP_DIAG_INFO', xdp_diag_info],
  [2, 'XDP_DIAG_UID', 'u32'],
  [3, 'XDP_DIAG_RX_RING', xdp_diag_ring],
  [4, 'XDP_DIAG_TX_RING', xdp_diag_ring],
  [5, 'XDP_DIAG_UMEM', xdp_diag_umem],
  [6, 'XDP_DIAG_UMEM_FILL_RING', xdp_diag_ring],
  [7, 'XDP_DIAG_UMEM_COMPLETION_RING', xdp_diag_ring],
  [8, 'XDP_DIAG_MEMINFO', sk_meminfo],
  [9, 'XDP_DIAG_STATS', xdp_diag_stats],
]);

// ---------------------------------------------------------------- AF_VSOCK (no attributes)

export const vsock_diag_req: StructDecl = struct('vsock_diag_req', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8'],
  ['pad', 'u16'],
  ['vdiag_states', 'u32', TCPF],
  ['vdiag_ino', 'u32'],
  ['vdiag_show', 'u32'],
  ['vdiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/vm_sockets_diag.h' });

export const vsock_diag_msg: StructDecl = struct('vsock_diag_msg', [
  ['vdiag_family', 'u8', AF],
  ['vdiag_type', 'u8', SOCK_TYPE],
  ['vdiag_state', 'u8', TCP_STATE],
  ['vdiag_shutdown', 'u8', SHUTDOWN],
  ['vdiag_src_cid', 'u32'],
  ['vdiag_src_port', 'u32'],
  ['vdiag_dst_cid', 'u32'],
  ['vdiag_dst_port', 'u32'],
  ['vdiag_ino', 'u32'],
  ['vdiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/vm_sockets_diag.h' });

// ---------------------------------------------------------------- AF_TIPC (request only)

export const tipc_sock_diag_req: StructDecl = struct('tipc_sock_diag_req', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8'],
  ['pad', 'u16'],
  ['tidiag_states', 'u32', TCPF], // TIPC socket states are TCP_* values
], { header: 'linux/tipc_sockets_diag.h' });

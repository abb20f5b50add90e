// AF_INET / AF_INET6 sockets (linux/inet_diag.h): requests, answers and their attributes.
import { attrs, bitfields, flagsSeq, select, struct, structs, type AttrSet, type SelectCtx, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { IPPROTO, SHUTDOWN, SK_DIAG_BPF_STORAGE_REP, SK_DIAG_BPF_STORAGE_REQ, TCP_STATE, TCPF, sk_meminfo } from './common.js';
import { INET_ULP_INFO, mptcp_info, tcp_bbr_info, tcp_dctcp_info, tcp_diag_md5sig, tcp_info, tcpvegas_info } from './tcp.js';

/** struct inet_diag_sockid. idiag_src/idiag_dst are shown by the address family of the
 *  enclosing struct, so one copy is built per name of that field (idiag_family, sdiag_family ...). */
export function inet_diag_sockid(familyField: string): StructDecl {
  return struct('inet_diag_sockid', [
    ['idiag_sport', 'be16'],
    ['idiag_dport', 'be16'],
    ['idiag_src', 'inaddr', { family: familyField }],
    ['idiag_dst', 'inaddr', { family: familyField }],
    ['idiag_if', 'u32'],
    ['idiag_cookie', 'u32', { count: 2 }], // INET_DIAG_NOCOOKIE = ~0U in both words
  ], { header: 'linux/inet_diag.h' });
}

/** Extensions a request asks for (idiag_ext): bit n-1 asks for attribute n. Only the first eight
 *  fit; DCTCPINFO/BBRINFO come with VEGASINFO, CLASS_ID with TCLASS. */
export const INET_DIAG_EXT = flagsSeq('INET_DIAG_EXT', [
  'INET_DIAG_MEMINFO',
  'INET_DIAG_INFO',
  'INET_DIAG_VEGASINFO',
  'INET_DIAG_CONG',
  'INET_DIAG_TOS',
  'INET_DIAG_TCLASS',
  'INET_DIAG_SKMEMINFO',
  'INET_DIAG_SHUTDOWN',
]);

/** struct inet_diag_req: body of TCPDIAG_GETSOCK / DCCPDIAG_GETSOCK requests (legacy). */
export const inet_diag_req: StructDecl = struct('inet_diag_req', [
  ['idiag_family', 'u8', AF],
  ['idiag_src_len', 'u8'],
  ['idiag_dst_len', 'u8'],
  ['idiag_ext', 'u8', INET_DIAG_EXT],
  ['id', inet_diag_sockid('idiag_family')],
  ['idiag_states', 'u32', TCPF],
  ['idiag_dbs', 'u32'],
], { header: 'linux/inet_diag.h' });

/** struct inet_diag_req_v2: SOCK_DIAG_BY_FAMILY / SOCK_DESTROY requests for AF_INET/AF_INET6.
 *  For SOCK_RAW, pad carries the raw protocol (struct inet_diag_req_raw, sdiag_raw_protocol). */
export const inet_diag_req_v2: StructDecl = struct('inet_diag_req_v2', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8', IPPROTO],
  ['idiag_ext', 'u8', INET_DIAG_EXT],
  ['pad', 'u8'],
  ['idiag_states', 'u32', TCPF],
  ['id', inet_diag_sockid('sdiag_family')],
], { header: 'linux/inet_diag.h' });

/** struct inet_diag_req_raw: the same bytes as inet_diag_req_v2 when sdiag_protocol is IPPROTO_RAW
 *  (raw_diag reads pad as the socket's protocol). */
export const inet_diag_req_raw: StructDecl = struct('inet_diag_req_raw', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8', IPPROTO],
  ['idiag_ext', 'u8', INET_DIAG_EXT],
  ['sdiag_raw_protocol', 'u8', IPPROTO],
  ['idiag_states', 'u32', TCPF],
  ['id', inet_diag_sockid('sdiag_family')],
], { header: 'linux/inet_diag.h' });

/** struct inet_diag_msg: the answer for one socket. */
export const inet_diag_msg: StructDecl = struct('inet_diag_msg', [
  ['idiag_family', 'u8', AF],
  ['idiag_state', 'u8', TCP_STATE],
  ['idiag_timer', 'u8'], // 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero window probe
  ['idiag_retrans', 'u8'],
  ['id', inet_diag_sockid('idiag_family')],
  ['idiag_expires', 'u32'],
  ['idiag_rqueue', 'u32'],
  ['idiag_wqueue', 'u32'],
  ['idiag_uid', 'u32'],
  ['idiag_inode', 'u32'],
], { header: 'linux/inet_diag.h' });

/** INET_DIAG_MEMINFO. */
export const inet_diag_meminfo: StructDecl = struct('inet_diag_meminfo', [
  ['idiag_rmem', 'u32'],
  ['idiag_wmem', 'u32'],
  ['idiag_fmem', 'u32'],
  ['idiag_tmem', 'u32'],
], { header: 'linux/inet_diag.h' });

/** INET_DIAG_SOCKOPT: two bytes of 1-bit flags. */
export const inet_diag_sockopt: StructDecl = struct('inet_diag_sockopt', [
  bitfields('u8', [['recverr', 1], ['is_icsk', 1], ['freebind', 1], ['hdrincl', 1], ['mc_loop', 1], ['transparent', 1], ['mc_all', 1], ['nodefrag', 1]]),
  bitfields('u8', [['bind_address_no_port', 1], ['recverr_rfc4884', 1], ['defer_connect', 1], ['unused', 5]]),
], { header: 'linux/inet_diag.h' });

/** Request attributes (after inet_diag_req_v2). */
export const INET_DIAG_REQ = attrs('INET_DIAG_REQ', [
  [1, 'INET_DIAG_REQ_BYTECODE', 'binary'], // sequence of struct inet_diag_bc_op + operands
  [2, 'INET_DIAG_REQ_SK_BPF_STORAGES', SK_DIAG_BPF_STORAGE_REQ, { nested: true }],
  [3, 'INET_DIAG_REQ_PROTOCOL', 'u32', IPPROTO], // protocols above 255 (IPPROTO_MPTCP)
]);

/** INET_DIAG_INFO depends on the protocol of the socket, which only the request names.
 *  Dumps put INET_DIAG_PROTOCOL only for SOCK_RAW sockets (which get no INFO); destroy broadcasts
 *  put it first. So: tcp_info when it is absent, TCP or DCCP (dccp_get_info fills a tcp_info);
 *  mptcp_info if it ever says IPPROTO_MPTCP (it cannot as a u8: MPTCP answers, asked for with
 *  INET_DIAG_REQ_PROTOCOL, are indistinguishable here and decode as tcp_info); raw bytes otherwise
 *  (UDP/raw send no INFO; SCTP's struct sctp_info is not declared here). */
function inetDiagInfo(ctx: SelectCtx): StructDecl | undefined {
  const fam = ctx.body.idiag_family;
  if (fam !== 'AF_INET' && fam !== 'AF_INET6') return undefined;
  const proto = ctx.siblings.INET_DIAG_PROTOCOL;
  if (proto === undefined || proto === 'IPPROTO_TCP' || proto === 'IPPROTO_DCCP') return tcp_info;
  if (proto === 'IPPROTO_MPTCP') return mptcp_info;
  return undefined;
}

/** Answer attributes (after inet_diag_msg). */
export const INET_DIAG: AttrSet = attrs('INET_DIAG', [
  [1, 'INET_DIAG_MEMINFO', inet_diag_meminfo],
  [2, 'INET_DIAG_INFO', select(inetDiagInfo)],
  [3, 'INET_DIAG_VEGASINFO', tcpvegas_info],
  [4, 'INET_DIAG_CONG', 'string'],
  [5, 'INET_DIAG_TOS', 'u8'],
  [6, 'INET_DIAG_TCLASS', 'u8'],
  [7, 'INET_DIAG_SKMEMINFO', sk_meminfo],
  [8, 'INET_DIAG_SHUTDOWN', 'u8', SHUTDOWN],
  [9, 'INET_DIAG_DCTCPINFO', tcp_dctcp_info],
  [10, 'INET_DIAG_PROTOCOL', 'u8', IPPROTO],
  [11, 'INET_DIAG_SKV6ONLY', 'u8'],
  [12, 'INET_DIAG_LOCALS', 'binary'], // SCTP: array of struct sockaddr_storage
  [13, 'INET_DIAG_PEERS', 'binary'], // SCTP: array of struct sockaddr_storage
  [14, 'INET_DIAG_PAD', 'binary'],
  [15, 'INET_DIAG_MARK', 'u32'],
  [16, 'INET_DIAG_BBRINFO', tcp_bbr_info],
  [17, 'INET_DIAG_CLASS_ID', 'u32'],
  [18, 'INET_DIAG_MD5SIG', structs(tcp_diag_md5sig)],
  [19, 'INET_DIAG_ULP_INFO', INET_ULP_INFO],
  [20, 'INET_DIAG_SK_BPF_STORAGES', SK_DIAG_BPF_STORAGE_REP, { nested: true }],
  [21, 'INET_DIAG_CGROUP_ID', 'u64'],
  [22, 'INET_DIAG_SOCKOPT', inet_diag_sockopt],
]);

// Pieces shared by every sock_diag family (linux/sock_diag.h, linux/in.h, socket types, TCP states).
import { attrs, enumOf, enumSeq, flagsOf, flagsSeq, struct, type StructDecl } from '../../src/codec/schema.js';

/** Message types (linux/inet_diag.h, linux/sock_diag.h). */
export const TCPDIAG_GETSOCK = 18;
export const DCCPDIAG_GETSOCK = 19;
export const SOCK_DIAG_BY_FAMILY = 20;
export const SOCK_DESTROY = 21;

import { IPPROTO } from '../netlink.js';
export { IPPROTO };

/** Socket types (enum sock_type; uapi-visible via glibc bits/socket_type.h). */
export const SOCK_TYPE = enumOf('SOCK', {
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
  SOCK_RDM: 4,
  SOCK_SEQPACKET: 5,
  SOCK_DCCP: 6,
  SOCK_PACKET: 10,
});

/** TCP states (include/net/tcp_states.h; uapi only mirrors them as BPF_TCP_* in linux/bpf.h).
 *  Also used for sk_state of unix, vsock and other sockets. TCP_BOUND_INACTIVE is from Linux 6.5. */
const TCP_STATE_NAMES = [
  '',
  'TCP_ESTABLISHED',
  'TCP_SYN_SENT',
  'TCP_SYN_RECV',
  'TCP_FIN_WAIT1',
  'TCP_FIN_WAIT2',
  'TCP_TIME_WAIT',
  'TCP_CLOSE',
  'TCP_CLOSE_WAIT',
  'TCP_LAST_ACK',
  'TCP_LISTEN',
  'TCP_CLOSING',
  'TCP_NEW_SYN_RECV',
  'TCP_BOUND_INACTIVE',
] as const;
export const TCP_STATE = enumSeq('TCP_STATE', TCP_STATE_NAMES);
/** State masks of requests (idiag_states, udiag_states ...): bit n selects state n (TCPF_* = 1 << TCP_*). */
export const TCPF = flagsSeq('TCPF', TCP_STATE_NAMES);

/** sk_shutdown bits (include/net/sock.h RCV_SHUTDOWN, SEND_SHUTDOWN). */
export const SHUTDOWN = flagsOf('SHUTDOWN', { RCV_SHUTDOWN: 1, SEND_SHUTDOWN: 2 });

/** struct sock_diag_req: the two bytes every request starts with. */
export const sock_diag_req: StructDecl = struct('sock_diag_req', [
  ['sdiag_family', 'u8'],
  ['sdiag_protocol', 'u8'],
], { header: 'linux/sock_diag.h' });

/** Indexes of the u32 array sk_get_meminfo() fills (INET_DIAG_SKMEMINFO, UNIX_DIAG_MEMINFO ...);
 *  SK_MEMINFO_VARS is the count. */
export const SK_MEMINFO = enumSeq('SK_MEMINFO', [
  'SK_MEMINFO_RMEM_ALLOC',
  'SK_MEMINFO_RCVBUF',
  'SK_MEMINFO_WMEM_ALLOC',
  'SK_MEMINFO_SNDBUF',
  'SK_MEMINFO_FWD_ALLOC',
  'SK_MEMINFO_WMEM_QUEUED',
  'SK_MEMINFO_OPTMEM',
  'SK_MEMINFO_BACKLOG',
  'SK_MEMINFO_DROPS',
]);
/** The SK_MEMINFO array as a struct named by the enum (no C struct of this name). */
export const sk_meminfo: StructDecl = struct('sk_meminfo', [
  ['SK_MEMINFO_RMEM_ALLOC', 'u32'],
  ['SK_MEMINFO_RCVBUF', 'u32'],
  ['SK_MEMINFO_WMEM_ALLOC', 'u32'],
  ['SK_MEMINFO_SNDBUF', 'u32'],
  ['SK_MEMINFO_FWD_ALLOC', 'u32'],
  ['SK_MEMINFO_WMEM_QUEUED', 'u32'],
  ['SK_MEMINFO_OPTMEM', 'u32'],
  ['SK_MEMINFO_BACKLOG', 'u32'],
  ['SK_MEMINFO_DROPS', 'u32'],
]);

/** Multicast groups of NETLINK_SOCK_DIAG (enum sknetlink_groups). */
export const SKNLGRP = enumSeq('SKNLGRP', [
  'SKNLGRP_NONE',
  'SKNLGRP_INET_TCP_DESTROY',
  'SKNLGRP_INET_UDP_DESTROY',
  'SKNLGRP_INET6_TCP_DESTROY',
  'SKNLGRP_INET6_UDP_DESTROY',
]);

// ---------------------------------------------------------------- bpf sk storage (sock_diag.h)

/** Inside INET_DIAG_REQ_SK_BPF_STORAGES: one map fd per attribute. */
export const SK_DIAG_BPF_STORAGE_REQ = attrs('SK_DIAG_BPF_STORAGE_REQ', [
  [1, 'SK_DIAG_BPF_STORAGE_REQ_MAP_FD', 'u32', { multi: true }],
]);

/** One map's value (bpf_sk_storage_diag_put_one: nla_nest_start). */
export const SK_DIAG_BPF_STORAGE_ATTR = attrs('SK_DIAG_BPF_STORAGE', [
  [1, 'SK_DIAG_BPF_STORAGE_PAD', 'binary'],
  [2, 'SK_DIAG_BPF_STORAGE_MAP_ID', 'u32'],
  [3, 'SK_DIAG_BPF_STORAGE_MAP_VALUE', 'binary'],
]);

/** Inside INET_DIAG_SK_BPF_STORAGES: one nest per map. */
export const SK_DIAG_BPF_STORAGE_REP = attrs('SK_DIAG_BPF_STORAGE_REP', [
  [1, 'SK_DIAG_BPF_STORAGE', SK_DIAG_BPF_STORAGE_ATTR, { multi: true, nested: true }],
]);

// NETLINK_XFRM (linux/xfrm.h): IPsec security associations and policies. Every XFRM_MSG_*
// message with its fixed struct, the XFRMA_* attributes, the SAD/SPD info sets and the
// XFRMNLGRP_* groups. Numbers after the installed 6.1 header (XFRMA_SA_DIR ...) are marked.
import {
  attrs, enumOf, enumSeq, flagsOf, msg, protocol, select, struct, structs,
  type BodySelector, type ProtocolDecl, type SelectCtx, type StructDecl,
} from '../src/codec/schema.js';
import { AF, IPPROTO } from './netlink.js';
import { protocolNames, registerProtocol } from './registry.js';

// ---------------------------------------------------------------- constants

export const XFRM_MODE = enumOf('XFRM_MODE', {
  XFRM_MODE_TRANSPORT: 0,
  XFRM_MODE_TUNNEL: 1,
  XFRM_MODE_ROUTEOPTIMIZATION: 2,
  XFRM_MODE_IN_TRIGGER: 3,
  XFRM_MODE_BEET: 4,
  XFRM_MODE_IPTFS: 5, // 6.14
});

export const XFRM_SHARE = enumSeq('XFRM_SHARE', ['XFRM_SHARE_ANY', 'XFRM_SHARE_SESSION', 'XFRM_SHARE_USER', 'XFRM_SHARE_UNIQUE']);

/** Policy direction (the kernel adds XFRM_POLICY_MAX for per-socket policies: 3, 4, 5). */
export const XFRM_POLICY_DIR = enumOf('XFRM_POLICY', { XFRM_POLICY_IN: 0, XFRM_POLICY_OUT: 1, XFRM_POLICY_FWD: 2 });
export const XFRM_POLICY_ACTION = enumOf('XFRM_POLICY', { XFRM_POLICY_ALLOW: 0, XFRM_POLICY_BLOCK: 1 });
export const XFRM_POLICY_FLAGS = flagsOf('XFRM_POLICY', { XFRM_POLICY_LOCALOK: 1, XFRM_POLICY_ICMP: 2 });
export const XFRM_POLICY_TYPE = enumOf('XFRM_POLICY_TYPE', { XFRM_POLICY_TYPE_MAIN: 0, XFRM_POLICY_TYPE_SUB: 1, XFRM_POLICY_TYPE_ANY: 255 });

/** xfrm_usersa_info.flags */
export const XFRM_STATE = flagsOf('XFRM_STATE', {
  XFRM_STATE_NOECN: 1, XFRM_STATE_DECAP_DSCP: 2, XFRM_STATE_NOPMTUDISC: 4, XFRM_STATE_WILDRECV: 8,
  XFRM_STATE_ICMP: 16, XFRM_STATE_AF_UNSPEC: 32, XFRM_STATE_ALIGN4: 64, XFRM_STATE_ESN: 128,
});

/** XFRMA_SA_EXTRA_FLAGS */
export const XFRM_SA_XFLAG = flagsOf('XFRM_SA_XFLAG', { XFRM_SA_XFLAG_DONT_ENCAP_DSCP: 1, XFRM_SA_XFLAG_OSEQ_MAY_WRAP: 2 });

/** enum xfrm_ae_ftype_t: xfrm_aevent_id.flags */
export const XFRM_AE = flagsOf('XFRM_AE', {
  XFRM_AE_RTHR: 1, XFRM_AE_RVAL: 2, XFRM_AE_LVAL: 4, XFRM_AE_ETHR: 8, XFRM_AE_CR: 16, XFRM_AE_CE: 32, XFRM_AE_CU: 64,
});

export const XFRM_OFFLOAD = flagsOf('XFRM_OFFLOAD', { XFRM_OFFLOAD_IPV6: 1, XFRM_OFFLOAD_INBOUND: 2, XFRM_OFFLOAD_PACKET: 4 });

export const XFRM_USERPOLICY = enumOf('XFRM_USERPOLICY', { XFRM_USERPOLICY_UNSPEC: 0, XFRM_USERPOLICY_BLOCK: 1, XFRM_USERPOLICY_ACCEPT: 2 });

export const XFRM_SC_DOI = enumOf('XFRM_SC_DOI', { XFRM_SC_DOI_RESERVED: 0, XFRM_SC_DOI_LSM: 1 });
export const XFRM_SC_ALG = enumOf('XFRM_SC_ALG', { XFRM_SC_ALG_RESERVED: 0, XFRM_SC_ALG_SELINUX: 1 });

/** XFRMA_SA_DIR (6.10) */
export const XFRM_SA_DIR = enumOf('XFRM_SA_DIR', { XFRM_SA_DIR_IN: 1, XFRM_SA_DIR_OUT: 2 });

/** enum xfrm_nlgroups */
export const XFRMNLGRP = enumSeq('XFRMNLGRP', [
  'XFRMNLGRP_NONE', 'XFRMNLGRP_ACQUIRE', 'XFRMNLGRP_EXPIRE', 'XFRMNLGRP_SA', 'XFRMNLGRP_POLICY',
  'XFRMNLGRP_AEVENTS', 'XFRMNLGRP_REPORT', 'XFRMNLGRP_MIGRATE', 'XFRMNLGRP_MAPPING',
]);

// ---------------------------------------------------------------- structs
// xfrm_address_t is a union (__be32 a4 / __be32 a6[4]): 'inaddr' fields shown by the family
// field they name. Several structs put that family after the address (xfrm_selector): those
// addresses stay hex until the engine reads a later family field first.

export const xfrm_id: StructDecl = struct('xfrm_id', [
  ['daddr', 'inaddr', { family: 'family' }],
  ['spi', 'be32'],
  ['proto', 'u8', IPPROTO],
], { size: 24, header: 'linux/xfrm.h' });

export const xfrm_selector: StructDecl = struct('xfrm_selector', [
  ['daddr', 'inaddr', { family: 'family' }],
  ['saddr', 'inaddr', { family: 'family' }],
  ['dport', 'be16'],
  ['dport_mask', 'be16'],
  ['sport', 'be16'],
  ['sport_mask', 'be16'],
  ['family', 'u16', AF],
  ['prefixlen_d', 'u8'],
  ['prefixlen_s', 'u8'],
  ['proto', 'u8', IPPROTO],
  ['__pad', 'bytes', { size: 3, hole: true }], // before ifindex
  ['ifindex', 's32'],
  ['user', 'u32'],
], { header: 'linux/xfrm.h' });

/** Limits; XFRM_INF (2^64 - 1) is "no limit". */
export const xfrm_lifetime_cfg: StructDecl = struct('xfrm_lifetime_cfg', [
  ['soft_byte_limit', 'u64'],
  ['hard_byte_limit', 'u64'],
  ['soft_packet_limit', 'u64'],
  ['hard_packet_limit', 'u64'],
  ['soft_add_expires_seconds', 'u64'],
  ['hard_add_expires_seconds', 'u64'],
  ['soft_use_expires_seconds', 'u64'],
  ['hard_use_expires_seconds', 'u64'],
], { header: 'linux/xfrm.h' });

export const xfrm_lifetime_cur: StructDecl = struct('xfrm_lifetime_cur', [
  ['bytes', 'u64'],
  ['packets', 'u64'],
  ['add_time', 'u64'],
  ['use_time', 'u64'],
], { header: 'linux/xfrm.h' });

export const xfrm_replay_state: StructDecl = struct('xfrm_replay_state', [
  ['oseq', 'u32'],
  ['seq', 'u32'],
  ['bitmap', 'u32'],
], { header: 'linux/xfrm.h' });

export const xfrm_replay_state_esn: StructDecl = struct('xfrm_replay_state_esn', [
  ['bmp_len', 'u32'],
  ['oseq', 'u32'],
  ['seq', 'u32'],
  ['oseq_hi', 'u32'],
  ['seq_hi', 'u32'],
  ['replay_window', 'u32'],
  ['bmp', 'u32', { rest: true }],
], { header: 'linux/xfrm.h' });

/** Algorithms: the name the crypto API knows, the key length in bits, the key bytes. */
export const xfrm_algo: StructDecl = struct('xfrm_algo', [
  ['alg_name', 'string', { size: 64 }],
  ['alg_key_len', 'u32'],
  ['alg_key', 'bytes', { size: 1, rest: true }],
], { header: 'linux/xfrm.h' });

export const xfrm_algo_auth: StructDecl = struct('xfrm_algo_auth', [
  ['alg_name', 'string', { size: 64 }],
  ['alg_key_len', 'u32'],
  ['alg_trunc_len', 'u32'],
  ['alg_key', 'bytes', { size: 1, rest: true }],
], { header: 'linux/xfrm.h' });

export const xfrm_algo_aead: StructDecl = struct('xfrm_algo_aead', [
  ['alg_name', 'string', { size: 64 }],
  ['alg_key_len', 'u32'],
  ['alg_icv_len', 'u32'],
  ['alg_key', 'bytes', { size: 1, rest: true }],
], { header: 'linux/xfrm.h' });

export const xfrm_stats: StructDecl = struct('xfrm_stats', [
  ['replay_window', 'u32'],
  ['replay', 'u32'],
  ['integrity_failed', 'u32'],
], { header: 'linux/xfrm.h' });

/** XFRMA_SEC_CTX: this header, then ctx_len bytes of context text (kept in `@tail`). */
export const xfrm_user_sec_ctx: StructDecl = struct('xfrm_user_sec_ctx', [
  ['len', 'u16'],
  ['exttype', 'u16'],
  ['ctx_alg', 'u8', XFRM_SC_ALG],
  ['ctx_doi', 'u8', XFRM_SC_DOI],
  ['ctx_len', 'u16'],
], { header: 'linux/xfrm.h' });

export const xfrm_user_tmpl: StructDecl = struct('xfrm_user_tmpl', [
  ['id', xfrm_id],
  ['family', 'u16', AF],
  ['__pad1', 'bytes', { size: 2, hole: true }], // before saddr
  ['saddr', 'inaddr', { family: 'family' }],
  ['reqid', 'u32'],
  ['mode', 'u8', XFRM_MODE],
  ['share', 'u8', XFRM_SHARE],
  ['optional', 'u8'],
  ['__pad2', 'bytes', { size: 1, hole: true }], // before aalgos
  ['aalgos', 'u32'],
  ['ealgos', 'u32'],
  ['calgos', 'u32'],
], { header: 'linux/xfrm.h' });

/** UDP encapsulation (NAT traversal); encap_oa is of the SA's family. */
export const xfrm_encap_tmpl: StructDecl = struct('xfrm_encap_tmpl', [
  ['encap_type', 'u16'], // UDP_ENCAP_ESPINUDP (2) ...
  ['encap_sport', 'be16'],
  ['encap_dport', 'be16'],
  ['__pad', 'bytes', { size: 2, hole: true }], // before encap_oa
  ['encap_oa', 'inaddr', { family: 'family' }],
], { header: 'linux/xfrm.h' });

export const xfrm_userpolicy_type: StructDecl = struct('xfrm_userpolicy_type', [
  ['type', 'u8', XFRM_POLICY_TYPE],
  ['__pad', 'bytes', { size: 1, hole: true }], // before reserved1
  ['reserved1', 'u16'],
  ['reserved2', 'u8'],
], { size: 6, header: 'linux/xfrm.h' });

export const xfrm_mark: StructDecl = struct('xfrm_mark', [['v', 'u32'], ['m', 'u32']], { header: 'linux/xfrm.h' });

export const xfrmu_sadhinfo: StructDecl = struct('xfrmu_sadhinfo', [['sadhcnt', 'u32'], ['sadhmcnt', 'u32']], { header: 'linux/xfrm.h' });

export const xfrmu_spdinfo: StructDecl = struct('xfrmu_spdinfo', [
  ['incnt', 'u32'], ['outcnt', 'u32'], ['fwdcnt', 'u32'], ['inscnt', 'u32'], ['outscnt', 'u32'], ['fwdscnt', 'u32'],
], { header: 'linux/xfrm.h' });

export const xfrmu_spdhinfo: StructDecl = struct('xfrmu_spdhinfo', [['spdhcnt', 'u32'], ['spdhmcnt', 'u32']], { header: 'linux/xfrm.h' });

export const xfrmu_spdhthresh: StructDecl = struct('xfrmu_spdhthresh', [['lbits', 'u8'], ['rbits', 'u8']], { header: 'linux/xfrm.h' });

export const xfrm_usersa_info: StructDecl = struct('xfrm_usersa_info', [
  ['sel', xfrm_selector],
  ['id', xfrm_id],
  ['saddr', 'inaddr', { family: 'family' }],
  ['lft', xfrm_lifetime_cfg],
  ['curlft', xfrm_lifetime_cur],
  ['stats', xfrm_stats],
  ['seq', 'u32'],
  ['reqid', 'u32'],
  ['family', 'u16', AF],
  ['mode', 'u8', XFRM_MODE],
  ['replay_window', 'u8'],
  ['flags', 'u8', XFRM_STATE],
], { size: 224, header: 'linux/xfrm.h' });

export const xfrm_usersa_id: StructDecl = struct('xfrm_usersa_id', [
  ['daddr', 'inaddr', { family: 'family' }],
  ['spi', 'be32'],
  ['family', 'u16', AF],
  ['proto', 'u8', IPPROTO],
], { size: 24, header: 'linux/xfrm.h' });

export const xfrm_aevent_id: StructDecl = struct('xfrm_aevent_id', [
  ['sa_id', xfrm_usersa_id],
  ['saddr', 'inaddr', { family: 'family' }],
  ['flags', 'u32', XFRM_AE],
  ['reqid', 'u32'],
], { header: 'linux/xfrm.h' });

export const xfrm_userspi_info: StructDecl = struct('xfrm_userspi_info', [
  ['info', xfrm_usersa_info],
  ['min', 'u32'],
  ['max', 'u32'],
], { header: 'linux/xfrm.h' });

export const xfrm_userpolicy_info: StructDecl = struct('xfrm_userpolicy_info', [
  ['sel', xfrm_selector],
  ['lft', xfrm_lifetime_cfg],
  ['curlft', xfrm_lifetime_cur],
  ['priority', 'u32'],
  ['index', 'u32'],
  ['dir', 'u8', XFRM_POLICY_DIR],
  ['action', 'u8', XFRM_POLICY_ACTION],
  ['flags', 'u8', XFRM_POLICY_FLAGS],
  ['share', 'u8', XFRM_SHARE],
], { size: 168, header: 'linux/xfrm.h' });

export const xfrm_userpolicy_id: StructDecl = struct('xfrm_userpolicy_id', [
  ['sel', xfrm_selector],
  ['index', 'u32'],
  ['dir', 'u8', XFRM_POLICY_DIR],
], { size: 64, header: 'linux/xfrm.h' });

export const xfrm_user_acquire: StructDecl = struct('xfrm_user_acquire', [
  ['id', xfrm_id],
  ['saddr', 'inaddr', { family: 'family' }],
  ['sel', xfrm_selector],
  ['policy', xfrm_userpolicy_info],
  ['aalgos', 'u32'],
  ['ealgos', 'u32'],
  ['calgos', 'u32'],
  ['seq', 'u32'],
], { header: 'linux/xfrm.h' });

export const xfrm_user_expire: StructDecl = struct('xfrm_user_expire', [
  ['state', xfrm_usersa_info],
  ['hard', 'u8'],
], { size: 232, header: 'linux/xfrm.h' });

export const xfrm_user_polexpire: StructDecl = struct('xfrm_user_polexpire', [
  ['pol', xfrm_userpolicy_info],
  ['hard', 'u8'],
], { size: 176, header: 'linux/xfrm.h' });

export const xfrm_usersa_flush: StructDecl = struct('xfrm_usersa_flush', [['proto', 'u8', IPPROTO]], { header: 'linux/xfrm.h' });

export const xfrm_user_report: StructDecl = struct('xfrm_user_report', [
  ['proto', 'u8', IPPROTO],
  ['__pad', 'bytes', { size: 3, hole: true }], // before sel
  ['sel', xfrm_selector],
], { header: 'linux/xfrm.h' });

export const xfrm_user_kmaddress: StructDecl = struct('xfrm_user_kmaddress', [
  ['local', 'inaddr', { family: 'family' }],
  ['remote', 'inaddr', { family: 'family' }],
  ['reserved', 'u32'],
  ['family', 'u16', AF],
], { size: 40, header: 'linux/xfrm.h' });

export const xfrm_user_migrate: StructDecl = struct('xfrm_user_migrate', [
  ['old_daddr', 'inaddr', { family: 'old_family' }],
  ['old_saddr', 'inaddr', { family: 'old_family' }],
  ['new_daddr', 'inaddr', { family: 'new_family' }],
  ['new_saddr', 'inaddr', { family: 'new_family' }],
  ['proto', 'u8', IPPROTO],
  ['mode', 'u8', XFRM_MODE],
  ['reserved', 'u16'],
  ['reqid', 'u32'],
  ['old_family', 'u16', AF],
  ['new_family', 'u16', AF],
], { header: 'linux/xfrm.h' });

export const xfrm_user_mapping: StructDecl = struct('xfrm_user_mapping', [
  ['id', xfrm_usersa_id],
  ['reqid', 'u32'],
  ['old_saddr', 'inaddr', { family: 'family' }],
  ['new_saddr', 'inaddr', { family: 'family' }],
  ['old_sport', 'be16'],
  ['new_sport', 'be16'],
], { header: 'linux/xfrm.h' });

export const xfrm_address_filter: StructDecl = struct('xfrm_address_filter', [
  ['saddr', 'inaddr', { family: 'family' }],
  ['daddr', 'inaddr', { family: 'family' }],
  ['family', 'u16', AF],
  ['splen', 'u8'],
  ['dplen', 'u8'],
], { header: 'linux/xfrm.h' });

export const xfrm_user_offload: StructDecl = struct('xfrm_user_offload', [
  ['ifindex', 's32'],
  ['flags', 'u8', XFRM_OFFLOAD],
], { size: 8, header: 'linux/xfrm.h' });

export const xfrm_userpolicy_default: StructDecl = struct('xfrm_userpolicy_default', [
  ['in', 'u8', XFRM_USERPOLICY],
  ['fwd', 'u8', XFRM_USERPOLICY],
  ['out', 'u8', XFRM_USERPOLICY],
], { header: 'linux/xfrm.h' });

/** XFRM_MSG_GETSADINFO / GETSPDINFO and their answers start with a u32 of flags (xfrm_user.c:
 *  `u32 *flags = nlmsg_data(nlh)`), no struct of its own. */
export const xfrm_info_flags: StructDecl = struct('xfrm_info_flags', [['flags', 'u32']]);

/** Message bodies holding a policy: nested, because its `index` field would take the place of
 *  the message's own `index` (its position in the packet) in the JSON form. */
export const xfrm_policy_info_body: StructDecl = struct('xfrm_policy_info_body', [['info', xfrm_userpolicy_info]]);
export const xfrm_policy_id_body: StructDecl = struct('xfrm_policy_id_body', [['id', xfrm_userpolicy_id]]);

// ---------------------------------------------------------------- attributes

/** A lone xfrm_address_t attribute (XFRMA_SRCADDR, XFRMA_COADDR): the union member the
 *  message's family selects. */
export const xfrm_address_a4: StructDecl = struct('xfrm_address_a4', [['a4', 'ip4']], { size: 16 });
export const xfrm_address_a6: StructDecl = struct('xfrm_address_a6', [['a6', 'ip6']]);

/** The SA family of the message this attribute belongs to (JSON form). */
function messageFamily(ctx: SelectCtx): unknown {
  let top: SelectCtx = ctx;
  while (top.parent) top = top.parent;
  const b = top.body as Record<string, Record<string, unknown> | undefined>;
  return b.family ?? b.sa_id?.family ?? b.info?.family ?? b.state?.family ?? b.id?.family;
}

const addressAttr = select((ctx) => {
  const fam = messageFamily(ctx);
  return fam === 'AF_INET' ? xfrm_address_a4 : fam === 'AF_INET6' ? xfrm_address_a6 : 'binary';
});

export const XFRMA = attrs('XFRMA', [
  [1, 'XFRMA_ALG_AUTH', xfrm_algo],
  [2, 'XFRMA_ALG_CRYPT', xfrm_algo],
  [3, 'XFRMA_ALG_COMP', xfrm_algo],
  [4, 'XFRMA_ENCAP', xfrm_encap_tmpl],
  [5, 'XFRMA_TMPL', structs(xfrm_user_tmpl)],
  [6, 'XFRMA_SA', xfrm_usersa_info],
  [7, 'XFRMA_POLICY', xfrm_userpolicy_info],
  [8, 'XFRMA_SEC_CTX', xfrm_user_sec_ctx],
  [9, 'XFRMA_LTIME_VAL', xfrm_lifetime_cur],
  [10, 'XFRMA_REPLAY_VAL', xfrm_replay_state],
  [11, 'XFRMA_REPLAY_THRESH', 'u32'],
  [12, 'XFRMA_ETIMER_THRESH', 'u32'],
  [13, 'XFRMA_SRCADDR', addressAttr],
  [14, 'XFRMA_COADDR', addressAttr],
  [15, 'XFRMA_LASTUSED', 'u64'],
  [16, 'XFRMA_POLICY_TYPE', xfrm_userpolicy_type],
  [17, 'XFRMA_MIGRATE', structs(xfrm_user_migrate)],
  [18, 'XFRMA_ALG_AEAD', xfrm_algo_aead],
  [19, 'XFRMA_KMADDRESS', xfrm_user_kmaddress],
  [20, 'XFRMA_ALG_AUTH_TRUNC', xfrm_algo_auth],
  [21, 'XFRMA_MARK', xfrm_mark],
  [22, 'XFRMA_TFCPAD', 'u32'],
  [23, 'XFRMA_REPLAY_ESN_VAL', xfrm_replay_state_esn],
  [24, 'XFRMA_SA_EXTRA_FLAGS', 'u32', XFRM_SA_XFLAG],
  [25, 'XFRMA_PROTO', 'u8', IPPROTO],
  [26, 'XFRMA_ADDRESS_FILTER', xfrm_address_filter],
  [27, 'XFRMA_PAD', 'binary'],
  [28, 'XFRMA_OFFLOAD_DEV', xfrm_user_offload],
  [29, 'XFRMA_SET_MARK', 'u32'], // XFRMA_OUTPUT_MARK
  [30, 'XFRMA_SET_MARK_MASK', 'u32'],
  [31, 'XFRMA_IF_ID', 'u32'],
  [32, 'XFRMA_MTIMER_THRESH', 'u32'],
  // newer than the installed headers
  [33, 'XFRMA_SA_DIR', 'u8', XFRM_SA_DIR], // 6.10
  [34, 'XFRMA_NAT_KEEPALIVE_INTERVAL', 'u32'], // 6.10
  [35, 'XFRMA_SA_PCPU', 'u32'], // 6.13
  [36, 'XFRMA_IPTFS_DROP_TIME', 'u32'], // 6.14: microseconds
  [37, 'XFRMA_IPTFS_REORDER_WINDOW', 'u16'],
  [38, 'XFRMA_IPTFS_DONT_FRAG', 'flag'],
  [39, 'XFRMA_IPTFS_INIT_DELAY', 'u32'],
  [40, 'XFRMA_IPTFS_MAX_QSIZE', 'u32'],
  [41, 'XFRMA_IPTFS_PKT_SIZE', 'u32'],
]);

export const XFRMA_SAD = attrs('XFRMA_SAD', [
  [1, 'XFRMA_SAD_CNT', 'u32'],
  [2, 'XFRMA_SAD_HINFO', xfrmu_sadhinfo],
]);

export const XFRMA_SPD = attrs('XFRMA_SPD', [
  [1, 'XFRMA_SPD_INFO', xfrmu_spdinfo],
  [2, 'XFRMA_SPD_HINFO', xfrmu_spdhinfo],
  [3, 'XFRMA_SPD_IPV4_HTHRESH', xfrmu_spdhthresh],
  [4, 'XFRMA_SPD_IPV6_HTHRESH', xfrmu_spdhthresh],
]);

// ---------------------------------------------------------------- messages

const XFRMA_MAX = 41;

/** Whether [off, off+len) is a chain of XFRMA_* attributes (nothing else). */
function isXfrmAttrChain(bytes: Uint8Array, off: number, len: number): boolean {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = off + len;
  let p = off;
  while (p + 4 <= end) {
    const l = dv.getUint16(p, true);
    const t = dv.getUint16(p + 2, true) & 0x3fff;
    if (l < 4 || p + l > end || t < 1 || t > XFRMA_MAX) return false;
    p += (l + 3) & ~3;
  }
  return p >= end && len > 0;
}

/** Whether a message's JSON form holds the struct: one of its fields, or what is left of one
 *  decoded short (`@tail`, `@len`). */
function hasStruct(json: Readonly<Record<string, unknown>>, st: StructDecl): boolean {
  return st.fields.some((f) => json[f.name] !== undefined) || json['@tail'] !== undefined || json['@len'] !== undefined;
}

/** GETSA / GETPOLICY: one SA or policy by its id, or, as a dump request (NLM_F_DUMP), no struct
 *  at all, only filter attributes (xfrm_dump_sa_start parses them at offset 0). */
function getBody(id: StructDecl): BodySelector {
  return ({ bytes, offset, length, json }) => {
    if (json) return hasStruct(json, id) ? id : undefined;
    if (length === 0 || isXfrmAttrChain(bytes, offset, length)) return undefined;
    return id;
  };
}

export const XFRM_MSG = {
  XFRM_MSG_NEWSA: 0x10, XFRM_MSG_DELSA: 0x11, XFRM_MSG_GETSA: 0x12,
  XFRM_MSG_NEWPOLICY: 0x13, XFRM_MSG_DELPOLICY: 0x14, XFRM_MSG_GETPOLICY: 0x15,
  XFRM_MSG_ALLOCSPI: 0x16, XFRM_MSG_ACQUIRE: 0x17, XFRM_MSG_EXPIRE: 0x18,
  XFRM_MSG_UPDPOLICY: 0x19, XFRM_MSG_UPDSA: 0x1a, XFRM_MSG_POLEXPIRE: 0x1b,
  XFRM_MSG_FLUSHSA: 0x1c, XFRM_MSG_FLUSHPOLICY: 0x1d, XFRM_MSG_NEWAE: 0x1e, XFRM_MSG_GETAE: 0x1f,
  XFRM_MSG_REPORT: 0x20, XFRM_MSG_MIGRATE: 0x21, XFRM_MSG_NEWSADINFO: 0x22, XFRM_MSG_GETSADINFO: 0x23,
  XFRM_MSG_NEWSPDINFO: 0x24, XFRM_MSG_GETSPDINFO: 0x25, XFRM_MSG_MAPPING: 0x26,
  XFRM_MSG_SETDEFAULT: 0x27, XFRM_MSG_GETDEFAULT: 0x28,
} as const;
const M = XFRM_MSG;

export const XFRM: ProtocolDecl = protocol(protocolNames('NETLINK_XFRM'), [
  msg(M.XFRM_MSG_NEWSA, 'XFRM_MSG_NEWSA', 'new', xfrm_usersa_info, XFRMA),
  msg(M.XFRM_MSG_DELSA, 'XFRM_MSG_DELSA', 'del', xfrm_usersa_id, XFRMA),
  msg(M.XFRM_MSG_GETSA, 'XFRM_MSG_GETSA', 'get', getBody(xfrm_usersa_id), XFRMA),
  msg(M.XFRM_MSG_NEWPOLICY, 'XFRM_MSG_NEWPOLICY', 'new', xfrm_policy_info_body, XFRMA),
  msg(M.XFRM_MSG_DELPOLICY, 'XFRM_MSG_DELPOLICY', 'del', xfrm_policy_id_body, XFRMA),
  msg(M.XFRM_MSG_GETPOLICY, 'XFRM_MSG_GETPOLICY', 'get', getBody(xfrm_policy_id_body), XFRMA),
  msg(M.XFRM_MSG_ALLOCSPI, 'XFRM_MSG_ALLOCSPI', 'new', xfrm_userspi_info, XFRMA),
  msg(M.XFRM_MSG_ACQUIRE, 'XFRM_MSG_ACQUIRE', 'other', xfrm_user_acquire, XFRMA),
  msg(M.XFRM_MSG_EXPIRE, 'XFRM_MSG_EXPIRE', 'other', xfrm_user_expire, XFRMA),
  msg(M.XFRM_MSG_UPDPOLICY, 'XFRM_MSG_UPDPOLICY', 'new', xfrm_policy_info_body, XFRMA),
  msg(M.XFRM_MSG_UPDSA, 'XFRM_MSG_UPDSA', 'new', xfrm_usersa_info, XFRMA),
  msg(M.XFRM_MSG_POLEXPIRE, 'XFRM_MSG_POLEXPIRE', 'other', xfrm_user_polexpire, XFRMA),
  msg(M.XFRM_MSG_FLUSHSA, 'XFRM_MSG_FLUSHSA', 'del', xfrm_usersa_flush, XFRMA),
  msg(M.XFRM_MSG_FLUSHPOLICY, 'XFRM_MSG_FLUSHPOLICY', 'del', undefined, XFRMA),
  msg(M.XFRM_MSG_NEWAE, 'XFRM_MSG_NEWAE', 'new', xfrm_aevent_id, XFRMA),
  msg(M.XFRM_MSG_GETAE, 'XFRM_MSG_GETAE', 'get', xfrm_aevent_id, XFRMA),
  msg(M.XFRM_MSG_REPORT, 'XFRM_MSG_REPORT', 'other', xfrm_user_report, XFRMA),
  msg(M.XFRM_MSG_MIGRATE, 'XFRM_MSG_MIGRATE', 'other', xfrm_policy_id_body, XFRMA),
  msg(M.XFRM_MSG_NEWSADINFO, 'XFRM_MSG_NEWSADINFO', 'new', xfrm_info_flags, XFRMA_SAD),
  msg(M.XFRM_MSG_GETSADINFO, 'XFRM_MSG_GETSADINFO', 'get', xfrm_info_flags, XFRMA_SAD),
  msg(M.XFRM_MSG_NEWSPDINFO, 'XFRM_MSG_NEWSPDINFO', 'new', xfrm_info_flags, XFRMA_SPD),
  msg(M.XFRM_MSG_GETSPDINFO, 'XFRM_MSG_GETSPDINFO', 'get', xfrm_info_flags, XFRMA_SPD),
  msg(M.XFRM_MSG_MAPPING, 'XFRM_MSG_MAPPING', 'other', xfrm_user_mapping, XFRMA),
  msg(M.XFRM_MSG_SETDEFAULT, 'XFRM_MSG_SETDEFAULT', 'set', xfrm_userpolicy_default, XFRMA),
  msg(M.XFRM_MSG_GETDEFAULT, 'XFRM_MSG_GETDEFAULT', 'get', xfrm_userpolicy_default, XFRMA),
], XFRMNLGRP);

registerProtocol(XFRM); // decodes by this protocol's number once this module is loaded

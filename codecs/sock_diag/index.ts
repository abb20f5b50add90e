// NETLINK_SOCK_DIAG: socket monitoring (linux/sock_diag.h and the per-family *_diag.h headers).
import { msg, protocol, type AttrSet, type BodySelector, type Direction, type ProtocolDecl, type SelectCtx, type StructDecl } from '../../src/codec/schema.js';
import { DCCPDIAG_GETSOCK, SKNLGRP, SOCK_DESTROY, SOCK_DIAG_BY_FAMILY, TCPDIAG_GETSOCK } from './common.js';
import { INET_DIAG, INET_DIAG_REQ, inet_diag_msg, inet_diag_req, inet_diag_req_raw, inet_diag_req_v2 } from './inet.js';
import { NETLINK_DIAG, netlink_diag_msg, netlink_diag_req } from './netlink.js';
import { SMC_DIAG, XDP_DIAG, smc_diag_msg, smc_diag_req, tipc_sock_diag_req, vsock_diag_msg, vsock_diag_req, xdp_diag_msg, xdp_diag_req } from './other.js';
import { PACKET_DIAG, packet_diag_msg, packet_diag_req } from './packet.js';
import { UNIX_DIAG, unix_diag_msg, unix_diag_req } from './unix.js';
import { protocolNames, registerProtocol } from '../registry.js';

export * from './common.js';
export * from './inet.js';
export * from './tcp.js';
export * from './unix.js';
export * from './netlink.js';
export * from './packet.js';
export * from './other.js';

/** Fixed header of each family by direction, keyed by the AF number in the first byte. */
const BODY_TABLE: Record<number, Partial<Record<Direction, StructDecl>>> = {
  1: { 'to-kernel': unix_diag_req, 'to-user': unix_diag_msg }, // AF_UNIX
  2: { 'to-kernel': inet_diag_req_v2, 'to-user': inet_diag_msg }, // AF_INET
  10: { 'to-kernel': inet_diag_req_v2, 'to-user': inet_diag_msg }, // AF_INET6
  16: { 'to-kernel': netlink_diag_req, 'to-user': netlink_diag_msg }, // AF_NETLINK
  17: { 'to-kernel': packet_diag_req, 'to-user': packet_diag_msg }, // AF_PACKET
  30: { 'to-kernel': tipc_sock_diag_req }, // AF_TIPC: answers are TIPC netlink attributes
  40: { 'to-kernel': vsock_diag_req, 'to-user': vsock_diag_msg }, // AF_VSOCK
  43: { 'to-kernel': smc_diag_req, 'to-user': smc_diag_msg }, // AF_SMC
  44: { 'to-kernel': xdp_diag_req, 'to-user': xdp_diag_msg }, // AF_XDP
};

/** BODY_TABLE as arrays indexed by the AF number (an element load per message, not keyed lookups). */
const byAf = (direction: Direction) => Array.from({ length: 256 }, (_, af) => BODY_TABLE[af]?.[direction]);
const REQUESTS = byAf('to-kernel');
const ANSWERS = byAf('to-user');

const IPPROTO_RAW = 255;

/** SOCK_DIAG_BY_FAMILY: every request and answer starts with the address family byte.
 *  AF_INET/AF_INET6 requests for IPPROTO_RAW use struct inet_diag_req_raw (same layout, pad named). */
export const sockDiagBody: BodySelector = ({ direction, bytes, offset, length }) => {
  if (length < 1) return undefined;
  const fam = bytes[offset]!;
  if (direction === 'to-kernel' && (fam === 2 || fam === 10) && length >= 2 && bytes[offset + 1] === IPPROTO_RAW) return inet_diag_req_raw;
  return direction === 'to-user' ? ANSWERS[fam] : direction === 'to-kernel' ? REQUESTS[fam] : undefined;
};

/** Attribute sets after the fixed header (requests of the other families carry none). */
const ATTRS: Record<string, Partial<Record<Direction, AttrSet>>> = {
  AF_INET: { 'to-kernel': INET_DIAG_REQ, 'to-user': INET_DIAG },
  AF_INET6: { 'to-kernel': INET_DIAG_REQ, 'to-user': INET_DIAG },
  AF_UNIX: { 'to-user': UNIX_DIAG },
  AF_NETLINK: { 'to-user': NETLINK_DIAG },
  AF_PACKET: { 'to-user': PACKET_DIAG },
  AF_SMC: { 'to-user': SMC_DIAG },
  AF_XDP: { 'to-user': XDP_DIAG },
};

/** Name of the family field in each body (JSON form: AF enum names). */
const FAMILY_FIELDS = ['sdiag_family', 'idiag_family', 'udiag_family', 'ndiag_family', 'pdiag_family', 'vdiag_family', 'xdiag_family', 'diag_family'];

export function sockDiagAttrs(ctx: SelectCtx): AttrSet | undefined {
  // inet_diag_msg read by name first: a dump has one per socket (a keyed `in` per name costs)
  let fam = ctx.body.idiag_family;
  if (fam === undefined) {
    const field = FAMILY_FIELDS.find((f) => f in ctx.body);
    fam = field === undefined ? undefined : ctx.body[field];
  }
  // inet first, the usual answer: compared, not looked up in ATTRS by two keys (that lookup
  // measured 10% of the whole socket decode loop)
  if (fam === 'AF_INET' || fam === 'AF_INET6') return ctx.direction === 'to-user' ? INET_DIAG : ctx.direction === 'to-kernel' ? INET_DIAG_REQ : undefined;
  return typeof fam === 'string' ? ATTRS[fam]?.[ctx.direction] : undefined;
}

/** Legacy TCPDIAG_GETSOCK / DCCPDIAG_GETSOCK: struct inet_diag_req asks, inet_diag_msg answers. */
const legacyBody: BodySelector = ({ direction }) => (direction === 'to-kernel' ? inet_diag_req : inet_diag_msg);
const legacyAttrs = (ctx: SelectCtx): AttrSet => (ctx.direction === 'to-kernel' ? INET_DIAG_REQ : INET_DIAG);

export const SOCK_DIAG: ProtocolDecl = protocol(protocolNames('NETLINK_SOCK_DIAG'), [
  msg(TCPDIAG_GETSOCK, 'TCPDIAG_GETSOCK', 'get', legacyBody, legacyAttrs),
  msg(DCCPDIAG_GETSOCK, 'DCCPDIAG_GETSOCK', 'get', legacyBody, legacyAttrs),
  msg(SOCK_DIAG_BY_FAMILY, 'SOCK_DIAG_BY_FAMILY', 'get', sockDiagBody, sockDiagAttrs),
  msg(SOCK_DESTROY, 'SOCK_DESTROY', 'del', inet_diag_req_v2, INET_DIAG_REQ),
], SKNLGRP);

registerProtocol(SOCK_DIAG); // decodes by this protocol's number once this module is loaded

// NETLINK_NETFILTER (nfnetlink): every message is struct nfgenmsg + attributes, typed
// (subsystem << 8) | message (NFNL_SUBSYS_ID / NFNL_MSG_TYPE, linux/netfilter/nfnetlink.h).
// The message table below is derived from each subsystem's message enum: the kind of request
// (NLM_F_ names) from the verb in the kernel's name, the attribute set from the subsystem.
import { msg, protocol, type AttrSet, type EnumDecl, type MessageDecl, type ProtocolDecl, type StructDecl } from '../../src/codec/schema.js';
import {
  NFNL_BATCH, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, NFNL_SUBSYS, NFNLGRP, nfgenmsg, nfgenmsgBatch, nfgenmsgNfproto,
} from './common.js';
import { CTA, CTA_EXPECT, CTA_STATS, CTA_STATS_EXP, CTA_STATS_GLOBAL, IPCTNL_MSG_CT, IPCTNL_MSG_EXP } from './conntrack.js';
import { CTA_TIMEOUT, IPCTNL_MSG_TIMEOUT, NFCTH, NFNL_MSG_CTHELPER } from './ctextras.js';
import { ipsetAttrs, IPSET_CMD, NFACCT, NFNL_MSG_ACCT, NFNL_MSG_COMPAT, NFNL_MSG_HOOK, NFNLA_HOOK, NFTA_COMPAT, OSF_ATTR, OSF_MSG } from './misc.js';
import {
  NFT_MSG, NFTA_CHAIN, NFTA_FLOWTABLE, NFTA_GEN, NFTA_OBJ, NFTA_RULE, NFTA_SET, NFTA_SET_ELEM_LIST, NFTA_TABLE, NFTA_TRACE,
} from './nftables.js';
import { NFQA, NFQA_CFG, NFQNL_MSG, NFULA, NFULA_CFG, NFULNL_MSG } from './queue-log.js';
import { protocolNames, registerProtocol } from '../registry.js';

export * from './common.js';
export * from './conntrack.js';
export * from './ctextras.js';
export * from './nft-expr.js';
export * from './nftables.js';
export * from './queue-log.js';
export * from './misc.js';

/** nf_tables: the object a message is about, from its name (NFT_MSG_NEWCHAIN -> CHAIN). */
const NFT_OBJECTS: ReadonlyMap<string, AttrSet> = new Map([
  ['TABLE', NFTA_TABLE],
  ['CHAIN', NFTA_CHAIN],
  ['RULE', NFTA_RULE],
  ['SET', NFTA_SET],
  ['SETELEM', NFTA_SET_ELEM_LIST],
  ['GEN', NFTA_GEN],
  ['TRACE', NFTA_TRACE],
  ['OBJ', NFTA_OBJ],
  ['FLOWTABLE', NFTA_FLOWTABLE],
]);

const nftObject = (name: string) => NFT_OBJECTS.get(name.replace(/^NFT_MSG_(NEW|GET|DEL|DESTROY)?/, '').replace(/_RESET$/, ''));

interface Subsystem {
  readonly id: string; // NFNL_SUBSYS_* name
  readonly messages: EnumDecl;
  readonly body: StructDecl;
  readonly attrs: (name: string) => AttrSet | undefined;
}

const SUBSYSTEMS: readonly Subsystem[] = [
  {
    id: 'NFNL_SUBSYS_CTNETLINK', messages: IPCTNL_MSG_CT, body: nfgenmsg,
    attrs: (n) => (n === 'IPCTNL_MSG_CT_GET_STATS_CPU' ? CTA_STATS : n === 'IPCTNL_MSG_CT_GET_STATS' ? CTA_STATS_GLOBAL : CTA),
  },
  { id: 'NFNL_SUBSYS_CTNETLINK_EXP', messages: IPCTNL_MSG_EXP, body: nfgenmsg, attrs: (n) => (n === 'IPCTNL_MSG_EXP_GET_STATS_CPU' ? CTA_STATS_EXP : CTA_EXPECT) },
  { id: 'NFNL_SUBSYS_QUEUE', messages: NFQNL_MSG, body: nfgenmsg, attrs: (n) => (n === 'NFQNL_MSG_CONFIG' ? NFQA_CFG : NFQA) },
  { id: 'NFNL_SUBSYS_ULOG', messages: NFULNL_MSG, body: nfgenmsg, attrs: (n) => (n === 'NFULNL_MSG_CONFIG' ? NFULA_CFG : NFULA) },
  { id: 'NFNL_SUBSYS_OSF', messages: OSF_MSG, body: nfgenmsg, attrs: () => OSF_ATTR },
  { id: 'NFNL_SUBSYS_IPSET', messages: IPSET_CMD, body: nfgenmsgNfproto, attrs: ipsetAttrs },
  { id: 'NFNL_SUBSYS_ACCT', messages: NFNL_MSG_ACCT, body: nfgenmsg, attrs: () => NFACCT },
  { id: 'NFNL_SUBSYS_CTNETLINK_TIMEOUT', messages: IPCTNL_MSG_TIMEOUT, body: nfgenmsg, attrs: () => CTA_TIMEOUT },
  { id: 'NFNL_SUBSYS_CTHELPER', messages: NFNL_MSG_CTHELPER, body: nfgenmsg, attrs: () => NFCTH },
  { id: 'NFNL_SUBSYS_NFTABLES', messages: NFT_MSG, body: nfgenmsgNfproto, attrs: nftObject },
  { id: 'NFNL_SUBSYS_NFT_COMPAT', messages: NFNL_MSG_COMPAT, body: nfgenmsgNfproto, attrs: () => NFTA_COMPAT },
  { id: 'NFNL_SUBSYS_HOOK', messages: NFNL_MSG_HOOK, body: nfgenmsgNfproto, attrs: () => NFNLA_HOOK },
];

/** The kind of request, from the verb in the kernel's name: selects the names of NLM_F bits 8..11
 *  (nft sends NEWRULE with NLM_F_CREATE | NLM_F_APPEND, dumps GET* with NLM_F_DUMP). */
export function opOf(name: string): MessageDecl['op'] {
  const verb = /_(NEW|ADD|CREATE|GET|LIST|SAVE|DESTROY|DELETE|DEL)/.exec(name)?.[1];
  switch (verb) {
    case 'NEW': case 'ADD': case 'CREATE': return 'new';
    case 'GET': case 'LIST': case 'SAVE': return 'get';
    case 'DEL': case 'DELETE': case 'DESTROY': return 'del';
    default: return 'other';
  }
}

function subsystemMessages(s: Subsystem): MessageDecl[] {
  const subsys = NFNL_SUBSYS.byName.get(s.id)!;
  return [...s.messages.byValue].filter(([, name]) => name !== 'IPSET_CMD_NONE')
    .map(([n, name]) => msg((subsys << 8) | n, name, opOf(name), s.body, s.attrs(name)));
}

export const NETFILTER_MESSAGES: readonly MessageDecl[] = [
  msg(NFNL_MSG_BATCH_BEGIN, 'NFNL_MSG_BATCH_BEGIN', 'other', nfgenmsgBatch, NFNL_BATCH),
  msg(NFNL_MSG_BATCH_END, 'NFNL_MSG_BATCH_END', 'other', nfgenmsgBatch, NFNL_BATCH),
  ...SUBSYSTEMS.flatMap(subsystemMessages),
];

export const NETFILTER: ProtocolDecl = protocol(protocolNames('NETLINK_NETFILTER'), NETFILTER_MESSAGES, NFNLGRP);

registerProtocol(NETFILTER); // decodes by this protocol's number once this module is loaded

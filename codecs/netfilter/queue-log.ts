// Packets handed to user space: NFQUEUE (linux/netfilter/nfnetlink_queue.h, NFNL_SUBSYS_QUEUE)
// and NFLOG (nfnetlink_log.h, NFNL_SUBSYS_ULOG). Both carry the packet, its metadata and
// optionally its conntrack entry (CTA_*).
import { attrs, enumSeq, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { ARPHRD } from '../route/link.js';
import { ETH_P } from '../route/tc/base.js';
import { AF } from '../netlink.js';
import { IP_CT_INFO, NF_VERDICT } from './common.js';
import { CTA, CTA_EXPECT } from './conntrack.js';

export const NFQNL_MSG = enumSeq('nfqnl_msg_types', [
  'NFQNL_MSG_PACKET',
  'NFQNL_MSG_VERDICT',
  'NFQNL_MSG_CONFIG',
  'NFQNL_MSG_VERDICT_BATCH',
]);

export const nfqnl_msg_packet_hdr: StructDecl = struct('nfqnl_msg_packet_hdr', [
  ['packet_id', 'be32'],
  ['hw_protocol', 'be16', ETH_P],
  ['hook', 'u8'],
], { header: 'linux/netfilter/nfnetlink_queue.h' }); // packed: 7 bytes

export const nfqnl_msg_packet_hw: StructDecl = struct('nfqnl_msg_packet_hw', [
  ['hw_addrlen', 'be16'],
  ['_pad', 'u16'],
  ['hw_addr', 'bytes', { size: 8 }],
], { header: 'linux/netfilter/nfnetlink_queue.h' });

export const nfqnl_msg_packet_timestamp: StructDecl = struct('nfqnl_msg_packet_timestamp', [
  ['sec', 'be64'],
  ['usec', 'be64'],
], { header: 'linux/netfilter/nfnetlink_queue.h' });

export const nfqnl_msg_verdict_hdr: StructDecl = struct('nfqnl_msg_verdict_hdr', [
  ['verdict', 'be32', NF_VERDICT], // NF_QUEUE carries the next queue number in the high 16 bits
  ['id', 'be32'],
], { header: 'linux/netfilter/nfnetlink_queue.h' });

export const NFQA_VLAN = attrs('NFQA_VLAN', [
  [1, 'NFQA_VLAN_PROTO', 'be16', ETH_P],
  [2, 'NFQA_VLAN_TCI', 'be16'],
]);

/** NFQA_SKB_* bits of NFQA_SKB_INFO. */
export const NFQA_SKB = flagsOf('NFQA_SKB', {
  NFQA_SKB_CSUMNOTREADY: 1 << 0,
  NFQA_SKB_GSO: 1 << 1,
  NFQA_SKB_CSUM_NOTVERIFIED: 1 << 2,
});

export const NFQA = attrs('NFQA', [
  [1, 'NFQA_PACKET_HDR', nfqnl_msg_packet_hdr],
  [2, 'NFQA_VERDICT_HDR', nfqnl_msg_verdict_hdr],
  [3, 'NFQA_MARK', 'be32'],
  [4, 'NFQA_TIMESTAMP', nfqnl_msg_packet_timestamp],
  [5, 'NFQA_IFINDEX_INDEV', 'be32'],
  [6, 'NFQA_IFINDEX_OUTDEV', 'be32'],
  [7, 'NFQA_IFINDEX_PHYSINDEV', 'be32'],
  [8, 'NFQA_IFINDEX_PHYSOUTDEV', 'be32'],
  [9, 'NFQA_HWADDR', nfqnl_msg_packet_hw],
  [10, 'NFQA_PAYLOAD', 'binary'],
  [11, 'NFQA_CT', CTA],
  [12, 'NFQA_CT_INFO', 'be32', IP_CT_INFO],
  [13, 'NFQA_CAP_LEN', 'be32'],
  [14, 'NFQA_SKB_INFO', 'be32', NFQA_SKB],
  [15, 'NFQA_EXP', CTA_EXPECT],
  [16, 'NFQA_UID', 'be32'],
  [17, 'NFQA_GID', 'be32'],
  [18, 'NFQA_SECCTX', 'string'],
  [19, 'NFQA_VLAN', NFQA_VLAN],
  [20, 'NFQA_L2HDR', 'binary'],
  [21, 'NFQA_PRIORITY', 'be32'],
]);

export const NFQNL_CFG_CMD = enumSeq('nfqnl_msg_config_cmds', [
  'NFQNL_CFG_CMD_NONE',
  'NFQNL_CFG_CMD_BIND',
  'NFQNL_CFG_CMD_UNBIND',
  'NFQNL_CFG_CMD_PF_BIND',
  'NFQNL_CFG_CMD_PF_UNBIND',
]);

export const nfqnl_msg_config_cmd: StructDecl = struct('nfqnl_msg_config_cmd', [
  ['command', 'u8', NFQNL_CFG_CMD],
  ['_pad', 'u8'],
  ['pf', 'be16', AF],
], { header: 'linux/netfilter/nfnetlink_queue.h' });

export const NFQNL_COPY = enumSeq('nfqnl_config_mode', ['NFQNL_COPY_NONE', 'NFQNL_COPY_META', 'NFQNL_COPY_PACKET']);

export const nfqnl_msg_config_params: StructDecl = struct('nfqnl_msg_config_params', [
  ['copy_range', 'be32'],
  ['copy_mode', 'u8', NFQNL_COPY],
], { header: 'linux/netfilter/nfnetlink_queue.h' }); // packed: 5 bytes

export const NFQA_CFG_F = flagsOf('NFQA_CFG_F', {
  NFQA_CFG_F_FAIL_OPEN: 1 << 0,
  NFQA_CFG_F_CONNTRACK: 1 << 1,
  NFQA_CFG_F_GSO: 1 << 2,
  NFQA_CFG_F_UID_GID: 1 << 3,
  NFQA_CFG_F_SECCTX: 1 << 4,
});

export const NFQA_CFG = attrs('NFQA_CFG', [
  [1, 'NFQA_CFG_CMD', nfqnl_msg_config_cmd],
  [2, 'NFQA_CFG_PARAMS', nfqnl_msg_config_params],
  [3, 'NFQA_CFG_QUEUE_MAXLEN', 'be32'],
  [4, 'NFQA_CFG_MASK', 'be32', NFQA_CFG_F],
  [5, 'NFQA_CFG_FLAGS', 'be32', NFQA_CFG_F],
]);

export const NFULNL_MSG = enumSeq('nfulnl_msg_types', ['NFULNL_MSG_PACKET', 'NFULNL_MSG_CONFIG']);

export const nfulnl_msg_packet_hdr: StructDecl = struct('nfulnl_msg_packet_hdr', [
  ['hw_protocol', 'be16', ETH_P],
  ['hook', 'u8'],
  ['_pad', 'u8'],
], { header: 'linux/netfilter/nfnetlink_log.h' });

export const nfulnl_msg_packet_hw: StructDecl = struct('nfulnl_msg_packet_hw', [
  ['hw_addrlen', 'be16'],
  ['_pad', 'u16'],
  ['hw_addr', 'bytes', { size: 8 }],
], { header: 'linux/netfilter/nfnetlink_log.h' });

export const nfulnl_msg_packet_timestamp: StructDecl = struct('nfulnl_msg_packet_timestamp', [
  ['sec', 'be64'],
  ['usec', 'be64'],
], { header: 'linux/netfilter/nfnetlink_log.h' });

export const NFULA_VLAN = attrs('NFULA_VLAN', [
  [1, 'NFULA_VLAN_PROTO', 'be16', ETH_P],
  [2, 'NFULA_VLAN_TCI', 'be16'],
]);

export const NFULA = attrs('NFULA', [
  [1, 'NFULA_PACKET_HDR', nfulnl_msg_packet_hdr],
  [2, 'NFULA_MARK', 'be32'],
  [3, 'NFULA_TIMESTAMP', nfulnl_msg_packet_timestamp],
  [4, 'NFULA_IFINDEX_INDEV', 'be32'],
  [5, 'NFULA_IFINDEX_OUTDEV', 'be32'],
  [6, 'NFULA_IFINDEX_PHYSINDEV', 'be32'],
  [7, 'NFULA_IFINDEX_PHYSOUTDEV', 'be32'],
  [8, 'NFULA_HWADDR', nfulnl_msg_packet_hw],
  [9, 'NFULA_PAYLOAD', 'binary'],
  [10, 'NFULA_PREFIX', 'string'],
  [11, 'NFULA_UID', 'be32'],
  [12, 'NFULA_SEQ', 'be32'],
  [13, 'NFULA_SEQ_GLOBAL', 'be32'],
  [14, 'NFULA_GID', 'be32'],
  [15, 'NFULA_HWTYPE', 'be16', ARPHRD],
  [16, 'NFULA_HWHEADER', 'binary'],
  [17, 'NFULA_HWLEN', 'be16'],
  [18, 'NFULA_CT', CTA],
  [19, 'NFULA_CT_INFO', 'be32', IP_CT_INFO],
  [20, 'NFULA_VLAN', NFULA_VLAN],
  [21, 'NFULA_L2HDR', 'binary'],
]);

export const NFULNL_CFG_CMD = enumSeq('nfulnl_msg_config_cmds', [
  'NFULNL_CFG_CMD_NONE',
  'NFULNL_CFG_CMD_BIND',
  'NFULNL_CFG_CMD_UNBIND',
  'NFULNL_CFG_CMD_PF_BIND',
  'NFULNL_CFG_CMD_PF_UNBIND',
]);

export const nfulnl_msg_config_cmd: StructDecl = struct('nfulnl_msg_config_cmd', [
  ['command', 'u8', NFULNL_CFG_CMD],
], { header: 'linux/netfilter/nfnetlink_log.h' });

export const NFULNL_COPY = enumSeq('NFULNL_COPY', ['NFULNL_COPY_NONE', 'NFULNL_COPY_META', 'NFULNL_COPY_PACKET']);

export const nfulnl_msg_config_mode: StructDecl = struct('nfulnl_msg_config_mode', [
  ['copy_range', 'be32'],
  ['copy_mode', 'u8', NFULNL_COPY],
  ['_pad', 'u8'],
], { header: 'linux/netfilter/nfnetlink_log.h' }); // packed: 6 bytes

export const NFULNL_CFG_F = flagsOf('NFULNL_CFG_F', {
  NFULNL_CFG_F_SEQ: 0x0001,
  NFULNL_CFG_F_SEQ_GLOBAL: 0x0002,
  NFULNL_CFG_F_CONNTRACK: 0x0004,
});

export const NFULA_CFG = attrs('NFULA_CFG', [
  [1, 'NFULA_CFG_CMD', nfulnl_msg_config_cmd],
  [2, 'NFULA_CFG_MODE', nfulnl_msg_config_mode],
  [3, 'NFULA_CFG_NLBUFSIZ', 'be32'],
  [4, 'NFULA_CFG_TIMEOUT', 'be32'], // 1/100 s
  [5, 'NFULA_CFG_QTHRESH', 'be32'],
  [6, 'NFULA_CFG_FLAGS', 'be16', NFULNL_CFG_F],
]);

// Policy routing rules (linux/fib_rules.h): RTM_NEWRULE / DELRULE / GETRULE.
import { attrs, enumSeq, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { IPPROTO, RTNL_FAMILY, RTPROT, RT_TABLE } from './route.js';

/** fib_rule_hdr.flags */
export const FIB_RULE = flagsOf('FIB_RULE', {
  FIB_RULE_PERMANENT: 0x00000001,
  FIB_RULE_INVERT: 0x00000002,
  FIB_RULE_UNRESOLVED: 0x00000004,
  FIB_RULE_IIF_DETACHED: 0x00000008, // FIB_RULE_DEV_DETACHED is the same bit
  FIB_RULE_OIF_DETACHED: 0x00000010,
  FIB_RULE_FIND_SADDR: 0x00010000,
});

/** fib_rule_hdr.action */
export const FR_ACT = enumSeq('FR_ACT', [
  'FR_ACT_UNSPEC',
  'FR_ACT_TO_TBL',
  'FR_ACT_GOTO',
  'FR_ACT_NOP',
  'FR_ACT_RES3',
  'FR_ACT_RES4',
  'FR_ACT_BLACKHOLE',
  'FR_ACT_UNREACHABLE',
  'FR_ACT_PROHIBIT',
]);

export const fib_rule_hdr: StructDecl = struct('fib_rule_hdr', [
  ['family', 'u8', RTNL_FAMILY],
  ['dst_len', 'u8'],
  ['src_len', 'u8'],
  ['tos', 'u8'],
  ['table', 'u8', RT_TABLE],
  ['res1', 'u8'],
  ['res2', 'u8'],
  ['action', 'u8', FR_ACT],
  ['flags', 'u32', FIB_RULE],
], { header: 'linux/fib_rules.h' });

export const fib_rule_uid_range: StructDecl = struct('fib_rule_uid_range', [
  ['start', 'u32'],
  ['end', 'u32'],
], { header: 'linux/fib_rules.h' });

/** host order (nla_get of a struct, not __be16) */
export const fib_rule_port_range: StructDecl = struct('fib_rule_port_range', [
  ['start', 'u16'],
  ['end', 'u16'],
], { header: 'linux/fib_rules.h' });

export const FRA = attrs('FRA', [
  [1, 'FRA_DST', 'ip'],
  [2, 'FRA_SRC', 'ip'],
  [3, 'FRA_IIFNAME', 'string'], // also FRA_IFNAME
  [4, 'FRA_GOTO', 'u32'],
  [5, 'FRA_UNUSED2', 'binary'],
  [6, 'FRA_PRIORITY', 'u32'],
  [7, 'FRA_UNUSED3', 'binary'],
  [8, 'FRA_UNUSED4', 'binary'],
  [9, 'FRA_UNUSED5', 'binary'],
  [10, 'FRA_FWMARK', 'u32'],
  [11, 'FRA_FLOW', 'u32'], // realms
  [12, 'FRA_TUN_ID', 'be64'],
  [13, 'FRA_SUPPRESS_IFGROUP', 'u32'],
  [14, 'FRA_SUPPRESS_PREFIXLEN', 'u32'],
  [15, 'FRA_TABLE', 'u32', RT_TABLE],
  [16, 'FRA_FWMASK', 'u32'],
  [17, 'FRA_OIFNAME', 'string'],
  [18, 'FRA_PAD', 'binary'],
  [19, 'FRA_L3MDEV', 'u8'],
  [20, 'FRA_UID_RANGE', fib_rule_uid_range],
  [21, 'FRA_PROTOCOL', 'u8', RTPROT],
  [22, 'FRA_IP_PROTO', 'u8', IPPROTO],
  [23, 'FRA_SPORT_RANGE', fib_rule_port_range],
  [24, 'FRA_DPORT_RANGE', fib_rule_port_range],
  // added upstream after the installed 6.1 headers
  [25, 'FRA_DSCP', 'u8'],
  [26, 'FRA_FLOWLABEL', 'be32'],
  [27, 'FRA_FLOWLABEL_MASK', 'be32'],
  [28, 'FRA_SPORT_MASK', 'u16'],
  [29, 'FRA_DPORT_MASK', 'u16'],
  [30, 'FRA_DSCP_MASK', 'u8'],
]);

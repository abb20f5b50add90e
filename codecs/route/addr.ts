// Interface addresses (linux/if_addr.h): RTM_NEWADDR / DELADDR / GETADDR, and the
// RTM_GETMULTICAST / RTM_GETANYCAST dumps, which use the same message.
import { attrs, enumOf, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { RT_SCOPE } from './route.js';

/** ifa_flags (u8 in ifaddrmsg) and IFA_FLAGS (u32). */
export const IFA_F = flagsOf('IFA_F', {
  IFA_F_SECONDARY: 0x01, // IFA_F_TEMPORARY is the same bit (IPv6 privacy addresses)
  IFA_F_NODAD: 0x02,
  IFA_F_OPTIMISTIC: 0x04,
  IFA_F_DADFAILED: 0x08,
  IFA_F_HOMEADDRESS: 0x10,
  IFA_F_DEPRECATED: 0x20,
  IFA_F_TENTATIVE: 0x40,
  IFA_F_PERMANENT: 0x80,
  IFA_F_MANAGETEMPADDR: 0x100,
  IFA_F_NOPREFIXROUTE: 0x200,
  IFA_F_MCAUTOJOIN: 0x400,
  IFA_F_STABLE_PRIVACY: 0x800,
});

/** IFA_PROTO: who configured the address. */
export const IFAPROT = enumOf('IFAPROT', {
  IFAPROT_UNSPEC: 0,
  IFAPROT_KERNEL_LO: 1,
  IFAPROT_KERNEL_RA: 2,
  IFAPROT_KERNEL_LL: 3,
});

export const ifaddrmsg: StructDecl = struct('ifaddrmsg', [
  ['ifa_family', 'u8', AF],
  ['ifa_prefixlen', 'u8'],
  ['ifa_flags', 'u8', IFA_F],
  ['ifa_scope', 'u8', RT_SCOPE],
  ['ifa_index', 'u32'],
], { header: 'linux/if_addr.h' });

export const ifa_cacheinfo: StructDecl = struct('ifa_cacheinfo', [
  ['ifa_prefered', 'u32'],
  ['ifa_valid', 'u32'],
  ['cstamp', 'u32'], // hundredths of seconds
  ['tstamp', 'u32'],
], { header: 'linux/if_addr.h' });

export const IFA = attrs('IFA', [
  [1, 'IFA_ADDRESS', 'ip'], // prefix address; the peer on point-to-point links
  [2, 'IFA_LOCAL', 'ip'],
  [3, 'IFA_LABEL', 'string'],
  [4, 'IFA_BROADCAST', 'ip'],
  [5, 'IFA_ANYCAST', 'ip'],
  [6, 'IFA_CACHEINFO', ifa_cacheinfo],
  [7, 'IFA_MULTICAST', 'ip'],
  [8, 'IFA_FLAGS', 'u32', IFA_F],
  [9, 'IFA_RT_PRIORITY', 'u32'],
  [10, 'IFA_TARGET_NETNSID', 's32'],
  [11, 'IFA_PROTO', 'u8', IFAPROT],
]);

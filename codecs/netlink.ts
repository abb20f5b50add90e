// Netlink core (linux/netlink.h): the message header, control messages, flags,
// errors with extended ack, and constants shared by every family.
import { attrs, enumOf, flagsOf, struct, type StructDecl } from '../src/codec/schema.js';

/** Address families (linux/socket.h). */
export const AF = enumOf('AF', {
  AF_UNSPEC: 0, AF_UNIX: 1, AF_INET: 2, AF_AX25: 3, AF_IPX: 4, AF_APPLETALK: 5, AF_NETROM: 6, AF_BRIDGE: 7, AF_ATMPVC: 8, AF_X25: 9, AF_INET6: 10, AF_ROSE: 11, AF_DECnet: 12, AF_NETBEUI: 13, AF_SECURITY: 14, AF_KEY: 15, AF_NETLINK: 16, AF_PACKET: 17, AF_ASH: 18, AF_ECONET: 19, AF_ATMSVC: 20, AF_RDS: 21, AF_SNA: 22, AF_IRDA: 23, AF_PPPOX: 24, AF_WANPIPE: 25, AF_LLC: 26, AF_IB: 27, AF_MPLS: 28, AF_CAN: 29, AF_TIPC: 30, AF_BLUETOOTH: 31, AF_IUCV: 32, AF_RXRPC: 33, AF_ISDN: 34, AF_PHONET: 35, AF_IEEE802154: 36, AF_CAIF: 37, AF_ALG: 38, AF_NFC: 39, AF_VSOCK: 40, AF_KCM: 41, AF_QIPCRTR: 42, AF_SMC: 43, AF_XDP: 44, AF_MCTP: 45
});

/** Netlink protocols (socket(AF_NETLINK, ..., proto)). */
export const NETLINK_PROTOCOL = enumOf('NETLINK', {
  NETLINK_ROUTE: 0, NETLINK_UNUSED: 1, NETLINK_USERSOCK: 2, NETLINK_FIREWALL: 3, NETLINK_SOCK_DIAG: 4,
  NETLINK_NFLOG: 5, NETLINK_XFRM: 6, NETLINK_SELINUX: 7, NETLINK_ISCSI: 8, NETLINK_AUDIT: 9,
  NETLINK_FIB_LOOKUP: 10, NETLINK_CONNECTOR: 11, NETLINK_NETFILTER: 12, NETLINK_IP6_FW: 13,
  NETLINK_DNRTMSG: 14, NETLINK_KOBJECT_UEVENT: 15, NETLINK_GENERIC: 16, NETLINK_SCSITRANSPORT: 18,
  NETLINK_ECRYPTFS: 19, NETLINK_RDMA: 20, NETLINK_CRYPTO: 21, NETLINK_SMC: 22,
});

/** Linux errno values (asm-generic/errno-base.h, errno.h). */
export const ERRNO = enumOf('errno', {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9, ECHILD: 10, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, ENOTBLK: 15, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOTTY: 25, ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29, EROFS: 30, EMLINK: 31, EPIPE: 32, EDOM: 33, ERANGE: 34, EDEADLK: 35, ENAMETOOLONG: 36, ENOLCK: 37, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40, ENOMSG: 42, EIDRM: 43, ECHRNG: 44, EL2NSYNC: 45, EL3HLT: 46, EL3RST: 47, ELNRNG: 48, EUNATCH: 49, ENOCSI: 50, EL2HLT: 51, EBADE: 52, EBADR: 53, EXFULL: 54, ENOANO: 55, EBADRQC: 56, EBADSLT: 57, EBFONT: 59, ENOSTR: 60, ENODATA: 61, ETIME: 62, ENOSR: 63, ENONET: 64, ENOPKG: 65, EREMOTE: 66, ENOLINK: 67, EADV: 68, ESRMNT: 69, ECOMM: 70, EPROTO: 71, EMULTIHOP: 72, EDOTDOT: 73, EBADMSG: 74, EOVERFLOW: 75, ENOTUNIQ: 76, EBADFD: 77, EREMCHG: 78, ELIBACC: 79, ELIBBAD: 80, ELIBSCN: 81, ELIBMAX: 82, ELIBEXEC: 83, EILSEQ: 84, ERESTART: 85, ESTRPIPE: 86, EUSERS: 87, ENOTSOCK: 88, EDESTADDRREQ: 89, EMSGSIZE: 90, EPROTOTYPE: 91, ENOPROTOOPT: 92, EPROTONOSUPPORT: 93, ESOCKTNOSUPPORT: 94, EOPNOTSUPP: 95, EPFNOSUPPORT: 96, EAFNOSUPPORT: 97, EADDRINUSE: 98, EADDRNOTAVAIL: 99, ENETDOWN: 100, ENETUNREACH: 101, ENETRESET: 102, ECONNABORTED: 103, ECONNRESET: 104, ENOBUFS: 105, EISCONN: 106, ENOTCONN: 107, ESHUTDOWN: 108, ETOOMANYREFS: 109, ETIMEDOUT: 110, ECONNREFUSED: 111, EHOSTDOWN: 112, EHOSTUNREACH: 113, EALREADY: 114, EINPROGRESS: 115, ESTALE: 116, EUCLEAN: 117, ENOTNAM: 118, ENAVAIL: 119, EISNAM: 120, EREMOTEIO: 121, EDQUOT: 122, ENOMEDIUM: 123, EMEDIUMTYPE: 124, ECANCELED: 125, ENOKEY: 126, EKEYEXPIRED: 127, EKEYREVOKED: 128, EKEYREJECTED: 129, EOWNERDEAD: 130, ENOTRECOVERABLE: 131, ERFKILL: 132, EHWPOISON: 133
});

/** errno name of a decoded NLMSG_ERROR / NLMSG_DONE: the decoder names NLMSG_ERROR's
 *  (error_name); a dump's NLMSG_DONE carries one too (ENOENT: no such table). */
export function errnoName(m: { error?: unknown; error_name?: unknown }): string {
  if (typeof m.error_name === 'string') return m.error_name;
  const e = -Number(m.error);
  return ERRNO.byValue.get(e) ?? `errno ${e}`;
}

/** IP protocol numbers (linux/in.h, in6.h): RTA_IP_PROTO, FRA_IP_PROTO, sdiag_protocol.
 *  IPPROTO_MPTCP (262) does not fit the u8 fields; it travels in INET_DIAG_REQ_PROTOCOL. */
export const IPPROTO = enumOf('IPPROTO', {
  IPPROTO_IP: 0,
  IPPROTO_ICMP: 1,
  IPPROTO_IGMP: 2,
  IPPROTO_IPIP: 4,
  IPPROTO_TCP: 6,
  IPPROTO_EGP: 8,
  IPPROTO_PUP: 12,
  IPPROTO_UDP: 17,
  IPPROTO_IDP: 22,
  IPPROTO_TP: 29,
  IPPROTO_DCCP: 33,
  IPPROTO_IPV6: 41,
  IPPROTO_RSVP: 46,
  IPPROTO_GRE: 47,
  IPPROTO_ESP: 50,
  IPPROTO_AH: 51,
  IPPROTO_ICMPV6: 58, // linux/in6.h
  IPPROTO_MTP: 92,
  IPPROTO_BEETPH: 94,
  IPPROTO_ENCAP: 98,
  IPPROTO_PIM: 103,
  IPPROTO_COMP: 108,
  IPPROTO_L2TP: 115,
  IPPROTO_SCTP: 132,
  IPPROTO_UDPLITE: 136,
  IPPROTO_MPLS: 137,
  IPPROTO_ETHERNET: 143,
  IPPROTO_RAW: 255,
  IPPROTO_MPTCP: 262,
});

/** Control message types, valid in every protocol. */
export const NLMSG = enumOf('NLMSG', { NLMSG_NOOP: 1, NLMSG_ERROR: 2, NLMSG_DONE: 3, NLMSG_OVERRUN: 4 });
export const NLMSG_MIN_TYPE = 0x10;

/** Flags common to all messages (bits 0..7). */
export const NLM_F_COMMON = {
  NLM_F_REQUEST: 0x01, NLM_F_MULTI: 0x02, NLM_F_ACK: 0x04, NLM_F_ECHO: 0x08,
  NLM_F_DUMP_INTR: 0x10, NLM_F_DUMP_FILTERED: 0x20,
};
/** Bits 8..11 mean different things by kind of request. */
export const NLM_F_GET = flagsOf('NLM_F', { ...NLM_F_COMMON, NLM_F_ROOT: 0x100, NLM_F_MATCH: 0x200, NLM_F_ATOMIC: 0x400, NLM_F_DUMP: 0x300 });
export const NLM_F_NEW = flagsOf('NLM_F', { ...NLM_F_COMMON, NLM_F_REPLACE: 0x100, NLM_F_EXCL: 0x200, NLM_F_CREATE: 0x400, NLM_F_APPEND: 0x800 });
export const NLM_F_DEL = flagsOf('NLM_F', { ...NLM_F_COMMON, NLM_F_NONREC: 0x100, NLM_F_BULK: 0x200 });
export const NLM_F_ACK_FLAGS = flagsOf('NLM_F', { ...NLM_F_COMMON, NLM_F_CAPPED: 0x100, NLM_F_ACK_TLVS: 0x200 });
export const NLM_F_PLAIN = flagsOf('NLM_F', NLM_F_COMMON);
/** Every NLM_F_ name, whatever the kind of request (an encoder takes NLM_F_CREATE on a GET as
 *  the bit it is, 0x400; the decoder names bits by kind). */
export const NLM_F_ANY = flagsOf('NLM_F', Object.fromEntries([NLM_F_GET, NLM_F_NEW, NLM_F_DEL, NLM_F_ACK_FLAGS].flatMap((f) => [...f.byName])));
export const NLM_F_CAPPED = 0x100;

export const nlmsghdr: StructDecl = struct('nlmsghdr', [
  ['nlmsg_len', 'u32'],
  ['nlmsg_type', 'u16'],
  ['nlmsg_flags', 'u16'],
  ['nlmsg_seq', 'u32'],
  ['nlmsg_pid', 'u32'],
], { header: 'linux/netlink.h' });

/** struct nlattr: the TLV header. */
export const nlattr: StructDecl = struct('nlattr', [
  ['nla_len', 'u16'],
  ['nla_type', 'u16'],
], { header: 'linux/netlink.h' });

/** struct nlmsgerr starts with the error code; the echoed nlmsghdr follows (handled by the engine). */
export const nlmsgerr: StructDecl = struct('nlmsgerr', [['error', 's32'], ['msg', nlmsghdr]], { header: 'linux/netlink.h' });

export const NLMSGERR_ATTR = attrs('NLMSGERR_ATTR', [
  [1, 'NLMSGERR_ATTR_MSG', 'string'],
  [2, 'NLMSGERR_ATTR_OFFS', 'u32'],
  [3, 'NLMSGERR_ATTR_COOKIE', 'binary'],
  [4, 'NLMSGERR_ATTR_POLICY', () => NL_POLICY_TYPE_ATTR],
  [5, 'NLMSGERR_ATTR_MISS_TYPE', 'u32'],
  [6, 'NLMSGERR_ATTR_MISS_NEST', 'u32'],
  [7, 'NLMSGERR_ATTR_BUF_OFFS', 'u32'],
]);

export const NL_ATTR_TYPE = enumOf('NL_ATTR_TYPE', {
  NL_ATTR_TYPE_INVALID: 0, NL_ATTR_TYPE_FLAG: 1, NL_ATTR_TYPE_U8: 2, NL_ATTR_TYPE_U16: 3, NL_ATTR_TYPE_U32: 4,
  NL_ATTR_TYPE_U64: 5, NL_ATTR_TYPE_S8: 6, NL_ATTR_TYPE_S16: 7, NL_ATTR_TYPE_S32: 8, NL_ATTR_TYPE_S64: 9,
  NL_ATTR_TYPE_BINARY: 10, NL_ATTR_TYPE_STRING: 11, NL_ATTR_TYPE_NUL_STRING: 12, NL_ATTR_TYPE_NESTED: 13,
  NL_ATTR_TYPE_NESTED_ARRAY: 14, NL_ATTR_TYPE_BITFIELD32: 15, NL_ATTR_TYPE_SINT: 16, NL_ATTR_TYPE_UINT: 17,
});

export const NL_POLICY_TYPE_ATTR = attrs('NL_POLICY_TYPE_ATTR', [
  [1, 'NL_POLICY_TYPE_ATTR_TYPE', 'u32', NL_ATTR_TYPE],
  [2, 'NL_POLICY_TYPE_ATTR_MIN_VALUE_S', 's64'],
  [3, 'NL_POLICY_TYPE_ATTR_MAX_VALUE_S', 's64'],
  [4, 'NL_POLICY_TYPE_ATTR_MIN_VALUE_U', 'u64'],
  [5, 'NL_POLICY_TYPE_ATTR_MAX_VALUE_U', 'u64'],
  [6, 'NL_POLICY_TYPE_ATTR_MIN_LENGTH', 'u32'],
  [7, 'NL_POLICY_TYPE_ATTR_MAX_LENGTH', 'u32'],
  [8, 'NL_POLICY_TYPE_ATTR_POLICY_IDX', 'u32'],
  [9, 'NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE', 'u32'],
  [10, 'NL_POLICY_TYPE_ATTR_BITFIELD32_MASK', 'u32'],
  [11, 'NL_POLICY_TYPE_ATTR_PAD', 'binary'],
  [12, 'NL_POLICY_TYPE_ATTR_MASK', 'u64'],
]);

/** NLMSG_DONE carries the dump's final error code (0 or -errno), then extended-ack TLVs. */
export const NLMSG_DONE_BODY: StructDecl = struct('nlmsg_done', [['error', 's32']]);

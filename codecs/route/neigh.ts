// Neighbours (linux/neighbour.h): RTM_NEWNEIGH / DELNEIGH / GETNEIGH (ARP / NDP entries and,
// with family AF_BRIDGE, the bridge FDB), and the neighbour tables (RTM_*NEIGHTBL).
import { attrs, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { RTN, RTPROT } from './route.js';

/** ndm_state (u16): NUD_NONE is 0; NOARP and PERMANENT are pseudo states. */
export const NUD = flagsOf('NUD', {
  NUD_INCOMPLETE: 0x01,
  NUD_REACHABLE: 0x02,
  NUD_STALE: 0x04,
  NUD_DELAY: 0x08,
  NUD_PROBE: 0x10,
  NUD_FAILED: 0x20,
  NUD_NOARP: 0x40,
  NUD_PERMANENT: 0x80,
  NUD_NONE: 0x00,
});

/** ndm_flags (u8) */
export const NTF = flagsOf('NTF', {
  NTF_USE: 1 << 0,
  NTF_SELF: 1 << 1,
  NTF_MASTER: 1 << 2,
  NTF_PROXY: 1 << 3, // == ATF_PUBL
  NTF_EXT_LEARNED: 1 << 4,
  NTF_OFFLOADED: 1 << 5,
  NTF_STICKY: 1 << 6,
  NTF_ROUTER: 1 << 7,
});

/** NDA_FLAGS_EXT (u32) */
export const NTF_EXT = flagsOf('NTF_EXT', {
  NTF_EXT_MANAGED: 1 << 0,
  NTF_EXT_LOCKED: 1 << 1, // 6.2
  NTF_EXT_EXT_VALIDATED: 1 << 2, // 6.16
});

/** NFEA_ACTIVITY_NOTIFY */
export const FDB_NOTIFY = flagsOf('FDB_NOTIFY', {
  FDB_NOTIFY_BIT: 1 << 0,
  FDB_NOTIFY_INACTIVE_BIT: 1 << 1,
});

export const ndmsg: StructDecl = struct('ndmsg', [
  ['ndm_family', 'u8', AF],
  ['ndm_pad1', 'u8'],
  ['ndm_pad2', 'u16'],
  ['ndm_ifindex', 's32'],
  ['ndm_state', 'u16', NUD],
  ['ndm_flags', 'u8', NTF],
  ['ndm_type', 'u8', RTN],
], { header: 'linux/neighbour.h' });

export const nda_cacheinfo: StructDecl = struct('nda_cacheinfo', [
  ['ndm_confirmed', 'u32'], // clock_t ticks ago
  ['ndm_used', 'u32'],
  ['ndm_updated', 'u32'],
  ['ndm_refcnt', 'u32'],
], { header: 'linux/neighbour.h' });

/** NDA_FDB_EXT_ATTRS */
export const NFEA = attrs('NFEA', [
  [1, 'NFEA_ACTIVITY_NOTIFY', 'u8', FDB_NOTIFY],
  [2, 'NFEA_DONT_REFRESH', 'flag'],
]);

export const NDA = attrs('NDA', [
  [1, 'NDA_DST', 'ip'],
  [2, 'NDA_LLADDR', 'mac'],
  [3, 'NDA_CACHEINFO', nda_cacheinfo],
  [4, 'NDA_PROBES', 'u32'],
  [5, 'NDA_VLAN', 'u16'],
  [6, 'NDA_PORT', 'be16'],
  [7, 'NDA_VNI', 'u32'],
  [8, 'NDA_IFINDEX', 'u32'],
  [9, 'NDA_MASTER', 'u32'],
  [10, 'NDA_LINK_NETNSID', 's32'],
  [11, 'NDA_SRC_VNI', 'u32'],
  [12, 'NDA_PROTOCOL', 'u8', RTPROT],
  [13, 'NDA_NH_ID', 'u32'],
  [14, 'NDA_FDB_EXT_ATTRS', NFEA, { nested: true }],
  [15, 'NDA_FLAGS_EXT', 'u32', NTF_EXT],
  [16, 'NDA_NDM_STATE_MASK', 'u16', NUD],
  [17, 'NDA_NDM_FLAGS_MASK', 'u8', NTF],
]);

// ---------------------------------------------------------------- neighbour tables

export const ndtmsg: StructDecl = struct('ndtmsg', [
  ['ndtm_family', 'u8', AF],
  ['ndtm_pad1', 'u8'],
  ['ndtm_pad2', 'u16'],
], { header: 'linux/neighbour.h' });

export const ndt_config: StructDecl = struct('ndt_config', [
  ['ndtc_key_len', 'u16'],
  ['ndtc_entry_size', 'u16'],
  ['ndtc_entries', 'u32'],
  ['ndtc_last_flush', 'u32'], // msecs ago
  ['ndtc_last_rand', 'u32'], // msecs ago
  ['ndtc_hash_rnd', 'u32'],
  ['ndtc_hash_mask', 'u32'],
  ['ndtc_hash_chain_gc', 'u32'],
  ['ndtc_proxy_qlen', 'u32'],
], { header: 'linux/neighbour.h' });

export const ndt_stats: StructDecl = struct('ndt_stats', [
  ['ndts_allocs', 'u64'],
  ['ndts_destroys', 'u64'],
  ['ndts_hash_grows', 'u64'],
  ['ndts_res_failed', 'u64'],
  ['ndts_lookups', 'u64'],
  ['ndts_hits', 'u64'],
  ['ndts_rcv_probes_mcast', 'u64'],
  ['ndts_rcv_probes_ucast', 'u64'],
  ['ndts_periodic_gc_runs', 'u64'],
  ['ndts_forced_gc_runs', 'u64'],
  ['ndts_table_fulls', 'u64'],
], { header: 'linux/neighbour.h' });

/** NDTA_PARMS: times in msecs */
export const NDTPA = attrs('NDTPA', [
  [1, 'NDTPA_IFINDEX', 'u32'],
  [2, 'NDTPA_REFCNT', 'u32'],
  [3, 'NDTPA_REACHABLE_TIME', 'u64'],
  [4, 'NDTPA_BASE_REACHABLE_TIME', 'u64'],
  [5, 'NDTPA_RETRANS_TIME', 'u64'],
  [6, 'NDTPA_GC_STALETIME', 'u64'],
  [7, 'NDTPA_DELAY_PROBE_TIME', 'u64'],
  [8, 'NDTPA_QUEUE_LEN', 'u32'],
  [9, 'NDTPA_APP_PROBES', 'u32'],
  [10, 'NDTPA_UCAST_PROBES', 'u32'],
  [11, 'NDTPA_MCAST_PROBES', 'u32'],
  [12, 'NDTPA_ANYCAST_DELAY', 'u64'],
  [13, 'NDTPA_PROXY_DELAY', 'u64'],
  [14, 'NDTPA_PROXY_QLEN', 'u32'],
  [15, 'NDTPA_LOCKTIME', 'u64'],
  [16, 'NDTPA_QUEUE_LENBYTES', 'u32'],
  [17, 'NDTPA_MCAST_REPROBES', 'u32'],
  [18, 'NDTPA_PAD', 'binary'],
  [19, 'NDTPA_INTERVAL_PROBE_TIME_MS', 'u64'],
]);

export const NDTA = attrs('NDTA', [
  [1, 'NDTA_NAME', 'string'],
  [2, 'NDTA_THRESH1', 'u32'],
  [3, 'NDTA_THRESH2', 'u32'],
  [4, 'NDTA_THRESH3', 'u32'],
  [5, 'NDTA_CONFIG', ndt_config],
  [6, 'NDTA_PARMS', NDTPA],
  [7, 'NDTA_STATS', ndt_stats],
  [8, 'NDTA_GC_INTERVAL', 'u64'],
  [9, 'NDTA_PAD', 'binary'],
]);


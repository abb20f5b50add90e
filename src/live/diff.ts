// Compares the answers to one request, recorded against live, by message and attribute name.
// Volatile values (counters, timers, cache info, sequence numbers, port ids) are set aside
// unless strict.
import type { Json } from '../codec/struct.js';

export interface Difference {
  /** the message: its type and identity, e.g. `RTM_NEWLINK ifi_index=1 IFLA_IFNAME=lo` */
  message: string;
  /** attribute path (IFLA_MTU, IFLA_LINKINFO.IFLA_INFO_KIND); empty when a whole message is missing or new */
  path: string;
  recorded?: unknown;
  live?: unknown;
  /** timeout: the answer (or its end) did not come in time; `message` says how long was waited */
  kind: 'changed' | 'missing' | 'new' | 'timeout';
}

/** Envelope and derived values: never compared. */
const ENVELOPE = new Set(['frame', 'index', 'time', 'direction', 'protocol', 'problems', 'origlen', '@pad']);

/** Names of values that change by themselves: statistics, timers, cache info; the process
 *  that asks (nf_tables names it in every NFT_MSG_NEWGEN); and what differs from one kernel build
 *  to the next (NFTA_SET_TYPE: Linux 6.18 names the set backend by a kernel address, as text). */
export const VOLATILE = /^NFTA_SET_TYPE$|STATS|CACHEINFO|MEMINFO|^INET_DIAG_INFO$|_EXPIRES$|^idiag_(timer|retrans|expires|rqueue|wqueue)$|CARRIER_(CHANGES|UP_COUNT|DOWN_COUNT)$|^NDA_PROBES$|RQLEN$|^NDTA_(STATS|CONFIG)$|^TCA_FQ_CODEL_XSTATS$|^NHA_RES_BUCKET_IDLE_TIME$|^LWTUNNEL|^UNIX_DIAG_ICONS$|^NFTA_COUNTER_(BYTES|PACKETS)$|^NFTA_QUOTA_CONSUMED$|^NFTA_GEN_PROC_(PID|NAME)$|^CTA_COUNTERS_(ORIG|REPLY)$|^CTA_TIMEOUT$|_TIMER$|^TCA_\w+_TM$/;
/** Lists whose order means nothing: the elements of an nf_tables set come in the order of the
 *  set's hash, seeded anew for each set. Compared sorted (in order when strict). */
const UNORDERED = /^NFTA_SET_ELEM_LIST_ELEMENTS$/;

/** Header fields set per run. */
const VOLATILE_HEADER = new Set(['seq', 'pid', 'len']);

/** Values that name a message among the answers (paired by these, in this order). */
const IDENTITY = [
  'ifi_family', 'ifi_index', 'IFLA_IFNAME',
  'ifa_family', 'ifa_index', 'ifa_prefixlen', 'IFA_ADDRESS', 'IFA_LOCAL',
  'rtm_family', 'rtm_table', 'RTA_TABLE', 'rtm_dst_len', 'RTA_DST', 'rtm_src_len', 'RTA_SRC', 'rtm_type', 'RTA_PRIORITY', 'RTA_OIF',
  'ndm_family', 'ndm_ifindex', 'NDA_DST',
  'family', 'FRA_PRIORITY', 'FRA_TABLE', 'action',
  'tcm_ifindex', 'tcm_handle', 'tcm_parent', 'TCA_KIND',
  'nh_family', 'NHA_ID',
  'sdiag_family', 'idiag_family', 'id', 'udiag_ino', 'ndiag_ino', 'pdiag_ino',
  'rtgen_family', 'error', 'error_name',
];

export function identity(m: Json): string {
  const h = m.header as Json | undefined;
  const parts = [String(h?.type ?? '?')];
  for (const k of IDENTITY) if (k in m && !VOLATILE.test(k)) parts.push(`${k}=${typeof m[k] === 'object' ? JSON.stringify(m[k]) : String(m[k])}`);
  return parts.join(' ');
}

/** The dumping socket itself in a netlink socket dump (a new one each run). */
function isSelf(m: Json): boolean {
  return m.ndiag_portid !== undefined && m.ndiag_portid === (m.header as Json | undefined)?.pid;
}

function isVolatile(key: string, strict: boolean): boolean {
  return !strict && VOLATILE.test(key);
}

/** The differences between recorded and live answers (decoded messages). */
export function diffAnswers(recorded: Json[], live: Json[], opts: { strict?: boolean } = {}): Difference[] {
  const strict = opts.strict ?? false;
  if (!strict) {
    // the recording socket's own entry, and the same socket again where it is not the asker's
    // now (a fake kernel gives the recorded answer back under the client's port id)
    const selves = new Set(recorded.filter(isSelf).map((m) => m.ndiag_ino));
    recorded = recorded.filter((m) => !isSelf(m));
    live = live.filter((m) => !isSelf(m) && !(m.ndiag_ino !== undefined && selves.has(m.ndiag_ino)));
  }
  const key = (list: Json[]) => {
    const seen = new Map<string, number>();
    return list.map((m) => {
      const id = identity(m);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      return n ? `${id} #${n + 1}` : id;
    });
  };
  const rk = key(recorded), lk = key(live);
  const liveBy = new Map(lk.map((k, i) => [k, live[i]!]));
  const recBy = new Set(rk);
  const out: Difference[] = [];
  rk.forEach((k, i) => {
    const l = liveBy.get(k);
    if (!l) { out.push({ message: k, path: '', kind: 'missing' }); return; }
    compare(recorded[i]!, l, '', k, strict, out);
  });
  lk.forEach((k) => { if (!recBy.has(k)) out.push({ message: k, path: '', kind: 'new' }); });
  return out;
}

function compare(a: unknown, b: unknown, path: string, message: string, strict: boolean, out: Difference[]): void {
  if (a === b) return;
  const obj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (obj(a) && obj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!path && ENVELOPE.has(k)) continue;
      if (isVolatile(k, strict)) continue;
      if (!strict && (path === 'header' || path.endsWith('.header')) && VOLATILE_HEADER.has(k)) continue;
      const p = path ? `${path}.${k}` : k;
      if (!(k in a)) out.push({ message, path: p, live: b[k], kind: 'new' });
      else if (!(k in b)) out.push({ message, path: p, recorded: a[k], kind: 'missing' });
      else if (!strict && UNORDERED.test(k) && Array.isArray(a[k]) && Array.isArray(b[k])) compare(sorted(a[k]), sorted(b[k]), p, message, strict, out);
      else compare(a[k], b[k], p, message, strict, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x) => obj(x)) && b.every((x) => obj(x))) {
    a.forEach((x, i) => compare(x, b[i], `${path}[${i}]`, message, strict, out));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ message, path, recorded: a, live: b, kind: 'changed' });
}

const sorted = (list: unknown[]): unknown[] => list.map((x) => [JSON.stringify(x), x] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, x]) => x);

export function formatDifference(d: Difference): string {
  const v = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
  if (d.kind === 'timeout') return `  ! ${d.message}`;
  if (!d.path) return `  ${d.kind === 'missing' ? '-' : '+'} ${d.message}${d.kind === 'missing' ? ' (recorded, not answered now)' : ' (answered now, not recorded)'}`;
  if (d.kind === 'changed') return `  ${d.message}: ${d.path}: ${v(d.recorded)} -> ${v(d.live)}`;
  if (d.kind === 'missing') return `  ${d.message}: ${d.path}: ${v(d.recorded)} -> (absent)`;
  return `  ${d.message}: ${d.path}: (absent) -> ${v(d.live)}`;
}

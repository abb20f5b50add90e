// rtnetlink coverage, counted: distinct attribute types per area declared by nlscope (codecs/route),
// named / decoded by Wireshark (the installed tshark), declared by pyroute2 (the installed package).
//
//   npx tsx scripts/coverage.ts            -> Markdown table on stdout
//   npx tsx scripts/coverage.ts --json     -> the attribute names per area and tool
//
// Rules, the same for every tool: an attribute type counts once per area by its constant name;
// *_UNSPEC and *_PAD are not counted. nlscope: every attribute of every AttrSet exported by
// codecs/route/**/*.ts, the area chosen by the set's name. pyroute2: every nla_map entry reachable
// from the rtnl message classes (nested classes, kind data maps, tc plugins), walked with
// /usr/bin/python3. Wireshark: the stored 4.0 source of packet-netlink-route.c was not available
// (only pre-4.0 revisions), so tshark itself is asked: `tshark -G values` gives the attribute types
// it names (value strings of netlink-route.{ifla,ifa,rta}_attr_type), `tshark -G fields` the
// fields that carry an attribute's value (mapped to attributes below).
import { execFileSync } from 'node:child_process';
import type { AttrSet } from '../src/codec/schema.js';

const MODULES = ['addr', 'bridge', 'link', 'misc', 'neigh', 'nexthop', 'route', 'rule', 'tc', 'tc/act', 'tc/base', 'tc/cls', 'tc/sch', 'tc/stats'];

export const AREAS = [
  'links: IFLA_* (+ XDP, VF, PROP_LIST, ... nests)',
  'link kinds: IFLA_INFO_* + info/slave data per kind',
  'IFLA_AF_SPEC (inet, inet6, bridge)',
  'addresses: IFA_*',
  'routes: RTA_* + metrics, multipath, encap',
  'neighbours: NDA_*',
  'neighbour tables: NDTA_*, NDTPA_*',
  'rules: FRA_*',
  'nexthops: NHA_*',
  'netconf: NETCONFA_*',
  'nsid: NETNSA_*',
  'tc: TCA_*, TCA_STATS_*',
  'tc: qdisc/class options',
  'tc: filter options',
  'tc: actions',
  'bridge MDB: MDBA_*',
  'bridge VLAN: BRIDGE_VLANDB_*',
  'stats: IFLA_STATS_* (RTM_GETSTATS)',
  'other (addrlabel, prefix, nduseropt, DCB, mroute reports)',
] as const;
type Area = (typeof AREAS)[number];
const A = (i: number): Area => AREAS[i];

const QDISC = /^TCA_(HTB|TBF|FQ|FQ_CODEL|FQ_PIE|NETEM|CAKE|CAKE_STATS|CAKE_TIN_STATS|TAPRIO_.*|GRED|GRED_VQ.*|ETS|MQPRIO|DRR|QFQ|HFSC|HHF|SFB|RED|CHOKE|CODEL|PIE|CBS|ETF|ATM|CBQ|DSMARK|SFQ|PLUG|PRIO|OPTIONS)$|^NETEM_LOSS$/;
const FILTER = /^TCA_(U32|FLOWER.*|MATCHALL|BPF|BASIC|FW|ROUTE4|FLOW|CGROUP|RSVP|TCINDEX|EMATCH_TREE)$/;
const ACTION = /^TCA_(ACT|ACT_BPF|GACT|MIRRED|PEDIT.*|POLICE|SKBEDIT|TUNNEL_KEY.*|VLAN|CT|CSUM|NAT|CONNMARK|CTINFO|IFE|GATE.*|MPLS|SAMPLE|SKBMOD|IPT|DEF)$|^IFE_META$/;

/** Area of an nlscope attribute set, by the set's name. */
export function areaOfSet(name: string): Area | undefined {
  if (name === 'IFLA_INFO' || /^IFLA_(BR|BRPORT|VXLAN|MACVLAN|MACVLAN_MACADDR_DATA|VLAN|VLAN_QOS|BOND|BOND_AD_INFO|BOND_SLAVE|TUN|GRE|IPTUN|GENEVE|VRF|VRF_PORT|IPVLAN|MACSEC|HSR|GTP|XFRM|VTI|PPP|BAREUDP|RMNET|IPOIB|DSA|MCTP)$/.test(name) || name === 'VETH_INFO' || name === 'BRIDGE_QUERIER') return A(1);
  if (/^IFLA_(AF_SPEC|INET|INET6|BRIDGE|BRIDGE_.*)$/.test(name)) return A(2);
  if (/^IFLA_(STATS|STATS_GETSET|STATS_GET_FILTERS|OFFLOAD_XSTATS.*)$/.test(name) || /^(LINK_XSTATS_TYPE|BRIDGE_XSTATS|BOND_XSTATS|BOND_3AD_STAT|MPLS_STATS)$/.test(name)) return A(17);
  if (name === 'IFLA' || /^IFLA_(XDP|VF|VF_INFO|VF_STATS|VF_VLAN_LIST|VF_PORT|PORT|PROP_LIST|PROTO_DOWN_REASON)$/.test(name) || name === 'DEVLINK_ATTR' || name === 'DPLL_A_PIN') return A(0);
  if (name === 'IFA') return A(3);
  if (/^(RTA|RTAX|LWTUNNEL_.*|MPLS_IPTUNNEL|SEG6_.*|ILA_ATTR|IOAM6_IPTUNNEL|RPL_IPTUNNEL|LWT_BPF|LWT_BPF_PROG|LWT_XFRM)$/.test(name)) return A(4);
  if (name === 'NDA' || name === 'NFEA') return A(5);
  if (name === 'NDTA' || name === 'NDTPA') return A(6);
  if (name === 'FRA') return A(7);
  if (/^NHA(_.*)?$/.test(name)) return A(8);
  if (name === 'NETCONFA') return A(9);
  if (name === 'NETNSA') return A(10);
  if (/^TCA(_STATS|_ROOT|_STAB)?$/.test(name)) return A(11);
  if (QDISC.test(name)) return A(12);
  if (FILTER.test(name)) return A(13);
  if (ACTION.test(name)) return A(14);
  if (/^(MDBA.*|MDBE_ATTR)$/.test(name)) return A(15);
  if (/^(BRIDGE_VLANDB.*|VXLAN_VNIFILTER.*|VNIFILTER_ENTRY_STATS)$/.test(name)) return A(16);
  if (/^(IFAL|PREFIX|NDUSEROPT|DCB_.*|IPMRA_CREPORT|IP6MRA_CREPORT)$/.test(name)) return A(18);
  return undefined;
}

const counted = (n: string) => !/(^|_)(UNSPEC|PAD)$/.test(n);
type Table = Map<Area, Set<string>>;
const table = (): Table => new Map(AREAS.map((a) => [a, new Set<string>()]));

async function nlscope(): Promise<Table> {
  const t = table();
  const seen = new Set<AttrSet>();
  const unplaced: string[] = [];
  for (const mod of MODULES) {
    const m = (await import(`../codecs/route/${mod}.js`)) as Record<string, unknown>;
    for (const v of Object.values(m)) {
      const set = v as AttrSet;
      if (!set || typeof set !== 'object' || set.kind !== 'attrs' || seen.has(set)) continue;
      seen.add(set);
      const area = areaOfSet(set.name);
      if (!area) { unplaced.push(set.name); continue; }
      for (const name of set.byName.keys()) if (counted(name)) t.get(area)!.add(name);
    }
  }
  if (unplaced.length) throw new Error(`coverage: no area for nlscope sets ${unplaced.join(' ')}`);
  return t;
}

const PY = String.raw`
import inspect, json, importlib, pkgutil, re
import pyroute2
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.ndtmsg import ndtmsg
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.nsidmsg import nsidmsg
from pyroute2.netlink.rtnl.ifstatsmsg import ifstatsmsg
from pyroute2.netlink.rtnl import tcmsg as tcpkg
from pyroute2.netlink.rtnl.tcmsg import tcmsg
import importlib.metadata as md
out = {}
def add(area, name):
    if name.endswith('_UNSPEC') or name.endswith('_PAD') or name in ('UNSPEC', 'PAD'):
        return
    # IFLA_WIRELESS: pyroute2 maps the wireless-extension event codes (SIOC*, IWEV*) carried in it;
    # they are not netlink attribute types and are left out
    if name.startswith(('SIOC', 'IWEV')):
        return
    out.setdefault(area, set()).add(name)
def entries(cls):
    for e in getattr(cls, 'nla_map', None) or ():
        if isinstance(e, (tuple, list)) and len(e) >= 2:
            if isinstance(e[0], int):
                yield e[1], e[2]
            else:
                yield e[0], e[1]
def nested(cls):
    res = []
    for n in dir(cls):
        v = getattr(cls, n, None)
        if inspect.isclass(v) and getattr(v, 'nla_map', None):
            res.append(v)
    dm = getattr(cls, 'data_map', None)
    if isinstance(dm, dict):
        res += [v for v in dm.values() if inspect.isclass(v) and getattr(v, 'nla_map', None)]
    return res
def walk(cls, area_of, seen, first=None):
    if cls in seen:
        return
    seen.add(cls)
    for name, typ in entries(cls):
        add(area_of(name, first), name)
        t = getattr(cls, typ, None) if isinstance(typ, str) else None
        if inspect.isclass(t) and getattr(t, 'nla_map', None):
            walk(t, area_of, seen, first or name)
        elif t is not None and callable(t) and not inspect.isclass(t):
            # a method choosing the class at run time: walk the nested classes its source names
            try:
                src = inspect.getsource(t)
            except (OSError, TypeError):
                src = ''
            used = set(re.findall(r'\.(\w+)', src))
            for c in nested(cls):
                if c.__name__ in used or ('data_map' in used and c in (getattr(cls, 'data_map', None) or {}).values()):
                    walk(c, area_of, seen, first or name)
def link_area(name, first):
    if first in ('IFLA_LINKINFO', 'IFLA_PROTINFO'):
        return 'kinds'
    if first == 'IFLA_AF_SPEC':
        return 'afspec'
    return 'links'
fixed = lambda a: (lambda name, first: a)
walk(ifinfmsg, link_area, set())
walk(ifaddrmsg, fixed('addresses'), set())
walk(rtmsg, fixed('routes'), set())
walk(ndmsg, fixed('neigh'), set())
walk(ndtmsg, fixed('ndt'), set())
walk(fibmsg, fixed('rules'), set())
walk(nsidmsg, fixed('nsid'), set())
walk(ifstatsmsg, fixed('stats'), set())
ACT = ('TCA_ACT_', 'TCA_GACT_', 'TCA_MIRRED_', 'TCA_POLICE_', 'TCA_SKBEDIT_', 'TCA_VLAN_', 'TCA_CONNMARK_', 'TCA_ACT_BPF_')
def tc_area(default):
    def f(name, first):
        if name.startswith(ACT):
            return 'tcact'
        if name.startswith('TCA_STATS_') or name in ('TCA_KIND', 'TCA_OPTIONS', 'TCA_STATS', 'TCA_XSTATS', 'TCA_RATE', 'TCA_FCNT', 'TCA_STATS2', 'TCA_STAB', 'TCA_CHAIN', 'TCA_HW_OFFLOAD', 'TCA_INGRESS_BLOCK', 'TCA_EGRESS_BLOCK', 'TCA_DUMP_INVISIBLE'):
            return 'tccore'
        return default
    return f
seen = set()
walk(tcmsg, tc_area('tccore'), seen)
mods = sorted({m.__name__ for m in tcpkg.plugins.values()}) + ['pyroute2.netlink.rtnl.tcmsg.' + n for n in ('common_act', 'act_bpf', 'act_connmark', 'act_gact', 'act_mirred', 'act_police', 'act_skbedit', 'act_vlan', 'common_ematch')]
for mn in mods:
    mod = importlib.import_module(mn)
    short = mn.rsplit('.', 1)[1]
    area = 'tcqdisc' if short.startswith('sched_') else 'tcfilter' if short.startswith(('cls_', 'common_ematch')) else 'tcact'
    for v in list(vars(mod).values()):
        if inspect.isclass(v) and getattr(v, 'nla_map', None) and v.__module__ == mn:
            walk(v, tc_area(area), seen)
print(json.dumps({'version': md.version('pyroute2'), 'areas': {k: sorted(v) for k, v in out.items()}}))
`;
const PY_AREA: Record<string, Area> = {
  links: A(0), kinds: A(1), afspec: A(2), addresses: A(3), routes: A(4), neigh: A(5), ndt: A(6), rules: A(7), nsid: A(10),
  tccore: A(11), tcqdisc: A(12), tcfilter: A(13), tcact: A(14), stats: A(17),
};

function pyroute2(): { version: string; t: Table } {
  const res = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY], { encoding: 'utf8', cwd: '/tmp' })) as { version: string; areas: Record<string, string[]> };
  const t = table();
  for (const [k, names] of Object.entries(res.areas)) {
    const area = PY_AREA[k];
    if (!area) throw new Error(`coverage: pyroute2 area ${k}`);
    for (const n of names) t.get(area)!.add(n);
  }
  return { version: res.version, t };
}

/** tshark field -> the attributes whose value it shows (observed with tshark -V on captures/rec-*.pcap). */
const WS_VALUE_FIELDS: Record<string, string[]> = {
  'netlink-route.ifla_ifname': ['IFLA_IFNAME'], 'netlink-route.ifla_mtu': ['IFLA_MTU'], 'netlink-route.ifla_txqlen': ['IFLA_TXQLEN'],
  'netlink-route.ifla_operstate': ['IFLA_OPERSTATE'], 'netlink-route.ifla_promiscuity': ['IFLA_PROMISCUITY'],
  'netlink-route.ifla_txqnum': ['IFLA_NUM_TX_QUEUES'], 'netlink-route.ifla_rxqnum': ['IFLA_NUM_RX_QUEUES'],
  'netlink-route.ifla_group': ['IFLA_GROUP'], 'netlink-route.ifla_gso_maxsize': ['IFLA_GSO_MAX_SIZE'],
  'netlink-route.ifla_gso_maxsegs': ['IFLA_GSO_MAX_SEGS'], 'netlink-route.ifla_carrier': ['IFLA_CARRIER'],
  'netlink-route.ifla_qdisc': ['IFLA_QDISC'], 'netlink-route.ifla_carrier_changes': ['IFLA_CARRIER_CHANGES'],
  'netlink-route.ifla_hwaddr': ['IFLA_ADDRESS'], 'netlink-route.ifla_broadcast': ['IFLA_BROADCAST'],
  'netlink-route.ifla_carrier_up_count': ['IFLA_CARRIER_UP_COUNT'], 'netlink-route.ifla_carrier_down_count': ['IFLA_CARRIER_DOWN_COUNT'],
  'netlink-route.ifla_min_mtu': ['IFLA_MIN_MTU'], 'netlink-route.ifla_max_mtu': ['IFLA_MAX_MTU'],
  'netlink-route.ifla_map.': ['IFLA_MAP'], 'netlink-route.ifla_linkstats.': ['IFLA_STATS', 'IFLA_STATS64'],
  'netlink-route.ifa_label': ['IFA_LABEL'], 'netlink-route.ifa_flags32': ['IFA_FLAGS'], 'netlink-route.ifa_address.': ['IFA_ADDRESS', 'IFA_LOCAL'],
  'netlink-route.rta_iif': ['RTA_IIF'], 'netlink-route.rta_oif': ['RTA_OIF'],
};
/** header fields (struct members, message type): not attributes */
const WS_HEADER = /^netlink-route\.(nltype|ifi_|ifa_(family|prefixlen|flags|scope|index)$|rt_|nd_|(ifla|ifa|rta)_attr_type$)/;

function wireshark(): { version: string; named: Table; decoded: Table } {
  const version = /TShark \(Wireshark\) (\S+)/.exec(execFileSync('tshark', ['--version'], { encoding: 'utf8' }))![1];
  const named = table();
  const decoded = table();
  const area: Record<string, Area> = { ifla: A(0), ifa: A(3), rta: A(4) };
  for (const line of execFileSync('tshark', ['-G', 'values'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n')) {
    const [kind, field, value, label] = line.split('\t');
    const m = /^netlink-route\.(ifla|ifa|rta)_attr_type$/.exec(field ?? '');
    if (kind !== 'V' || !m) continue;
    if (Number(value) === 0 || /_PAD$/.test(label)) continue; // UNSPEC, PAD
    named.get(area[m[1]])!.add(`${m[1]}:${value}`);
  }
  for (const line of execFileSync('tshark', ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n')) {
    const f = line.split('\t');
    if (f[0] !== 'F' || f[4] !== 'netlink-route' || WS_HEADER.test(f[2])) continue;
    const key = Object.keys(WS_VALUE_FIELDS).find((k) => (k.endsWith('.') ? f[2].startsWith(k) : f[2] === k));
    if (!key) throw new Error(`coverage: unmapped tshark field ${f[2]}`);
    for (const a of WS_VALUE_FIELDS[key]) decoded.get(areaOfSet(a.split('_')[0] === 'IFLA' ? 'IFLA' : a.split('_')[0])!)!.add(a);
  }
  return { version, named, decoded };
}

async function main() {
  const ours = await nlscope();
  const py = pyroute2();
  const ws = wireshark();
  if (process.argv.includes('--json')) {
    const j = (t: Table) => Object.fromEntries([...t].map(([a, s]) => [a, [...s].sort()]));
    console.log(JSON.stringify({ nlscope: j(ours), wireshark: { version: ws.version, named: j(ws.named), decoded: j(ws.decoded) }, pyroute2: { version: py.version, declared: j(py.t) } }, null, 1));
    return;
  }
  const rows = [`| area | nlscope | Wireshark ${ws.version} (named / value decoded) | pyroute2 ${py.version} |`, '| --- | ---: | ---: | ---: |'];
  let tot = [0, 0, 0, 0];
  for (const a of AREAS) {
    const v = [ours.get(a)!.size, ws.named.get(a)!.size, ws.decoded.get(a)!.size, py.t.get(a)!.size];
    tot = tot.map((x, i) => x + v[i]);
    rows.push(`| ${a} | ${v[0]} | ${v[1]} / ${v[2]} | ${v[3]} |`);
  }
  rows.push(`| **total** | **${tot[0]}** | **${tot[1]} / ${tot[2]}** | **${tot[3]}** |`);
  console.log(rows.join('\n'));
}

await main();

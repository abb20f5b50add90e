// netfilter coverage, counted: nlscope (from the codecs data in codecs/netfilter) beside Wireshark
// (tshark -G fields, netlink-netfilter.*), pyroute2 (the installed nftsocket / nfctsocket modules,
// introspected with /usr/bin/python3) and strace (src/netlink_netfilter.c decodes nfgenmsg and
// leaves every attribute undecoded: decode_nlattr with no tables).
// Run: npx tsx scripts/coverage-netfilter.ts  (prints a markdown table)
import { spawnSync } from 'node:child_process';
import type { AttrSet, AttrValue } from '../src/codec/schema.js';
import {
  CTA, CTA_EXPECT, CTA_STATS, CTA_STATS_EXP, CTA_STATS_GLOBAL, EXPR_DATA, NETFILTER, NFT_MSG, NFTA_CHAIN, NFTA_FLOWTABLE,
  NFTA_GEN, NFTA_OBJ, NFTA_RULE, NFTA_SET, NFTA_SET_ELEM_LIST, NFTA_TABLE, NFTA_TRACE, NFNL_SUBSYS,
} from '../codecs/netfilter/index.js';

/** Attribute names reachable from a set through nests and arrays (selected values are not followed:
 *  they are counted by their own sets), and how many of them decode to typed values (not hex). */
function reach(root: AttrSet): { names: number; typed: number } {
  const names = new Set<string>();
  const typed = new Set<string>();
  const seen = new Set<AttrSet>();
  const value = (v: AttrValue, name: string) => {
    if (!(v.kind === 'scalar' && v.scalar === 'binary')) typed.add(name);
    if (v.kind === 'nest') walk(v.set());
    if (v.kind === 'array') value(v.item, name);
  };
  const walk = (s: AttrSet) => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const d of s.byType.values()) { names.add(d.name); value(d.value, d.name); }
  };
  walk(root);
  return { names: names.size, typed: typed.size };
}
const both = (...sets: AttrSet[]) => {
  const r = sets.map(reach).reduce((a, b) => ({ names: a.names + b.names, typed: a.typed + b.typed }));
  return `${r.names} declared, ${r.typed} typed`;
};

const byPrefix = (p: string) => [...NETFILTER.messages.values()].filter((m) => m.type >> 8 === NFNL_SUBSYS.byName.get(p)).length;
const otherSubsystems = ['NFNL_SUBSYS_QUEUE', 'NFNL_SUBSYS_ULOG', 'NFNL_SUBSYS_OSF', 'NFNL_SUBSYS_IPSET', 'NFNL_SUBSYS_ACCT', 'NFNL_SUBSYS_CTNETLINK_TIMEOUT', 'NFNL_SUBSYS_CTHELPER', 'NFNL_SUBSYS_NFT_COMPAT', 'NFNL_SUBSYS_HOOK'];
const nl = {
  exprs: EXPR_DATA.size + 1, // + notrack, which has no attributes
  objects: both(NFTA_TABLE, NFTA_CHAIN, NFTA_RULE, NFTA_SET, NFTA_SET_ELEM_LIST, NFTA_OBJ, NFTA_FLOWTABLE, NFTA_GEN, NFTA_TRACE),
  exprAttrs: both(...new Set(EXPR_DATA.values())),
  nftMsgs: NFT_MSG.byValue.size,
  cta: both(CTA),
  expect: both(CTA_EXPECT),
  stats: both(CTA_STATS, CTA_STATS_GLOBAL, CTA_STATS_EXP),
  ctMsgs: byPrefix('NFNL_SUBSYS_CTNETLINK') + byPrefix('NFNL_SUBSYS_CTNETLINK_EXP'),
  other: otherSubsystems.reduce((n, s) => n + byPrefix(s), 0),
};

function wireshark(): Record<string, number | string> | undefined {
  const r = spawnSync('tshark', ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) return undefined;
  const f = r.stdout.split('\n').map((l) => l.split('\t')[2] ?? '').filter((n) => n.startsWith('netlink-netfilter.'));
  const v = /\d+\.\d+\.\d+/.exec(spawnSync('tshark', ['-v'], { encoding: 'utf8' }).stdout)?.[0] ?? '?';
  const c = (re: RegExp) => f.filter((n) => re.test(n)).length;
  return {
    version: v, nft: c(/nft|nf_tables/), ct: c(/\.(nfct_tuple|ct_attr|ct_help|ct_seqadj)/), exp: c(/\.(nfexp|exp\.attr)/),
    other: c(/\.(queue|ulog|ipset)/),
  };
}

function pyroute2(): Record<string, number | string> | undefined {
  const py = `
import json, importlib.metadata as im
from pyroute2.netlink.nfnetlink import nftsocket as n, nfctsocket as c
E = n.nft_contains_expr.nft_expr
exprs = [k for k in vars(E) if k.startswith('nft_') and isinstance(vars(E)[k], type)]
def walk(cls, seen, out):
    if cls in seen: return
    seen.add(cls)
    for name, t, *rest in cls.nla_map:
        if t == 'none': continue
        out.add((name, t))
        sub = getattr(cls, t.lstrip('*'), None)
        if isinstance(sub, type) and getattr(sub, 'nla_map', None): walk(sub, seen, out)
def count(*classes):
    out = set()
    for k in classes: walk(k, set(), out)
    return len({x[0] for x in out}), len({x[0] for x in out if x[1] not in ('hex', 'none')})
objs = count(n.nft_table_msg, n.nft_chain_msg, n.nft_rule_msg, n.nft_set_msg, n.nft_set_elem_list_msg, n.nft_gen_msg, n.nft_flowtable_msg)
cta = count(c.nfct_msg)
st = count(c.nfct_stats, c.nfct_stats_cpu)
try: ver = im.version('pyroute2')
except Exception: ver = '?'
print(json.dumps({'version': ver, 'exprs': len(exprs), 'objects': '%d declared, %d typed' % objs, 'cta': '%d declared, %d typed' % cta, 'stats': '%d declared, %d typed' % st}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout) as Record<string, number | string>;
}

const ws = wireshark();
const pr = pyroute2();
const w = (k: string) => (ws ? String(ws[k]) : 'n/a');
const p = (k: string, why = '') => (pr ? `${pr[k]}${why}` : 'n/a');
const rows: [string, string, string, string, string][] = [
  ['nf_tables expressions with typed data (NFTA_EXPR_DATA by name)', `${nl.exprs} (every expression of 6.18)`, `${w('nft')} (subsystem only)`, '0', p('exprs', ' (incl. `offload` for flow_offload, `secmark`)')],
  ['nf_tables object attributes (tables, chains, rules, sets, elements, objects, flowtables, generations, traces; nests followed)', nl.objects, '0', '0', p('objects', ' (no objects, traces)')],
  ['attributes of the expressions', nl.exprAttrs, '0', '0', 'in the expression count'],
  ['nf_tables message types', `${nl.nftMsgs} (to 6.18)`, 'subsystem id', 'subsystem id, batch begin / end', '7 message classes (tables, chains, rules, sets, elements, generations, flowtables)'],
  ['CTA_* entry attributes (nests followed)', nl.cta, `${w('ct')} fields (tuples, status, timeout, id, help, seqadj)`, '0', p('cta')],
  ['CTA_EXPECT_* expectation attributes', nl.expect, `${w('exp')} fields`, '0', '0'],
  ['CTA_STATS_* statistics', nl.stats, '0 (read as entry attributes)', '0', p('stats')],
  ['conntrack / expectation message types', String(nl.ctMsgs), 'expectation names', 'subsystem id', '8 (conntrack)'],
  ['other subsystems (queue, log, osf, ipset, acct, timeout, helper, compat, hook): message types', `${nl.other}, each with its attributes`, `${w('other')} fields (queue, ulog, ipset)`, 'subsystem id', 'ipset'],
];
console.log(`| what (counted how) | nlscope (codecs data) | Wireshark ${ws?.version ?? ''} (tshark -G fields) | strace (src/netlink_netfilter.c) | pyroute2 ${pr?.version ?? ''} (introspected) |`);
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

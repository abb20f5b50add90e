// What the generators learn from the codecs/ declarations before generating anything:
//  - the "deciders": attributes whose value a `select` reads (IFLA_INFO_KIND, TCA_KIND ...),
//    found by running every selector once against recording proxies;
//  - a dictionary of the strings those deciders take (the keys of the codecs' kind tables:
//    INFO_DATA_BY_KIND, QDISC_OPTIONS ...), harvested from the modules' exports.
// Everything here is computed from the declarations, deterministically, once.
import type { AttrSet, AttrValue, SelectCtx, StructDecl } from '../codec/schema.js';
import { toValue } from '../codec/schema.js';
import { PROTOCOLS } from '../../codecs/index.js';
import * as netlink from '../../codecs/netlink.js';
import * as rAddr from '../../codecs/route/addr.js';
import * as rBridge from '../../codecs/route/bridge.js';
import * as rLink from '../../codecs/route/link.js';
import * as rMisc from '../../codecs/route/misc.js';
import * as rNeigh from '../../codecs/route/neigh.js';
import * as rNexthop from '../../codecs/route/nexthop.js';
import * as rRoute from '../../codecs/route/route.js';
import * as rRule from '../../codecs/route/rule.js';
import * as rTc from '../../codecs/route/tc.js';
import * as tAct from '../../codecs/route/tc/act.js';
import * as tBase from '../../codecs/route/tc/base.js';
import * as tCls from '../../codecs/route/tc/cls.js';
import * as tSch from '../../codecs/route/tc/sch.js';
import * as tStats from '../../codecs/route/tc/stats.js';
import * as sock from '../../codecs/sock_diag/index.js';

const MODULES: ReadonlyArray<Record<string, unknown>> = [
  netlink, rAddr, rBridge, rLink, rMisc, rNeigh, rNexthop, rRoute, rRule, rTc, tAct, tBase, tCls, tSch, tStats, sock,
];

const isSet = (v: unknown): v is AttrSet => !!v && typeof v === 'object' && (v as AttrSet).kind === 'attrs';
const isStruct = (v: unknown): v is StructDecl => !!v && typeof v === 'object' && (v as StructDecl).kind === 'struct' && 'fields' in (v as object);

/** Every attribute set the codecs export (directly or in a kind table), plus those reachable from them. */
function allSets(): AttrSet[] {
  const seen = new Set<AttrSet>();
  const todo: AttrSet[] = [];
  const add = (s: AttrSet) => { if (!seen.has(s)) { seen.add(s); todo.push(s); } };
  const visitValue = (v: AttrValue) => {
    switch (v.kind) {
      case 'nest': add(v.set()); break;
      case 'records': add(v.set()); break;
      case 'array': visitValue(v.item); break;
      default:
        if ((v as { kind: string }).kind === 'prefixed') add((v as unknown as { set: () => AttrSet }).set());
    }
  };
  for (const m of MODULES) {
    for (const x of Object.values(m)) {
      if (isSet(x)) add(x);
      else if (x && typeof x === 'object' && !Array.isArray(x) && !('kind' in x)) {
        for (const y of Object.values(x)) if (isSet(y)) add(y);
      }
    }
  }
  for (const p of PROTOCOLS) for (const d of p.messages.values()) if (isSet(d.attrs)) add(d.attrs);
  while (todo.length) {
    const s = todo.pop()!;
    for (const d of s.byType.values()) visitValue(d.value);
  }
  return [...seen];
}

/** Strings naming kinds: the keys of exported tables whose values are declarations. */
function harvestStrings(): string[] {
  const out = new Set<string>();
  for (const m of MODULES) {
    for (const x of Object.values(m)) {
      if (!x || typeof x !== 'object' || Array.isArray(x) || 'kind' in x) continue;
      const vals = Object.values(x);
      if (vals.length && vals.every((y) => isSet(y) || isStruct(y))) for (const k of Object.keys(x)) out.add(k);
    }
  }
  return [...out].sort();
}

/** A context whose every object records the keys read from it. */
function recordingCtx(reads: Set<string>, depth = 0): SelectCtx {
  const rec = (): Record<string, unknown> => new Proxy({}, {
    get: (_t, k) => { if (typeof k === 'string') reads.add(k); return undefined; },
    has: (_t, k) => { if (typeof k === 'string') reads.add(k); return false; },
  });
  return {
    siblings: rec(), body: rec(), direction: 'to-user',
    parent: depth < 3 ? recordingCtx(reads, depth + 1) : undefined,
  };
}

let cache: { deciders: Set<string>; strings: string[] } | undefined;

function compute() {
  const deciders = new Set<string>();
  const names = new Set<string>();
  const sets = allSets();
  for (const s of sets) for (const d of s.byType.values()) names.add(d.name);
  for (const s of sets) {
    for (const d of s.byType.values()) {
      if (d.value.kind !== 'select') continue;
      const reads = new Set<string>();
      try { d.value.select(recordingCtx(reads)); } catch { /* a selector that needs real values */ }
      for (const r of reads) if (r !== d.name && names.has(r)) deciders.add(r);
    }
  }
  return { deciders, strings: harvestStrings() };
}

/** Names of attributes read by some selector (generated first, from the dictionary). */
export function deciders(): ReadonlySet<string> {
  cache ??= compute();
  return cache.deciders;
}

/** Kind strings found in the codecs' tables. */
export function kindStrings(): readonly string[] {
  cache ??= compute();
  return cache.strings;
}

const usefulCache = new WeakMap<AttrSet, Map<string, string[]>>();

/** The dictionary strings for which some selector of `set` chooses a layout when `name` holds them. */
export function usefulStrings(set: AttrSet, name: string, body: Record<string, unknown> = {}): string[] {
  let bySet = usefulCache.get(set);
  if (!bySet) usefulCache.set(set, bySet = new Map());
  let list = bySet.get(name);
  if (list) return list;
  const selects = [...set.byType.values()].filter((d) => d.value.kind === 'select');
  list = kindStrings().filter((str) => selects.some((d) => {
    try {
      const r = (d.value as Extract<AttrValue, { kind: 'select' }>).select({ siblings: { [name]: str }, body, direction: 'to-user' });
      return r !== undefined && toValue(r as never) !== undefined;
    } catch { return false; }
  }));
  // Children reading the parent (IFLA_IPTUN_FLAGS by IFLA_INFO_KIND) count too: keep the whole dictionary then.
  if (!list.length) list = [...kindStrings()];
  bySet.set(name, list);
  return list;
}

// A YNL spec turned into the declarations the rest of nlscope uses (enumOf, flagsOf,
// struct, attrs, nest, array, select): the same engine decodes and encodes a family
// described in YAML and one written in codecs/*.ts. Names are the C names the kernel's
// code generator gives (name-prefix, or family-a-set- / family-cmd- by default).
// Constructs the loader does not know keep their bytes (binary) and become warnings.
import {
  array, attrs, enumOf, flagsOf, select, struct, toValue,
  type AttrDecl, type AttrOpts, type AttrSet, type AttrSpec, type AttrValue, type Direction, type EnumDecl,
  type FieldOpts, type FieldSpec, type FlagsDecl, type IntKind, type StructDecl, type ValueSpec,
} from '../codec/schema.js';
import { Node, YnlError, YnlProtocolError, type Raw } from './parse.js';

/** One message id of an operation in one direction, with its C name. */
export interface YnlMessage {
  readonly value: number;
  readonly name: string;
}

export interface YnlOp {
  /** spec name: `linkinfo-get` */
  readonly name: string;
  /** what user space sends (absent for notifications) */
  readonly request?: YnlMessage;
  /** what the kernel sends: the reply, or the notification */
  readonly reply?: YnlMessage;
  readonly attrs?: AttrSet;
  /** genetlink-legacy: a struct after genlmsghdr, before the attributes */
  readonly fixedHeader?: StructDecl;
}

export interface YnlFamily {
  readonly name: string;
  /** genetlink, genetlink-c, genetlink-legacy */
  readonly protocol: string;
  readonly version: number;
  /** the file it came from */
  readonly source: string;
  readonly definitions: ReadonlyMap<string, EnumDecl | FlagsDecl>;
  readonly structs: ReadonlyMap<string, StructDecl>;
  /** attribute sets by spec name */
  readonly sets: ReadonlyMap<string, AttrSet>;
  readonly ops: readonly YnlOp[];
  /** message ids by direction (the same enum for both in the unified model) */
  readonly commands: Readonly<Record<Direction, EnumDecl>>;
  readonly mcastGroups: readonly string[];
  /** what the loader could not use: kept raw, said here */
  readonly warnings: readonly string[];
}

export interface CompileOptions {
  /** the file name, for messages */
  source: string;
  /** declarations nlscope already has, by C name (NL_POLICY_TYPE_ATTR, NL_ATTR_TYPE): a definition
   *  or attribute set that says `header:` (defined by a C header) and has one of these names is that one */
  builtins?: ReadonlyMap<string, EnumDecl | FlagsDecl | AttrSet>;
}

/** C identifier forms the kernel's generator derives from spec names. */
export const cUpper = (s: string): string => s.toUpperCase().replace(/-/g, '_');
export const cLower = (s: string): string => s.toLowerCase().replace(/-/g, '_');

const PROTOCOLS = new Set(['genetlink', 'genetlink-c', 'genetlink-legacy']);
const TOP_KEYS = new Set([
  'name', 'doc', 'protocol', 'uapi-header', 'c-family-name', 'c-version-name', 'max-by-define', 'cmd-max-name',
  'cmd-cnt-name', 'kernel-policy', 'version', 'definitions', 'attribute-sets', 'operations', 'mcast-groups',
  'sub-messages', 'kernel-family', 'license',
]);
const DEF_KEYS = new Set(['name', 'header', 'type', 'doc', 'value', 'value-start', 'entries', 'render-max', 'enum-name', 'name-prefix', 'enum-cnt-name', 'members']);
const SET_KEYS = new Set(['name', 'name-prefix', 'enum-name', 'doc', 'subset-of', 'attr-cnt-name', 'attr-max-name', 'header', 'attributes']);
const ATTR_KEYS = new Set([
  'name', 'type', 'doc', 'value', 'type-value', 'byte-order', 'multi-attr', 'nested-attributes', 'enum', 'enum-as-flags',
  'checks', 'sub-type', 'display-hint', 'name-prefix', 'struct', 'len', 'sub-message', 'selector',
]);
const MEMBER_KEYS = new Set(['name', 'type', 'len', 'byte-order', 'doc', 'enum', 'enum-as-flags', 'display-hint', 'struct']);
const OP_KEYS = new Set([
  'name', 'doc', 'value', 'attribute-set', 'flags', 'dont-validate', 'config-cond', 'fixed-header', 'do', 'dump', 'notify', 'event', 'mcgrp',
]);
const INTS = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64']);
const BIG_ENDIAN: Partial<Record<string, IntKind>> = { u16: 'be16', u32: 'be32', u64: 'be64', s16: 'be16', s32: 'be32', s64: 'be64' };

/** An enum or flags definition: its decl, and the raw entry values (enum-as-flags turns value n into bit n). */
interface Definition {
  readonly type: 'enum' | 'flags';
  readonly decl: EnumDecl | FlagsDecl;
  /** [C name, raw value, spec name] */
  readonly entries: ReadonlyArray<readonly [string, number, string]>;
  asFlags?: FlagsDecl;
}

/** Compiles a parsed spec. Structural errors throw YnlError; anything merely unknown is a warning. */
export function compileSpec(raw: Raw, opts: CompileOptions): YnlFamily {
  return new Compiler(raw, opts).run();
}

class Compiler {
  private readonly root: Node;
  private readonly warnings: string[] = [];
  private readonly consts = new Map<string, number>();
  private readonly defs = new Map<string, Definition>();
  private readonly structDecls = new Map<string, StructDecl>();
  private readonly structNodes = new Map<string, Node>();
  private readonly sets = new Map<string, AttrSet>();
  private readonly setNodes = new Map<string, Node>();
  private readonly subMessages = new Map<string, Node>();
  private family = '';

  constructor(raw: Raw, private readonly opts: CompileOptions) {
    this.root = new Node(raw, '', opts.source);
  }

  private warn(where: string, what: string): void {
    this.warnings.push(`${where ? `${where}: ` : ''}${what}`);
  }

  private unknownKeys(n: Node, known: ReadonlySet<string>): void {
    for (const k of n.unknownKeys(known)) this.warn(n.where, `unknown property "${k}" ignored`);
  }

  run(): YnlFamily {
    const r = this.root;
    this.family = r.need('name');
    const protocol = r.str('protocol') ?? 'genetlink';
    if (!PROTOCOLS.has(protocol)) {
      throw new YnlProtocolError(`${this.opts.source}: protocol ${protocol} is not generic netlink (genetlink, genetlink-c, genetlink-legacy)`);
    }
    this.unknownKeys(r, TOP_KEYS);
    const version = r.int('version') ?? 1;
    for (const d of r.list('definitions', 'definition')) this.definition(d);
    for (const s of r.list('sub-messages', 'sub-message')) this.subMessages.set(s.need('name'), s);
    const setList = r.list('attribute-sets', 'attribute-set');
    if (r.raw['attribute-sets'] === undefined) r.fail('attribute-sets is missing');
    for (const s of setList) this.setNodes.set(s.need('name'), s);
    for (const s of setList) this.attributeSet(s);
    const { ops, commands } = this.operations();
    const mcast = r.map('mcast-groups');
    const mcastGroups = mcast ? mcast.list('list', 'group').map((g) => g.need('name')) : [];
    const definitions = new Map<string, EnumDecl | FlagsDecl>([...this.defs].map(([k, d]) => [k, d.decl]));
    return {
      name: this.family, protocol, version, source: this.opts.source,
      definitions, structs: this.structDecls, sets: this.sets, ops, commands, mcastGroups, warnings: this.warnings,
    };
  }

  // ---------------------------------------------------------------- definitions

  private definition(d: Node): void {
    this.unknownKeys(d, DEF_KEYS);
    const name = d.need('name');
    const type = d.need('type');
    if (type === 'const') {
      const v = d.raw.value;
      const n = typeof v === 'number' ? v : typeof v === 'string' ? this.lengthOf(v, d) : undefined;
      if (n === undefined) d.fail('a const needs a value');
      this.consts.set(name, n);
      return;
    }
    if (type === 'struct') { this.structNodes.set(name, d); return; }
    if (type !== 'enum' && type !== 'flags') { this.warn(d.where, `definition type "${type}" is not supported; ignored`); return; }
    const prefix = cUpper(d.str('name-prefix') ?? `${this.family}-${name}-`);
    const builtinName = prefix.replace(/_$/, '');
    const builtin = d.str('header') !== undefined ? this.opts.builtins?.get(builtinName) : undefined;
    const start = this.startValue(d);
    const entries: Array<readonly [string, number, string]> = [];
    let next = start;
    for (const e of d.list('entries', 'entry')) {
      const ename = e.need('name');
      const v = e.int('value') ?? next;
      entries.push([cUpper(prefix + ename), v, ename]);
      next = v + 1;
    }
    let decl: EnumDecl | FlagsDecl;
    if (builtin && builtin.kind === (type === 'enum' ? 'enum' : 'flags')) decl = builtin as EnumDecl | FlagsDecl;
    else if (type === 'enum') decl = enumOf(builtinName, Object.fromEntries(entries.map(([n, v]) => [n, v])));
    else decl = flagsOf(builtinName, Object.fromEntries(entries.map(([n, v]) => [n, 2 ** v])));
    this.defs.set(name, { type, decl, entries });
  }

  private startValue(d: Node): number {
    const v = d.raw['value-start'];
    if (v === undefined || v === null) return 0;
    if (typeof v === 'number') return v;
    if (typeof v === 'string') return this.lengthOf(v, d);
    return d.fail('value-start must be a number or a const name');
  }

  /** A length or value: a number, a const name, or `NAME - 1`. */
  private lengthOf(v: unknown, where: Node): number {
    if (typeof v === 'number') return v;
    const m = /^\s*([\w-]+?)(\s+-\s*1)?\s*$/.exec(String(v));
    if (m) {
      const base = /^\d+$/.test(m[1]!) ? Number(m[1]) : this.consts.get(m[1]!);
      if (base !== undefined) return m[2] ? base - 1 : base;
    }
    return where.fail(`length ${JSON.stringify(v)} is neither a number nor a const of this spec`);
  }

  private flagsOfDef(def: Definition): FlagsDecl {
    if (def.type === 'flags') return def.decl as FlagsDecl;
    def.asFlags ??= flagsOf(def.decl.name, Object.fromEntries(def.entries.map(([n, v]) => [n, 2 ** v])));
    return def.asFlags;
  }

  /** enum / flags names for an integer, or a warning when the definition is missing. */
  private namesFor(n: Node): { enum?: EnumDecl; flags?: FlagsDecl } {
    const ename = n.str('enum');
    if (ename === undefined) return {};
    const def = this.defs.get(ename);
    if (!def) { this.warn(n.where, `enum ${ename} is not defined; values stay numbers`); return {}; }
    if (def.type === 'flags' || n.bool('enum-as-flags')) return { flags: this.flagsOfDef(def) };
    return { enum: def.decl as EnumDecl };
  }

  // ---------------------------------------------------------------- structs

  private structNamed(name: string, where: Node, seen: readonly string[] = []): StructDecl | undefined {
    const done = this.structDecls.get(name);
    if (done) return done;
    const node = this.structNodes.get(name);
    if (!node) { this.warn(where.where, `struct ${name} is not defined; kept as bytes`); return undefined; }
    if (seen.includes(name)) node.fail(`struct ${name} contains itself`);
    const fields: FieldSpec[] = [];
    for (const m of node.list('members', 'member')) {
      this.unknownKeys(m, MEMBER_KEYS);
      const f = this.member(m, [...seen, name]);
      if (f) fields.push(f);
    }
    if (!fields.length) { this.warn(node.where, 'struct without usable members; kept as bytes'); return undefined; }
    const decl = struct(cLower(name), fields);
    this.structDecls.set(name, decl);
    return decl;
  }

  private member(m: Node, seen: readonly string[]): FieldSpec | undefined {
    const name = cLower(m.need('name'));
    const type = m.need('type');
    const len = m.raw.len !== undefined ? this.lengthOf(m.raw.len, m) : undefined;
    if (INTS.has(type)) {
      const big = m.str('byte-order') === 'big-endian';
      const kind = (big ? BIG_ENDIAN[type] ?? type : type) as IntKind;
      if (big && type.startsWith('s') && type !== 's8') this.warn(m.where, `signed big-endian ${type} shown unsigned`);
      const names = this.namesFor(m);
      const hint = m.str('display-hint');
      if (kind === 'be32' && hint === 'ipv4') return [name, 'ip4'];
      return [name, kind, names as FieldOpts];
    }
    if (type === 'bitfield32') return [name, struct('nla_bitfield32', [['value', 'u32'], ['selector', 'u32']])];
    const sname = m.str('struct');
    if (sname !== undefined) {
      const inner = this.structNamed(sname, m, seen);
      if (inner) return [name, inner];
    }
    if (type === 'string' || type === 'binary' || type === 'pad') {
      if (len === undefined || len <= 0) {
        this.warn(m.where, `${type} member without a length; the struct ends before it`);
        return undefined;
      }
      if (type === 'string') return [name, 'string', { size: len }];
      const hint = m.str('display-hint');
      if (hint === 'mac' && len === 6) return [name, 'mac'];
      if (hint === 'ipv4' && len === 4) return [name, 'ip4'];
      if (hint === 'ipv6' && len === 16) return [name, 'ip6'];
      return [name, 'bytes', { size: len }];
    }
    this.warn(m.where, `member type "${type}" is not supported; the struct ends before it`);
    return undefined;
  }

  // ---------------------------------------------------------------- attribute sets

  /** C name prefix of a main set (subsets use their main set's). */
  private prefixOf(s: Node): string {
    const main = s.str('subset-of');
    if (main !== undefined) {
      const m = this.setNodes.get(main);
      return m ? this.prefixOf(m) : '';
    }
    const name = s.need('name');
    const p = s.str('name-prefix') ?? (name === this.family ? `${this.family}-a-` : `${this.family}-a-${name}-`);
    return cUpper(p);
  }

  private attributeSet(s: Node): void {
    this.unknownKeys(s, SET_KEYS);
    const name = s.need('name');
    const prefix = this.prefixOf(s);
    const builtin = s.str('header') !== undefined ? this.opts.builtins?.get(prefix.replace(/_$/, '')) : undefined;
    if (builtin?.kind === 'attrs') { this.sets.set(name, builtin); return; }
    const mainName = s.str('subset-of');
    // a subset takes the values (and the rest) of its main set's attributes
    const mainValues = new Map<string, { value: number; node: Node }>();
    if (mainName !== undefined) {
      const main = this.setNodes.get(mainName) ?? s.fail(`subset-of ${mainName}: no such attribute set`);
      let v = 1;
      for (const a of main.list('attributes', 'attribute')) {
        v = a.int('value') ?? v;
        mainValues.set(a.need('name'), { value: v++, node: a });
      }
    }
    const specs: AttrSpec[] = [];
    const types = new Set<number>();
    // values: explicit, else the previous one + 1, from 1
    let next = 1;
    for (const a of s.list('attributes', 'attribute')) {
      const aname = a.need('name');
      let node = a;
      let value: number;
      if (mainName !== undefined) {
        const real = mainValues.get(aname);
        if (!real) { this.warn(a.where, `not an attribute of ${mainName}; ignored`); continue; }
        node = new Node({ ...real.node.raw, ...a.raw }, a.where, this.opts.source);
        value = real.value;
      } else {
        value = a.int('value') ?? next;
        next = value + 1;
      }
      this.unknownKeys(a, ATTR_KEYS);
      if (types.has(value)) { this.warn(a.where, `value ${value} used twice in ${name}; this one ignored`); continue; }
      types.add(value);
      const [v, o] = this.attrValue(node, name, s);
      // an attribute may carry its own prefix (genetlink-c: ethtool's ETHTOOL_A_PODL_PSE_*)
      specs.push([value, cUpper((node.str('name-prefix') ?? prefix) + aname), v, o]);
    }
    this.sets.set(name, attrs(prefix.replace(/_$/, '') || cUpper(name), specs));
  }

  private setRef(name: string | undefined, where: Node): (() => AttrSet) | undefined {
    if (name === undefined) return undefined;
    if (!this.setNodes.has(name)) { this.warn(where.where, `nested-attributes ${name}: no such attribute set; kept as bytes`); return undefined; }
    const sets = this.sets;
    return () => sets.get(name)!;
  }

  /** The value of one attribute, and its options. */
  private attrValue(a: Node, setName: string, set: Node): [ValueSpec, AttrOpts] {
    const type = a.str('type');
    const multi = a.bool('multi-attr');
    const base: AttrOpts = multi ? { multi } : {};
    if (type === undefined) { this.warn(a.where, 'attribute without a type; kept as bytes'); return ['binary', base]; }
    if (INTS.has(type)) {
      const big = a.str('byte-order') === 'big-endian';
      const kind = (big ? BIG_ENDIAN[type] ?? type : type) as IntKind;
      if (big && type.startsWith('s') && type !== 's8') this.warn(a.where, `signed big-endian ${type} shown unsigned`);
      if (kind === 'be32' && a.str('display-hint') === 'ipv4') return ['ip4', base];
      const names = this.namesFor(a);
      // an integer with `type-value` (ethtool's stats): a nest whose one child's type is an id
      const levels = this.typeValues(a);
      if (levels.length) return [nestTypeValue(levels, toValue(kind, names)), { ...base, nested: true }];
      return [kind, { ...base, ...names }];
    }
    switch (type) {
      case 'uint': case 'sint': case 'string': case 'flag': case 'bitfield32':
        return [type, base];
      case 'pad': case 'unused':
        return ['binary', base];
      case 'binary': return [this.binaryValue(a), base];
      case 'nest': {
        const ref = this.setRef(a.str('nested-attributes'), a);
        return [ref ?? emptySet(setName, a.need('name')), { ...base, nested: true }];
      }
      case 'indexed-array': case 'array-nest': { // array-nest: the name older specs use
        const sub = type === 'array-nest' ? 'nest' : a.str('sub-type') ?? (a.str('nested-attributes') !== undefined ? 'nest' : undefined);
        if (sub === 'nest') {
          const ref = this.setRef(a.str('nested-attributes'), a);
          return ref ? [array(ref), base] : ['binary', base];
        }
        if (sub !== undefined && (INTS.has(sub) || sub === 'uint' || sub === 'sint' || sub === 'string' || sub === 'flag' || sub === 'binary')) {
          const big = a.str('byte-order') === 'big-endian';
          const kind = INTS.has(sub) && big ? BIG_ENDIAN[sub] ?? sub : sub;
          return [array(kind as ValueSpec), base];
        }
        this.warn(a.where, `indexed-array of sub-type ${sub ?? '(none)'} is not supported; kept as bytes`);
        return ['binary', base];
      }
      case 'nest-type-value': {
        const ref = this.setRef(a.str('nested-attributes'), a);
        if (!ref) return ['binary', base];
        const levels = this.typeValues(a);
        return [nestTypeValue(levels.length ? levels : [a.need('name')], toValue(ref)), { ...base, nested: true }];
      }
      case 'sub-message': return [this.subMessage(a, set), base];
      default:
        this.warn(a.where, `attribute type "${type}" is not supported; kept as bytes`);
        return ['binary', base];
    }
  }

  /** Names of the values carried in attribute types (`type-value: [ policy-id, attr-id ]`). */
  private typeValues(a: Node): string[] {
    const tv = a.raw['type-value'];
    if (tv === undefined || tv === null) return [];
    if (!Array.isArray(tv) || !tv.every((x) => typeof x === 'string')) return a.fail('type-value must be a list of names');
    return tv as string[];
  }

  private binaryValue(a: Node): ValueSpec {
    const sname = a.str('struct');
    if (sname !== undefined) {
      // one struct, decoded by the length present (a newer kernel's longer struct keeps its tail)
      return this.structNamed(sname, a) ?? 'binary';
    }
    const sub = a.str('sub-type');
    if (sub === 'u32') return 'u32list';
    if (sub !== undefined) { this.warn(a.where, `binary array of ${sub} is kept as bytes`); return 'binary'; }
    switch (a.str('display-hint')) {
      case 'mac': return 'mac';
      case 'ipv4': return 'ip4';
      case 'ipv6': return 'ip6';
      default: return 'binary';
    }
  }

  /** `sub-message`: the layout of the value is chosen by the value of the `selector` attribute. */
  private subMessage(a: Node, set: Node): AttrValue | 'binary' {
    const name = a.str('sub-message');
    const selector = a.str('selector');
    const sm = name !== undefined ? this.subMessages.get(name) : undefined;
    if (!sm || selector === undefined) { this.warn(a.where, `sub-message ${name ?? '(none)'} with selector ${selector ?? '(none)'} is not defined; kept as bytes`); return 'binary'; }
    // The selector's JSON value is its C name when it is an enum: accept both spellings.
    const selNode = set.list('attributes', 'attribute').find((x) => x.str('name') === selector);
    const selDef = selNode?.str('enum') !== undefined ? this.defs.get(selNode.str('enum')!) : undefined;
    const formats = new Map<string, () => AttrValue | undefined>();
    for (const f of sm.list('formats', 'format')) {
      const value = f.need('value');
      const fixed = f.str('fixed-header');
      const setName = f.str('attribute-set');
      const choose = (): AttrValue | undefined => {
        const st = fixed !== undefined ? this.structDecls.get(fixed) : undefined;
        const as = setName !== undefined ? this.sets.get(setName) : undefined;
        if (st && as) return { kind: 'prefixed', struct: st, set: () => as };
        if (st) return { kind: 'struct', struct: st };
        if (as) return { kind: 'nest', set: () => as };
        return undefined;
      };
      if (fixed !== undefined) this.structNamed(fixed, f);
      if (setName !== undefined && !this.setNodes.has(setName)) this.warn(f.where, `attribute-set ${setName}: no such set`);
      formats.set(value, choose);
      const cname = selDef?.entries.find(([, , spec]) => spec === value)?.[0];
      if (cname) formats.set(cname, choose);
    }
    const key = cUpper(this.prefixOf(set) + selector);
    return select((ctx) => {
      const v = ctx.siblings[key] ?? ctx.parent?.siblings[key];
      return typeof v === 'string' || typeof v === 'number' ? formats.get(String(v))?.() : undefined;
    });
  }

  // ---------------------------------------------------------------- operations

  private operations(): { ops: YnlOp[]; commands: Record<Direction, EnumDecl> } {
    const o = this.root.map('operations');
    const ops: YnlOp[] = [];
    if (!o) {
      this.warn('', 'no operations: messages keep numeric commands');
      const none = enumOf(cUpper(`${this.family}-cmd`), {});
      return { ops, commands: { 'to-kernel': none, 'to-user': none } };
    }
    const model = o.str('enum-model') ?? 'unified';
    if (model !== 'unified' && model !== 'directional') o.fail(`enum-model ${model} is not unified or directional`);
    const prefix = o.str('name-prefix') ?? `${this.family}-cmd-`;
    const asyncPrefix = o.str('async-prefix') ?? prefix;
    const defaultHeader = o.str('fixed-header');
    const list = o.list('list', 'operation');
    const byName = new Map(list.map((n) => [n.need('name'), n]));
    let req = 1;
    let rsp = 1;
    for (const n of list) {
      this.unknownKeys(n, OP_KEYS);
      const name = n.need('name');
      const isAsync = n.raw.notify !== undefined || n.raw.event !== undefined;
      const cname = cUpper((isAsync ? asyncPrefix : prefix) + name);
      let request: YnlMessage | undefined;
      let reply: YnlMessage | undefined;
      if (model === 'unified') {
        const v = n.int('value') ?? req;
        request = { value: v, name: cname };
        reply = request;
        req = v + 1;
      } else if (isAsync) {
        rsp = n.int('value') ?? rsp;
        reply = { value: rsp, name: cname };
        rsp += 1;
      } else {
        const mode = n.map('do') ?? n.map('dump') ?? n.fail('a directional operation needs do, dump, notify or event');
        req = mode.map('request')?.int('value') ?? req;
        request = { value: req, name: cname };
        req += 1;
        const r = mode.map('reply');
        if (r) {
          rsp = r.int('value') ?? rsp;
          reply = { value: rsp, name: `${cname}_REPLY` };
          rsp += 1;
        }
      }
      const setName = n.str('attribute-set') ?? (typeof n.raw.notify === 'string' ? byName.get(n.raw.notify)?.str('attribute-set') : undefined);
      let set: AttrSet | undefined;
      if (setName !== undefined) {
        set = this.sets.get(setName);
        if (!set) this.warn(n.where, `attribute-set ${setName}: no such set; attributes stay unnamed`);
      }
      const headerName = n.str('fixed-header') ?? defaultHeader;
      const fixedHeader = headerName !== undefined ? this.structNamed(headerName, n) : undefined;
      ops.push({ name, request, reply, attrs: set, fixedHeader });
    }
    const enumName = cUpper(prefix).replace(/_$/, '');
    const side = (pick: (op: YnlOp) => YnlMessage | undefined) =>
      enumOf(enumName, Object.fromEntries(ops.map(pick).filter((m): m is YnlMessage => !!m).map((m) => [m.name, m.value])));
    const toKernel = side((op) => op.request);
    const commands = model === 'unified'
      ? { 'to-kernel': toKernel, 'to-user': toKernel }
      : { 'to-kernel': toKernel, 'to-user': side((op) => op.reply) };
    return { ops, commands };
  }
}

/** A nest without a declared set: its children keep their numbers. */
function emptySet(setName: string, attr: string): AttrSet {
  return attrs(`${cUpper(setName)}_${cUpper(attr)}`, []);
}

/** Nests whose children's types are values, one level per name, around `leaf`. */
function nestTypeValue(levels: readonly string[], leaf: AttrValue): AttrValue {
  let inner = leaf;
  for (const label of [...levels].reverse()) inner = toValue(typeValueSet(cUpper(label), inner));
  return inner;
}

/**
 * `nest-type-value`: each child's attribute type is a value (a policy index, an attribute
 * id), not a name. Keys are `LABEL=N` (`POLICY_ID=0`): JSON objects keep such keys in wire
 * order, where bare numbers would be sorted.
 */
export function typeValueSet(label: string, item: AttrValue): AttrSet {
  const cache = new Map<number, AttrDecl>();
  const decl = (t: number): AttrDecl => {
    let d = cache.get(t);
    if (!d) {
      // the kernel opens these levels with nla_nest_start (NLA_F_NESTED)
      d = attrs(label, [[t, `${label}=${t}`, item, { nested: item.kind === 'nest' }]]).byType.get(t)!;
      cache.set(t, d);
    }
    return d;
  };
  const byType = new TypeValueMap<number>((t) => (Number.isInteger(t) && t >= 0 && t <= 0x3fff ? decl(t) : undefined));
  const byName = new TypeValueMap<string>((key) => {
    const m = /^(.+)=(\d+)$/.exec(key);
    return m && m[1] === label ? byType.get(Number(m[2])) : undefined;
  });
  return { kind: 'attrs', name: label, byType, byName };
}

/** A map that answers every key it can make a declaration for (lists only those made so far). */
class TypeValueMap<K> extends Map<K, AttrDecl> {
  constructor(private readonly make: (k: K) => AttrDecl | undefined) { super(); }
  override get(k: K): AttrDecl | undefined { return this.make(k); }
  override has(k: K): boolean { return this.make(k) !== undefined; }
}

/** Re-exported for loaders that build their own messages. */
export { YnlError };

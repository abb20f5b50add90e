// The YNL spec loader: the shipped specs against the uapi headers (gcc), every construct of a
// small inline spec decoded and encoded through the same engine as rtnetlink, unknown
// constructs kept raw with a warning, and spec errors as one clear line.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpecFile, loadSpecText, YnlError, YnlProtocolError, type YnlFamily } from '../src/ynl/index.js';
import { cachedParse, keepParse } from '../src/ynl/cache.js';
import { decodePacket, encodePacket } from '../src/codec/message.js';
import { Session } from '../src/codec/session.js';
import type { Json } from '../src/codec/struct.js';
import type { AttrSet } from '../src/codec/schema.js';
import { toHex } from '../src/wire/bytes.js';
import { addFamily, addSpecs, BUILTINS, knownFamily, SHIPPED } from '../codecs/genl/index.js';
import { NL_POLICY_TYPE_ATTR } from '../codecs/netlink.js';
import { ccAvailable } from './c-layout.js';

const BIN = 'src/cli/bin.mjs';
const GENL = 16;

/** Every C name a family declares: commands, definitions' entries, attributes. */
function cNames(f: YnlFamily): Map<string, number> {
  const out = new Map<string, number>();
  for (const dir of ['to-kernel', 'to-user'] as const) for (const [n, v] of f.commands[dir].byName) out.set(n, v);
  // enums by value, flags by mask: as the C headers define them
  for (const d of f.definitions.values()) for (const [n, v] of d.byName) out.set(n, v);
  for (const s of f.sets.values()) for (const a of s.byType.values()) out.set(a.name, a.type);
  return out;
}

/** Values of the names the installed headers define, measured by the C compiler. */
function headerValues(names: readonly string[], headers: readonly string[]): Map<string, number> {
  const text = headers.map((h) => readFileSync(`/usr/include/${h}`, 'utf8')).join('\n');
  const known = names.filter((n) => new RegExp(`\\b${n}\\b`).test(text));
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-ynl-'));
  try {
    const src = [
      '#include <stdio.h>', ...headers.map((h) => `#include <${h}>`),
      'int main(void) {',
      ...known.map((n) => `  printf("%s %lld\\n", "${n}", (long long)(${n}));`),
      '  return 0;', '}',
    ].join('\n');
    writeFileSync(join(dir, 'v.c'), src);
    const cc = spawnSync('cc', ['-o', join(dir, 'v'), join(dir, 'v.c')], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(cc.stderr);
    const run = spawnSync(join(dir, 'v'), { encoding: 'utf8' });
    return new Map(run.stdout.trim().split('\n').map((l) => l.split(' ')).map(([n, v]) => [n!, Number(v)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('shipped specs', () => {
  for (const [name, file] of SHIPPED) {
    it(`${name}: loads without warnings, once per process`, () => {
      const f = loadSpecFile(file, BUILTINS);
      expect(f.name).toBe(name);
      expect(f.warnings).toEqual([]);
      expect(loadSpecFile(file, BUILTINS)).toBe(f);
      expect(knownFamily(name)).toBe(f);
    });
  }

  it.skipIf(!ccAvailable())('every name the 6.1 uapi headers define has the header\'s value', () => {
    const cases: Array<[string, string[], number]> = [
      ['nlctrl', ['linux/genetlink.h', 'linux/netlink.h'], 40],
      ['ethtool', ['linux/ethtool.h', 'linux/ethtool_netlink.h'], 350],
    ];
    for (const [fam, headers, atLeast] of cases) {
      const names = cNames(knownFamily(fam)!);
      const measured = headerValues([...names.keys()], headers);
      expect(measured.size, `${fam}: names found in the headers`).toBeGreaterThan(atLeast);
      for (const [n, v] of measured) expect(names.get(n), n).toBe(v);
    }
  });

  it('ethtool: directional ids, requests and replies named apart', () => {
    const f = knownFamily('ethtool')!;
    expect(f.commands['to-kernel'].byValue.get(2)).toBe('ETHTOOL_MSG_LINKINFO_GET');
    expect(f.commands['to-user'].byValue.get(2)).toBe('ETHTOOL_MSG_LINKINFO_GET_REPLY');
    expect(f.commands['to-user'].byValue.get(3)).toBe('ETHTOOL_MSG_LINKINFO_NTF');
    expect(f.commands['to-kernel'].byValue.get(17)).toBe('ETHTOOL_MSG_CHANNELS_GET');
    expect(f.commands['to-user'].byValue.get(18)).toBe('ETHTOOL_MSG_CHANNELS_GET_REPLY');
    expect(f.commands['to-user'].byValue.get(12)).toBe('ETHTOOL_MSG_FEATURES_SET_REPLY');
    const ops = new Map(f.ops.map((o) => [o.name, o]));
    expect(ops.get('linkinfo-ntf')?.attrs).toBe(ops.get('linkinfo-get')?.attrs);
    expect(ops.get('linkinfo-ntf')?.request).toBeUndefined();
  });

  it('nlctrl: the policy attributes are the extended ack\'s declaration (header: linux/netlink.h)', () => {
    const f = knownFamily('nlctrl')!;
    expect(f.sets.get('policy-attrs')).toBe(NL_POLICY_TYPE_ATTR);
    expect(f.commands['to-user'].byValue.get(1)).toBe('CTRL_CMD_NEWFAMILY');
    expect(f.mcastGroups).toEqual(['notify']);
  });
});

// ---------------------------------------------------------------- every construct

const SPEC = `
name: yt-demo
protocol: genetlink-legacy
doc: every construct the loader knows
definitions:
  - { name: name-len, type: const, value: 8 }
  - { name: colour, type: enum, entries: [ red, green, { name: blue, value: 7 }, cyan ], render-max: true }
  - { name: level, type: enum, value-start: 3, entries: [ low, high ] }
  - { name: bits, type: flags, value-start: 2, entries: [ a, b, c ] }
  - name: hdr
    type: struct
    members:
      - { name: ifindex, type: u32 }
      - { name: colour, type: u8, enum: colour }
      - { name: pad, type: pad, len: 1 }
      - { name: port, type: u16, byte-order: big-endian }
      - { name: tag, type: string, len: name-len }
      - { name: blob, type: binary, len: 2 }
      - { name: hw-addr, type: binary, len: 6, display-hint: mac }
  - name: small
    type: struct
    members:
      - { name: cookie, type: u32 }
attribute-sets:
  - name: main
    name-prefix: yt-a-
    attributes:
      - { name: u8, type: u8 }
      - { name: u16, type: u16 }
      - { name: u32, type: u32, enum: colour }
      - { name: u64, type: u64 }
      - { name: s8, type: s8 }
      - { name: s16, type: s16 }
      - { name: s32, type: s32 }
      - { name: s64, type: s64 }
      - { name: uint, type: uint }
      - { name: sint, type: sint }
      - { name: str, type: string }
      - { name: bin, type: binary }
      - { name: hdr, type: binary, struct: hdr }
      - { name: flag, type: flag }
      - { name: nest, type: nest, nested-attributes: inner }
      - { name: list, type: indexed-array, sub-type: nest, nested-attributes: inner }
      - { name: ids, type: indexed-array, sub-type: u32 }
      - { name: by-id, type: nest-type-value, type-value: [ table, row ], nested-attributes: inner }
      - { name: bf, type: bitfield32 }
      - { name: be-port, type: u16, byte-order: big-endian }
      - { name: bits, type: u32, enum: bits }
      - { name: colours, type: u32, enum: colour, enum-as-flags: true }
      - { name: many, type: u32, multi-attr: true }
      - { name: addr, type: u32, byte-order: big-endian, display-hint: ipv4 }
      - { name: mac, type: binary, display-hint: mac }
      - { name: words, type: binary, sub-type: u32 }
      - { name: later, type: u8, value: 40 }
      - { name: next, type: u8 }
      - { name: kind, type: string }
      - { name: data, type: sub-message, sub-message: by-kind, selector: kind }
      - { name: pad, type: pad }
      - { name: old-list, type: array-nest, nested-attributes: inner, value: 50 }
      - { name: own-prefix, type: u8, name-prefix: yt-other- }
  - name: inner
    attributes:
      - { name: id, type: u32 }
      - { name: name, type: string }
      - { name: level, type: u8, enum: level }
  - name: inner-short
    subset-of: inner
    attributes:
      - { name: name }
sub-messages:
  - name: by-kind
    formats:
      - { value: wide, attribute-set: inner }
      - { value: fixed, fixed-header: hdr }
operations:
  enum-model: directional
  name-prefix: yt-cmd-
  fixed-header: hdr
  list:
    - name: get
      attribute-set: main
      do: { request: { value: 5 }, reply: { value: 9 } }
      dump: { request: { value: 5 }, reply: { value: 9 } }
    - name: set
      attribute-set: main
      do: { request: {} }
    - name: plain
      attribute-set: inner
      fixed-header: small
      do: { request: {}, reply: {} }
    - name: changed
      notify: get
mcast-groups:
  list: [ { name: events } ]
`;

describe('the loader on every construct', () => {
  const f = loadSpecText(SPEC, 'demo.yaml');
  const main = f.sets.get('main')!;
  const attr = (set: AttrSet, name: string) => set.byName.get(name)!;

  it('loads without warnings and names as the kernel generator does', () => {
    expect(f.warnings).toEqual([]);
    expect(f.name).toBe('yt-demo');
    expect(attr(main, 'YT_A_U8').type).toBe(1);
    expect(attr(main, 'YT_A_LATER').type).toBe(40);
    expect(attr(main, 'YT_A_NEXT').type).toBe(41);
    expect(f.sets.get('inner')!.byName.has('YT_DEMO_A_INNER_ID')).toBe(true);
    expect(f.mcastGroups).toEqual(['events']);
  });

  it('definitions: enum values continue after an explicit one, value-start, flags bits', () => {
    const colour = f.definitions.get('colour')!;
    expect(colour.kind === 'enum' && [...colour.byName]).toEqual([['YT_DEMO_COLOUR_RED', 0], ['YT_DEMO_COLOUR_GREEN', 1], ['YT_DEMO_COLOUR_BLUE', 7], ['YT_DEMO_COLOUR_CYAN', 8]]);
    const level = f.definitions.get('level')!;
    expect(level.kind === 'enum' && level.byValue.get(3)).toBe('YT_DEMO_LEVEL_LOW');
    const bits = f.definitions.get('bits')!;
    expect(bits.kind === 'flags' && bits.byName.get('YT_DEMO_BITS_A')).toBe(4);
  });

  it('struct: members end to end, big-endian, fixed strings and bytes, pad, mac', () => {
    const hdr = f.structs.get('hdr')!;
    expect(hdr.name).toBe('hdr');
    expect(hdr.fields.map((x) => [x.name, x.kind, x.size])).toEqual([
      ['ifindex', 'u32', 4], ['colour', 'u8', 1], ['pad', 'bytes', 1], ['port', 'be16', 2],
      ['tag', 'string', 8], ['blob', 'bytes', 2], ['hw_addr', 'mac', 6],
    ]);
    expect(hdr.size).toBe(24);
  });

  it('operations: directional ids, per-op fixed header, notifications on the reply side', () => {
    expect([...f.commands['to-kernel'].byName]).toEqual([['YT_CMD_GET', 5], ['YT_CMD_SET', 6], ['YT_CMD_PLAIN', 7]]);
    expect([...f.commands['to-user'].byName]).toEqual([['YT_CMD_GET_REPLY', 9], ['YT_CMD_PLAIN_REPLY', 10], ['YT_CMD_CHANGED', 11]]);
    const ops = new Map(f.ops.map((o) => [o.name, o]));
    expect(ops.get('get')!.fixedHeader).toBe(f.structs.get('hdr'));
    expect(ops.get('plain')!.fixedHeader).toBe(f.structs.get('small'));
    expect(ops.get('changed')!.attrs).toBe(main);
  });

  it('subset-of: the main set\'s values and names', () => {
    const short = f.sets.get('inner-short')!;
    expect([...short.byType.values()].map((a) => [a.type, a.name])).toEqual([[2, 'YT_DEMO_A_INNER_NAME']]);
  });

  // A message with every attribute, through the engine both ways.
  addFamily(f);
  const ID = 0x30;
  const session = () => Session.withGenlFamilies([`${ID}=yt-demo`]);
  const message: Json = {
    header: { len: 0, type: 'yt-demo', flags: ['NLM_F_REQUEST'], seq: 1, pid: 0 },
    cmd: 'YT_CMD_GET', version: 1, reserved: 0,
    ifindex: 3, colour: 'YT_DEMO_COLOUR_BLUE', pad: '00', port: 4789, tag: 'veth0', blob: 'abcd', hw_addr: '02:00:00:00:00:01',
    YT_A_U8: 255, YT_A_U16: 65535, YT_A_U32: 'YT_DEMO_COLOUR_CYAN', YT_A_U64: '18446744073709551615',
    YT_A_S8: -1, YT_A_S16: -2, YT_A_S32: -3, YT_A_S64: -4, YT_A_UINT: 5000000000, YT_A_SINT: -6,
    YT_A_STR: 'text', YT_A_BIN: '0102',
    YT_A_HDR: { ifindex: 7, colour: 'YT_DEMO_COLOUR_RED', pad: '00', port: 53, tag: 'x', blob: '0000', hw_addr: '00:00:00:00:00:00' },
    YT_A_FLAG: true,
    YT_A_NEST: { YT_DEMO_A_INNER_ID: 1, YT_DEMO_A_INNER_LEVEL: 'YT_DEMO_LEVEL_HIGH' },
    YT_A_LIST: [{ YT_DEMO_A_INNER_NAME: 'first' }, { YT_DEMO_A_INNER_NAME: 'second' }],
    YT_A_IDS: [10, 20, 30],
    YT_A_BY_ID: { 'TABLE=0': { 'ROW=4': { YT_DEMO_A_INNER_ID: 4 } }, 'TABLE=2': { 'ROW=1': { YT_DEMO_A_INNER_NAME: 'r' } } },
    YT_A_BF: { value: 1, selector: 3 },
    YT_A_BE_PORT: 443,
    YT_A_BITS: ['YT_DEMO_BITS_A', 'YT_DEMO_BITS_C'],
    YT_A_COLOURS: ['YT_DEMO_COLOUR_RED', 'YT_DEMO_COLOUR_BLUE'],
    YT_A_MANY: [1, 2, 3],
    YT_A_ADDR: '192.0.2.1',
    YT_A_MAC: '02:00:00:00:00:02',
    YT_A_WORDS: [1, 4294967295],
    YT_A_LATER: 1,
    YT_A_KIND: 'wide',
    YT_A_DATA: { YT_DEMO_A_INNER_ID: 9 },
    YT_A_OLD_LIST: [{ YT_DEMO_A_INNER_ID: 1 }],
    YT_OTHER_OWN_PREFIX: 2,
  };

  it('a message with every attribute kind encodes, and decodes to the same JSON and bytes', () => {
    const bytes = encodePacket([message], { protocol: GENL, direction: 'to-kernel', session: session() });
    const { messages, problems } = decodePacket(bytes, { protocol: GENL, direction: 'to-kernel', session: session() });
    expect(problems).toEqual([]);
    const got = messages[0]!;
    expect({ ...got, header: { ...(got.header as Json), len: 0 } }).toEqual(message);
    expect((got.header as Json).len).toBe(bytes.length);
    expect(toHex(encodePacket(messages, { protocol: GENL, direction: 'to-kernel', session: session() }))).toBe(toHex(bytes));
  });

  it('wire details: big-endian values, the fixed header after genlmsghdr, NLA_F_NESTED on nests', () => {
    const bytes = encodePacket([message], { protocol: GENL, direction: 'to-kernel', session: session() });
    const hex = toHex(bytes);
    // nlmsghdr type = the family id; genlmsghdr cmd 5, version 1; fixed header: ifindex 3, colour 7, pad, port 4789 big-endian
    expect(hex.slice(8, 12)).toBe('3000');
    expect(hex.slice(32, 40)).toBe('05010000');
    expect(hex.slice(40, 56)).toBe('0300000007' + '00' + '12b5');
    expect(hex).toContain('06001400' + '01bb'); // YT_A_BE_PORT (20) = 443, network order
    expect(hex).toContain('08001800' + 'c0000201'); // YT_A_ADDR (24)
    expect(hex).toContain('0f80' + '0800' + '0100'); // YT_A_NEST (15) | NLA_F_NESTED, then its first attribute
  });

  it('sub-message: the selector chooses the layout (attributes, or a fixed header)', () => {
    const fixed: Json = { ...message, YT_A_KIND: 'fixed', YT_A_DATA: { ifindex: 1, colour: 'YT_DEMO_COLOUR_GREEN', pad: '00', port: 1, tag: 'a', blob: '0000', hw_addr: '00:00:00:00:00:00' } };
    const bytes = encodePacket([fixed], { protocol: GENL, direction: 'to-kernel', session: session() });
    const got = decodePacket(bytes, { protocol: GENL, direction: 'to-kernel', session: session() }).messages[0]!;
    expect(got.YT_A_DATA).toEqual(fixed.YT_A_DATA);
    const unknown: Json = { ...message, YT_A_KIND: 'other', YT_A_DATA: '0a0b0c' };
    const raw = encodePacket([unknown], { protocol: GENL, direction: 'to-kernel', session: session() });
    expect(decodePacket(raw, { protocol: GENL, direction: 'to-kernel', session: session() }).messages[0]!.YT_A_DATA).toBe('0a0b0c');
  });

  it('replies read by the reply ids; an op\'s own fixed header; commands the spec lacks stay numbers', () => {
    const reply: Json = {
      header: { len: 0, type: 'yt-demo', flags: [], seq: 1, pid: 9 },
      cmd: 'YT_CMD_PLAIN_REPLY', version: 1, reserved: 0, cookie: 0xabcdef, YT_DEMO_A_INNER_NAME: 'answer',
    };
    const bytes = encodePacket([reply], { protocol: GENL, direction: 'to-user', session: session() });
    expect(toHex(bytes).slice(32, 48)).toBe('0a010000' + 'efcdab00');
    const got = decodePacket(bytes, { protocol: GENL, direction: 'to-user', session: session() }).messages[0]!;
    expect(got).toEqual({ ...reply, header: { ...(reply.header as Json), len: bytes.length } });
    const { cookie: _c, YT_DEMO_A_INNER_NAME: _n, ...rest } = reply;
    const odd = { ...rest, cmd: 99, '#1': '01000000' };
    const oddBytes = encodePacket([odd], { protocol: GENL, direction: 'to-user', session: session() });
    const back = decodePacket(oddBytes, { protocol: GENL, direction: 'to-user', session: session() }).messages[0]!;
    expect(back.cmd).toBe(99);
    expect(toHex(encodePacket([back], { protocol: GENL, direction: 'to-user', session: session() }))).toBe(toHex(oddBytes));
  });
});

// ---------------------------------------------------------------- what the loader does not know

describe('unknown constructs and bad specs', () => {
  it('an unknown attribute type, property and definition load with warnings; the value stays raw', () => {
    const f = loadSpecText(`
name: yt-odd
definitions:
  - { name: thing, type: union, entries: [] }
attribute-sets:
  - name: main
    attributes:
      - { name: weird, type: quantum-float, colour: blue }
      - { name: ok, type: u32, enum: missing-enum }
      - { name: deep, type: nest, nested-attributes: nowhere }
operations:
  list:
    - { name: get, attribute-set: main, do: { request: {} } }
`, 'odd.yaml');
    expect(f.warnings.join('\n')).toMatch(/definition type "union" is not supported/);
    expect(f.warnings.join('\n')).toMatch(/attribute-set main > attribute weird: attribute type "quantum-float" is not supported; kept as bytes/);
    expect(f.warnings.join('\n')).toMatch(/unknown property "colour" ignored/);
    expect(f.warnings.join('\n')).toMatch(/enum missing-enum is not defined/);
    expect(f.warnings.join('\n')).toMatch(/nested-attributes nowhere: no such attribute set/);
    addFamily(f);
    const s = () => Session.withGenlFamilies(['0x31=yt-odd']);
    const m: Json = { header: { len: 0, type: 'yt-odd', flags: ['NLM_F_REQUEST'], seq: 2, pid: 0 }, cmd: 'YT_ODD_CMD_GET', version: 1, reserved: 0, YT_ODD_A_MAIN_WEIRD: 'deadbeef', YT_ODD_A_MAIN_OK: 7 };
    const bytes = encodePacket([m], { protocol: GENL, direction: 'to-kernel', session: s() });
    const got = decodePacket(bytes, { protocol: GENL, direction: 'to-kernel', session: s() });
    expect(got.problems).toEqual([]);
    expect(got.messages[0]!.YT_ODD_A_MAIN_WEIRD).toBe('deadbeef');
    expect(toHex(encodePacket(got.messages, { protocol: GENL, direction: 'to-kernel', session: s() }))).toBe(toHex(bytes));
  });

  it('YAML syntax errors say file, line and column in one line', () => {
    const e = (() => { try { loadSpecText('name: x\nattribute-sets: [\n  - a: 1\n', 'broken.yaml'); } catch (err) { return err as Error; } return undefined; })();
    expect(e).toBeInstanceOf(YnlError);
    expect(e!.message).toMatch(/^broken\.yaml:\d+:\d+: YAML error: /);
    expect(e!.message).not.toContain('\n');
  });

  it('structural errors name the place; other protocols are refused', () => {
    expect(() => loadSpecText('doc: no name\nattribute-sets: []\n', 'a.yaml')).toThrow(/^a\.yaml: name is missing$/);
    expect(() => loadSpecText('name: x\n', 'b.yaml')).toThrow(/attribute-sets is missing/);
    expect(() => loadSpecText('name: x\nattribute-sets:\n  - name: s\n    attributes:\n      - { name: a, type: u32, value: many }\n', 'c.yaml'))
      .toThrow(/^c\.yaml: attribute-set s > attribute a: value must be an integer/);
    expect(() => loadSpecText('name: rt-x\nprotocol: netlink-raw\nattribute-sets: []\n', 'd.yaml')).toThrow(YnlProtocolError);
    expect(() => loadSpecText('- just\n- a list\n', 'e.yaml')).toThrow(/^e\.yaml: not a YNL spec/);
  });

  it('a directory: generic netlink specs indexed by name and parsed on first use, others skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-specs-'));
    try {
      writeFileSync(join(dir, 'yt-lazy.yaml'), 'name: yt-lazy\nattribute-sets: [ { name: a, attributes: [ { name: x, type: u8 } ] } ]\noperations: { list: [ { name: get, attribute-set: a, do: {} } ] }\n');
      writeFileSync(join(dir, 'rt-thing.yaml'), 'name: rt-thing\nprotocol: netlink-raw\nattribute-sets: []\n');
      writeFileSync(join(dir, 'notes.txt'), 'not a spec');
      const added = addSpecs(dir);
      expect(added.families).toEqual(['yt-lazy']);
      expect(added.skipped).toEqual(['rt-thing.yaml']);
      expect(knownFamily('yt-lazy')?.sets.get('a')?.byName.has('YT_LAZY_A_A_X')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the parsed form is kept between runs by content; a damaged entry is parsed again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-cache-'));
    const before = process.env.NLSCOPE_CACHE;
    process.env.NLSCOPE_CACHE = dir;
    try {
      const text = 'name: yt-cached\nattribute-sets: [ { name: a, attributes: [ { name: x, type: u8 } ] } ]\n';
      expect(cachedParse(text)).toBeUndefined();
      keepParse(text, { name: 'yt-cached', 'attribute-sets': [] });
      expect(cachedParse(text)).toEqual({ name: 'yt-cached', 'attribute-sets': [] });
      expect(cachedParse(`${text}# changed\n`)).toBeUndefined();
      const [entry] = readdirSync(dir);
      writeFileSync(join(dir, entry!), '{ not json');
      expect(cachedParse(text)).toBeUndefined();
      process.env.NLSCOPE_CACHE = 'off';
      keepParse(text, { name: 'x' });
      expect(cachedParse(text)).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.NLSCOPE_CACHE; else process.env.NLSCOPE_CACHE = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CLI: a bad --spec is one line and exit 2; a good one decodes its family', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-specs-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), 'name: x\nattribute-sets: [\n');
      const bad = spawnSync(process.execPath, [BIN, 'decode', 'captures/rec-genl.pcap', '--spec', join(dir, 'bad.yaml')], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/^nlscope: --spec .*bad\.yaml:\d+:\d+: YAML error/);
      const missing = spawnSync(process.execPath, [BIN, 'decode', 'captures/rec-genl.pcap', '--spec', join(dir, 'none.yaml')], { encoding: 'utf8' });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/none\.yaml: cannot read \(ENOENT\)/);
      // tcp_metrics is in the capture; with a (small, hand-written) spec its messages get names
      writeFileSync(join(dir, 'tcp_metrics.yaml'), [
        'name: tcp_metrics', 'attribute-sets:', '  - name: tcp-metrics', '    attributes:',
        '      - { name: addr-ipv4, type: u32, byte-order: big-endian, display-hint: ipv4 }',
        '      - { name: addr-ipv6, type: binary, display-hint: ipv6 }',
        'operations:', '  list:', '    - { name: get, attribute-set: tcp-metrics, do: {}, dump: {} }', '',
      ].join('\n'));
      const good = spawnSync(process.execPath, [BIN, 'decode', 'captures/rec-genl.pcap', '--spec', join(dir, 'tcp_metrics.yaml'), '-f', 'jsonl'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const tm = good.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json).filter((m) => (m.header as Json).type === 'tcp_metrics');
      expect(tm.length).toBeGreaterThan(0);
      expect(tm.every((m) => m.cmd === 'TCP_METRICS_CMD_GET')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

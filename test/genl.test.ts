// Generic netlink: packets built by hand, family ids learned from CTRL answers in capture
// order, --genl-family, fast-check round trips under the shipped families, and the golden
// capture captures/rec-genl.pcap against what genl and ethtool printed (and tshark).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePacket, encodePacket } from '../src/codec/message.js';
import { Session } from '../src/codec/session.js';
import { JsonValueError } from '../src/codec/ints.js';
import type { Direction } from '../src/codec/schema.js';
import type { Json } from '../src/codec/struct.js';
import { toHex } from '../src/wire/bytes.js';
import { CaptureWriter } from '../src/capture/writer.js';
import { decodeCaptured } from '../src/stream/messages.js';
import { messageArb, setArb } from '../src/fuzz/arbitraries.js';
import { addFamily, BUILTINS, GENERIC, GENL_ID_CTRL, genlmsghdr, knownFamily, SHIPPED } from '../codecs/genl/index.js';
import { loadSpecFile, loadSpecText } from '../src/ynl/index.js';
import { packetsOf, walk } from './helpers.js';

const GENL = 16;
const BIN = 'src/cli/bin.mjs';
const CAPTURE = 'captures/rec-genl.pcap';
const OUT = 'captures/rec-tool-output';

// ---------------------------------------------------------------- bytes by hand

const u16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const u32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
const str = (s: string) => [...Buffer.from(s), 0];
const NESTED = 0x8000;
function nla(type: number, payload: number[]): number[] {
  const len = 4 + payload.length;
  return [...u16(len), ...u16(type), ...payload, ...new Array((4 - (len % 4)) % 4).fill(0)];
}
function nlmsg(type: number, flags: number, seq: number, pid: number, payload: number[]): number[] {
  return [...u32(16 + payload.length), ...u16(type), ...u16(flags), ...u32(seq), ...u32(pid), ...payload];
}
const genl = (cmd: number, version: number) => [cmd, version, 0, 0];
const bytes = (...msgs: number[][]) => Uint8Array.from(msgs.flat());

const ETHTOOL_ID = 0x15;
/** CTRL_CMD_NEWFAMILY for ethtool, as `genl ctrl get name ethtool` receives it (trimmed). */
const newFamily = bytes(nlmsg(GENL_ID_CTRL, 0, 1, 4242, [
  ...genl(1, 2),
  ...nla(2, str('ethtool')),
  ...nla(1, u16(ETHTOOL_ID)),
  ...nla(3, u32(1)),
  ...nla(6, nla(1, [...nla(1, u32(2)), ...nla(2, u32(0x0e))])),
  ...nla(7, nla(1, [...nla(1, str('monitor')), ...nla(2, u32(6))])),
]));
/** ETHTOOL_MSG_LINKINFO_GET_REPLY for veth0 (the kernel sets NLA_F_NESTED on the header nest). */
const linkinfoReply = bytes(nlmsg(ETHTOOL_ID, 0, 2, 4242, [
  ...genl(2, 1),
  ...nla(1 | NESTED, [...nla(1, u32(3)), ...nla(2, str('veth0'))]),
  ...nla(2, [0]), ...nla(3, [0]), ...nla(4, [0]), ...nla(5, [0]), ...nla(6, [0]),
]));
/** ETHTOOL_MSG_LINKINFO_GET: the same command number, read with the request names. */
const linkinfoGet = bytes(nlmsg(ETHTOOL_ID, 0x5, 2, 0, [...genl(2, 1), ...nla(1 | NESTED, nla(2, str('veth0')))]));

const dec = (b: Uint8Array, direction: Direction, session?: Session) => decodePacket(b, { protocol: GENL, direction, session });
const enc = (m: Json[], direction: Direction, session?: Session) => encodePacket(m, { protocol: GENL, direction, session });

describe('generic netlink by hand', () => {
  it('genlmsghdr is 4 bytes: cmd, version, reserved', () => {
    expect(genlmsghdr.size).toBe(4);
    expect(genlmsghdr.fields.map((f) => f.name)).toEqual(['cmd', 'version', 'reserved']);
    expect(GENERIC.short).toBe('genl');
    expect(GENERIC.id).toBe(GENL);
  });

  it('nlctrl is known without learning: a GETFAMILY request by name', () => {
    const req = bytes(nlmsg(GENL_ID_CTRL, 0x5, 7, 0, [...genl(3, 1), ...nla(2, str('ethtool'))]));
    const { messages, problems } = dec(req, 'to-kernel');
    expect(problems).toEqual([]);
    expect(messages[0]).toEqual({
      header: { len: req.length, type: 'nlctrl', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'], seq: 7, pid: 0 },
      cmd: 'CTRL_CMD_GETFAMILY', version: 1, reserved: 0, CTRL_ATTR_FAMILY_NAME: 'ethtool',
    });
    expect(toHex(enc(messages, 'to-kernel'))).toBe(toHex(req));
  });

  it('a CTRL_CMD_NEWFAMILY answer teaches the family id and its multicast groups', () => {
    const session = new Session();
    const { messages } = dec(newFamily, 'to-user', session);
    expect(messages[0]).toMatchObject({
      cmd: 'CTRL_CMD_NEWFAMILY', CTRL_ATTR_FAMILY_NAME: 'ethtool', CTRL_ATTR_FAMILY_ID: ETHTOOL_ID,
      CTRL_ATTR_OPS: [{ CTRL_ATTR_OP_ID: 2, CTRL_ATTR_OP_FLAGS: ['GENL_CMD_CAP_DO', 'GENL_CMD_CAP_DUMP', 'GENL_CMD_CAP_HASPOL'] }],
      CTRL_ATTR_MCAST_GROUPS: [{ CTRL_ATTR_MCAST_GRP_NAME: 'monitor', CTRL_ATTR_MCAST_GRP_ID: 6 }],
    });
    expect(session.genlFamilies.get(ETHTOOL_ID)).toBe('ethtool');
    expect(session.genlGroups.get(6)).toBe('ethtool/monitor');
    const reply = dec(linkinfoReply, 'to-user', session).messages[0]!;
    expect(reply).toEqual({
      header: { len: linkinfoReply.length, type: 'ethtool', flags: [], seq: 2, pid: 4242 },
      cmd: 'ETHTOOL_MSG_LINKINFO_GET_REPLY', version: 1, reserved: 0,
      ETHTOOL_A_LINKINFO_HEADER: { ETHTOOL_A_HEADER_DEV_INDEX: 3, ETHTOOL_A_HEADER_DEV_NAME: 'veth0' },
      ETHTOOL_A_LINKINFO_PORT: 'PORT_TP', ETHTOOL_A_LINKINFO_PHYADDR: 0, ETHTOOL_A_LINKINFO_TP_MDIX: 'ETH_TP_MDI_INVALID',
      ETHTOOL_A_LINKINFO_TP_MDIX_CTRL: 'ETH_TP_MDI_INVALID', ETHTOOL_A_LINKINFO_TRANSCEIVER: 'XCVR_INTERNAL',
    });
    const request = dec(linkinfoGet, 'to-kernel', session).messages[0]!;
    expect(request.cmd).toBe('ETHTOOL_MSG_LINKINFO_GET');
    expect(request.ETHTOOL_A_LINKINFO_HEADER).toEqual({ ETHTOOL_A_HEADER_DEV_NAME: 'veth0' });
  });

  it('capture order: an id seen before its CTRL answer stays a number, the same bytes after it get names', () => {
    const session = new Session();
    const before = dec(linkinfoReply, 'to-user', session).messages[0]!;
    expect((before.header as Json).type).toBe(ETHTOOL_ID);
    expect(before.cmd).toBe(2);
    expect(Object.keys(before).filter((k) => k.startsWith('#') && !k.endsWith('@'))).toEqual(['#1', '#2', '#3', '#4', '#5', '#6']);
    expect(toHex(enc([before], 'to-user', new Session()))).toBe(toHex(linkinfoReply));
    dec(newFamily, 'to-user', session);
    const after = dec(linkinfoReply, 'to-user', session).messages[0]!;
    expect((after.header as Json).type).toBe('ethtool');
    expect(after.cmd).toBe('ETHTOOL_MSG_LINKINFO_GET_REPLY');
    // a CTRL_CMD_DELFAMILY notification takes the id back
    const del = enc([{ ...dec(newFamily, 'to-user').messages[0]!, cmd: 'CTRL_CMD_DELFAMILY' }], 'to-user');
    dec(del, 'to-user', session);
    expect(session.genlFamilies.has(ETHTOOL_ID)).toBe(false);
  });

  it('the encoder learns ids from the CTRL messages it encodes, in order', () => {
    const named = dec(linkinfoReply, 'to-user', Session.withGenlFamilies(['21=ethtool'])).messages[0]!;
    expect(() => enc([named], 'to-user', new Session())).toThrow(JsonValueError);
    const session = new Session();
    const ctrl = dec(newFamily, 'to-user').messages;
    expect(toHex(enc(ctrl, 'to-user', session))).toBe(toHex(newFamily));
    expect(toHex(enc([named], 'to-user', session))).toBe(toHex(linkinfoReply));
  });

  it('--genl-family: ids given up front, in decimal or hex; a bad pair is refused', () => {
    for (const pair of ['21=ethtool', '0x15=ethtool']) {
      expect(dec(linkinfoReply, 'to-user', Session.withGenlFamilies([pair])).messages[0]!.cmd).toBe('ETHTOOL_MSG_LINKINFO_GET_REPLY');
    }
    expect(() => Session.withGenlFamilies(['ethtool'])).toThrow(/not ID=NAME/);
  });

  it('a family with no spec: genlmsghdr and the raw attribute tree under its name', () => {
    const m = bytes(nlmsg(0x1b, 0, 1, 9, [...genl(1, 1), ...nla(1 | NESTED, nla(3, u32(7))), ...nla(2, u32(5))]));
    const got = dec(m, 'to-user', Session.withGenlFamilies(['27=tcp_metrics'])).messages[0]!;
    expect(got).toEqual({
      header: { len: m.length, type: 'tcp_metrics', flags: [], seq: 1, pid: 9 },
      cmd: 1, version: 1, reserved: 0, '#1': { '#3': '07000000' }, '#1@': { flags: ['NLA_F_NESTED'] }, '#2': '05000000',
    });
    expect(toHex(enc([got], 'to-user', Session.withGenlFamilies(['27=tcp_metrics'])))).toBe(toHex(m));
  });

  it('learning goes by command number: a kernel-style nlctrl spec (directional, CTRL_CMD_GETFAMILY_REPLY) learns the same', () => {
    const kernelStyle = loadSpecText(`
name: nlctrl
protocol: genetlink-legacy
attribute-sets:
  - name: ctrl-attrs
    name-prefix: ctrl-attr-
    attributes:
      - { name: family-id, type: u16 }
      - { name: family-name, type: string }
      - { name: version, type: u32 }
      - { name: hdrsize, type: u32 }
      - { name: maxattr, type: u32 }
      - { name: ops, type: array-nest, nested-attributes: op-attrs }
      - { name: mcast-groups, type: array-nest, nested-attributes: grp-attrs }
  - name: op-attrs
    name-prefix: ctrl-attr-op-
    attributes: [ { name: id, type: u32 }, { name: flags, type: u32 } ]
  - name: grp-attrs
    name-prefix: ctrl-attr-mcast-grp-
    attributes: [ { name: name, type: string }, { name: id, type: u32 } ]
operations:
  enum-model: directional
  name-prefix: ctrl-cmd-
  list:
    - name: getfamily
      attribute-set: ctrl-attrs
      do: { request: { value: 3 }, reply: { value: 1 } }
`, 'kernel-nlctrl.yaml');
    addFamily(kernelStyle);
    try {
      const session = new Session();
      const answer = dec(newFamily, 'to-user', session).messages[0]!;
      expect(answer.cmd).toBe('CTRL_CMD_GETFAMILY_REPLY');
      expect(session.genlFamilies.get(ETHTOOL_ID)).toBe('ethtool');
      expect(session.genlGroups.get(6)).toBe('ethtool/monitor');
    } finally {
      addFamily(loadSpecFile(SHIPPED.get('nlctrl')!, BUILTINS));
    }
    expect(dec(newFamily, 'to-user').messages[0]!.cmd).toBe('CTRL_CMD_NEWFAMILY');
  });

  it('hostile: cut genlmsghdr, attribute overruns, garbage after the header decode with problems and re-encode as they were', () => {
    const session = Session.withGenlFamilies(['21=ethtool']);
    const cases = [
      bytes(nlmsg(ETHTOOL_ID, 0, 1, 1, [2])),
      bytes(nlmsg(ETHTOOL_ID, 0, 1, 1, [...genl(2, 1), 0xff, 0x00, 0x01, 0x00, 1, 2])),
      bytes(nlmsg(GENL_ID_CTRL, 0, 1, 1, [...genl(1, 2), ...nla(8 | NESTED, nla(0 | NESTED, nla(3 | NESTED, [1, 2, 3])))])),
    ];
    for (const c of cases) {
      const d = dec(c, 'to-user', session);
      expect(toHex(enc(JSON.parse(JSON.stringify(d.messages)) as Json[], 'to-user', session))).toBe(toHex(c));
    }
  });
});

// ---------------------------------------------------------------- properties

describe('round trips under the shipped families (fast-check)', () => {
  const ethtool = knownFamily('ethtool')!;
  const session = () => Session.withGenlFamilies(['21=ethtool']);
  const opts = { maxDepth: 3, attrsPerSet: 5, maxItems: 3 };
  const ops = ethtool.ops.flatMap((op) => [
    ...(op.request && op.attrs ? [{ direction: 'to-kernel' as Direction, cmd: op.request.name, set: op.attrs }] : []),
    ...(op.reply && op.attrs ? [{ direction: 'to-user' as Direction, cmd: op.reply.name, set: op.attrs }] : []),
  ]);
  const ethtoolMessage = fc.constantFrom(...ops).chain(({ direction, cmd, set }) => {
    const body = { cmd, version: 1, reserved: 0 };
    return fc.tuple(setArb(set, undefined, {}, { body, direction }, 0, opts), fc.integer({ min: 0, max: 0xffffffff })).map(([attrs, seq]) => ({
      direction, message: { header: { len: 0, type: 'ethtool', flags: direction === 'to-kernel' ? ['NLM_F_REQUEST'] : [], seq, pid: 0 }, ...body, ...attrs } as Json,
    }));
  });

  it('random ethtool attributes: decode(encode(m)) == m, and the bytes again', () => {
    fc.assert(fc.property(ethtoolMessage, ({ direction, message }) => {
      const b = enc([message], direction, session());
      const d = dec(b, direction, session());
      expect(d.problems).toEqual([]);
      const got = d.messages[0]!;
      expect({ ...got, header: { ...(got.header as Json), len: 0 } }).toEqual(message);
      expect(toHex(enc(d.messages, direction, session()))).toBe(toHex(b));
    }), { numRuns: 150, seed: 20261125 });
  });

  it('random nlctrl messages from the fuzzing kit round-trip', () => {
    fc.assert(fc.property(messageArb('genl', 'nlctrl'), (m) => {
      const direction = m.direction as Direction;
      const { direction: _d, protocol: _p, ...message } = m;
      const b = enc([message], direction);
      const d = dec(b, direction);
      expect(d.problems).toEqual([]);
      expect(d.messages[0]).toEqual(message);
      expect(toHex(enc(d.messages, direction))).toBe(toHex(b));
    }), { numRuns: 100, seed: 7 });
  });

  it('arbitrary bytes after a genlmsghdr of a known family: never throws, re-encodes byte for byte', () => {
    const known = fc.constantFrom(GENL_ID_CTRL, ETHTOOL_ID, 0x1b);
    fc.assert(fc.property(known, fc.integer({ min: 0, max: 60 }), fc.uint8Array({ maxLength: 96 }), fc.constantFrom<Direction>('to-kernel', 'to-user'), (type, cmd, payload, direction) => {
      const b = bytes(nlmsg(type, 0, 1, 1, [cmd, 1, 0, 0, ...payload]));
      const d = dec(b, direction, session());
      expect(toHex(enc(JSON.parse(JSON.stringify(d.messages)) as Json[], direction, session()))).toBe(toHex(b));
    }), { numRuns: 400, seed: 11 });
  });
});

// ---------------------------------------------------------------- the recorded capture

interface Run { name: string; command: string; frames: Set<number> }

/** Which frames each recorded command produced (captures/rec-tool-output/INDEX.tsv). */
function runs(): Map<string, Run> {
  const out = new Map<string, Run>();
  for (const line of readFileSync(`${OUT}/INDEX.tsv`, 'utf8').trim().split('\n').slice(1)) {
    const [name, capture, , command, frames] = line.split('\t');
    if (capture !== 'rec-genl.pcap' || !frames) continue;
    const [a, b] = frames.split('-').map(Number);
    out.set(name!, { name: name!, command: command!, frames: new Set(Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i)) });
  }
  return out;
}

async function decodedCapture(): Promise<Json[]> {
  const session = new Session();
  return (await packetsOf(CAPTURE)).flatMap((p) => decodeCaptured(p, false, session).messages);
}

const toolOutput = (name: string) => readFileSync(`${OUT}/${name}.out`, 'utf8');
const field = (text: string, label: string) => new RegExp(`^\\s*${label}:\\s*(.*?)\\s*$`, 'm').exec(text)?.[1];

/** Messages of one recorded command, with their echoed requests flattened in. */
async function messagesOf(run: string, type?: string, cmd?: string): Promise<Json[]> {
  const frames = runs().get(run)!.frames;
  return (await decodedCapture()).filter((m) => frames.has(m.frame as number)
    && (type === undefined || (m.header as Json).type === type) && (cmd === undefined || m.cmd === cmd));
}

/** Bit `i` of a compact bitset value (hex of little-endian u32 words). */
const bit = (hex: string, i: number) => (parseInt(hex.slice((i >> 3) * 2, (i >> 3) * 2 + 2), 16) >> (i & 7)) & 1;

describe(`golden: ${CAPTURE}`, () => {
  it('every message decodes without problems; every generic netlink message names its family', async () => {
    const messages = await decodedCapture();
    expect(messages.length).toBeGreaterThan(300);
    const problems = messages.filter((m) => m.problems).map((m) => `frame ${m.frame}: ${JSON.stringify(m.problems)}`);
    expect(problems).toEqual([]);
    for (const m of messages) {
      const t = (m.header as Json).type;
      expect(typeof t === 'string' && !/^\d+$/.test(t), `frame ${m.frame}: ${t}`).toBe(true);
    }
    const families = new Set(messages.filter((m) => m.protocol === 'NETLINK_GENERIC').map((m) => (m.header as Json).type));
    expect([...families]).toEqual(expect.arrayContaining(['nlctrl', 'ethtool', 'tcp_metrics', 'mptcp_pm']));
  });

  it('nlctrl and ethtool: every command and attribute named, nothing raw (echoed requests included)', async () => {
    const bad: string[] = [];
    for (const m of await decodedCapture()) {
      const parts = [m, ...(m.msg ? [m.msg as Json] : [])];
      for (const part of parts) {
        const t = (part.header as Json | undefined)?.type;
        if (t !== 'nlctrl' && t !== 'ethtool') continue;
        if (part.cmd !== undefined && typeof part.cmd !== 'string') bad.push(`frame ${m.frame}: cmd ${part.cmd}`);
        for (const [k, , path] of walk(part)) {
          if (k.startsWith('#') || k === '@raw' || k === '@payload' || k === '@trailing' || k === '@tail') bad.push(`frame ${m.frame}: ${path} ${k}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('decode -> JSON -> encode gives every packet back byte for byte (each side learning on its own)', async () => {
    const d = new Session();
    const e = new Session();
    for (const p of await packetsOf(CAPTURE)) {
      const direction = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
      const { messages } = decodePacket(p.data, { protocol: p.protocol, direction, session: d });
      const back = encodePacket(JSON.parse(JSON.stringify(messages)) as Json[], { protocol: p.protocol, direction, session: e });
      expect(toHex(back), `frame ${p.frame}`).toBe(toHex(p.data));
    }
  });

  it('genl ctrl list: the families and ids it printed are the CTRL_CMD_NEWFAMILY answers', async () => {
    const printed = [...toolOutput('genl-ctrl-list').matchAll(/^Name: (\S+)\s*\n\s*ID: (0x[0-9a-f]+)/gm)].map((m) => [m[1], Number(m[2])]);
    expect(printed.length).toBeGreaterThan(3);
    const answers = (await messagesOf('genl-ctrl-list', 'nlctrl', 'CTRL_CMD_NEWFAMILY')).map((m) => [m.CTRL_ATTR_FAMILY_NAME, m.CTRL_ATTR_FAMILY_ID]);
    expect(answers).toEqual(printed);
  });

  it('genl ctrl get name ethtool: id, version, header size, commands and groups as printed', async () => {
    const text = toolOutput('genl-ctrl-get-ethtool');
    const [m] = await messagesOf('genl-ctrl-get-ethtool', 'nlctrl', 'CTRL_CMD_NEWFAMILY');
    const head = /ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)/.exec(text)!;
    expect(m).toMatchObject({
      CTRL_ATTR_FAMILY_NAME: field(text, 'Name'), CTRL_ATTR_FAMILY_ID: Number(head[1]), CTRL_ATTR_VERSION: Number(head[2]),
      CTRL_ATTR_HDRSIZE: Number(head[3]), CTRL_ATTR_MAXATTR: Number(head[4]),
    });
    const ops = [...text.matchAll(/#\d+:\s+ID-(0x[0-9a-f]+)/g)].map((x) => Number(x[1]));
    const groups = [...text.matchAll(/#\d+:\s+ID-(0x[0-9a-f]+)\s+name: (\S+)/g)].map((x) => ({ CTRL_ATTR_MCAST_GRP_NAME: x[2], CTRL_ATTR_MCAST_GRP_ID: Number(x[1]) }));
    expect((m!.CTRL_ATTR_OPS as Json[]).map((o) => o.CTRL_ATTR_OP_ID)).toEqual(ops.slice(0, ops.length - groups.length));
    expect(m!.CTRL_ATTR_MCAST_GROUPS).toEqual(groups);
  });

  it('genl ctrl policy: every policy dump message carries named policies', async () => {
    const dump = await messagesOf('genl-ctrl-policy', 'nlctrl', 'CTRL_CMD_GETPOLICY');
    const answers = dump.filter((m) => m.direction === 'to-user');
    expect(answers.length).toBeGreaterThan(50);
    let attrs = 0;
    for (const m of answers) {
      expect(m.CTRL_ATTR_POLICY ?? m.CTRL_ATTR_OP_POLICY, `frame ${m.frame}`).toBeDefined();
      for (const [k, v] of walk(m.CTRL_ATTR_POLICY ?? {})) if (k === 'NL_POLICY_TYPE_ATTR_TYPE') { attrs++; expect(String(v)).toMatch(/^NL_ATTR_TYPE_/); }
    }
    expect(attrs).toBeGreaterThan(50);
  });

  it('ethtool DEV: link modes, link info and link state answers hold what ethtool printed', async () => {
    const text = toolOutput('ethtool');
    const [modes] = await messagesOf('ethtool', 'ethtool', 'ETHTOOL_MSG_LINKMODES_GET_REPLY');
    const [info] = await messagesOf('ethtool', 'ethtool', 'ETHTOOL_MSG_LINKINFO_GET_REPLY');
    const [state] = await messagesOf('ethtool', 'ethtool', 'ETHTOOL_MSG_LINKSTATE_GET_REPLY');
    // ethtool's words for the kernel's constants (ethtool/netlink/settings.c)
    const DUPLEX: Record<string, string> = { Half: 'DUPLEX_HALF', Full: 'DUPLEX_FULL', Unknown: 'DUPLEX_UNKNOWN' };
    const AUTONEG: Record<string, string> = { off: 'AUTONEG_DISABLE', on: 'AUTONEG_ENABLE' };
    const PORT: Record<string, string> = { 'Twisted Pair': 'PORT_TP', AUI: 'PORT_AUI', MII: 'PORT_MII', FIBRE: 'PORT_FIBRE', BNC: 'PORT_BNC', 'Direct Attach Copper': 'PORT_DA', None: 'PORT_NONE', Other: 'PORT_OTHER' };
    const XCVR: Record<string, string> = { internal: 'XCVR_INTERNAL', external: 'XCVR_EXTERNAL' };
    const MDIX: Record<string, string> = { Unknown: 'ETH_TP_MDI_INVALID', off: 'ETH_TP_MDI', on: 'ETH_TP_MDI_X' };
    const LINK: Record<string, number> = { yes: 1, no: 0 };
    expect(modes!.ETHTOOL_A_LINKMODES_SPEED).toBe(Number(/^(\d+)Mb\/s$/.exec(field(text, 'Speed')!)![1]));
    expect(modes!.ETHTOOL_A_LINKMODES_DUPLEX).toBe(DUPLEX[field(text, 'Duplex')!]);
    expect(modes!.ETHTOOL_A_LINKMODES_AUTONEG).toBe(AUTONEG[field(text, 'Auto-negotiation')!]);
    if (field(text, 'Supported link modes') === 'Not reported') expect((modes!.ETHTOOL_A_LINKMODES_OURS as Json).ETHTOOL_A_BITSET_BITS).toEqual({});
    expect(info!.ETHTOOL_A_LINKINFO_PORT).toBe(PORT[field(text, 'Port')!]);
    expect(info!.ETHTOOL_A_LINKINFO_PHYADDR).toBe(Number(field(text, 'PHYAD')));
    expect(info!.ETHTOOL_A_LINKINFO_TRANSCEIVER).toBe(XCVR[field(text, 'Transceiver')!]);
    expect(info!.ETHTOOL_A_LINKINFO_TP_MDIX).toBe(MDIX[field(text, 'MDI-X')!]);
    expect(state!.ETHTOOL_A_LINKSTATE_LINK).toBe(LINK[field(text, 'Link detected')!]);
    for (const m of [modes, info, state]) expect((m!.ETHTOOL_A_LINKMODES_HEADER ?? m!.ETHTOOL_A_LINKINFO_HEADER ?? m!.ETHTOOL_A_LINKSTATE_HEADER) as Json).toMatchObject({ ETHTOOL_A_HEADER_DEV_NAME: /^Settings for (\S+):/.exec(text)![1] });
  });

  it('ethtool -l: channel maximums and counts as printed (n/a: absent)', async () => {
    const text = toolOutput('ethtool-l');
    const [maxText, curText] = text.split(/Current hardware settings:/);
    const [m] = await messagesOf('ethtool-l', 'ethtool', 'ETHTOOL_MSG_CHANNELS_GET_REPLY');
    const want = (t: string, label: string) => { const v = field(t, label); return v === 'n/a' ? undefined : Number(v); };
    for (const [label, key] of [['RX', 'RX'], ['TX', 'TX'], ['Other', 'OTHER'], ['Combined', 'COMBINED']]) {
      expect(m![`ETHTOOL_A_CHANNELS_${key}_MAX`], `${label} max`).toBe(want(maxText!, label!));
      expect(m![`ETHTOOL_A_CHANNELS_${key}_COUNT`], `${label} count`).toBe(want(curText!, label!));
    }
  });

  it('ethtool -k: each feature ethtool printed, on/off and [fixed], from the feature bitsets and their names', async () => {
    const [names] = await messagesOf('ethtool-k', 'ethtool', 'ETHTOOL_MSG_STRSET_GET_REPLY');
    const [features] = await messagesOf('ethtool-k', 'ethtool', 'ETHTOOL_MSG_FEATURES_GET_REPLY');
    const sets = ((names!.ETHTOOL_A_STRSET_STRINGSETS as Json).ETHTOOL_A_STRINGSETS_STRINGSET as Json[]);
    const featureSet = sets.find((s) => s.ETHTOOL_A_STRINGSET_ID === 'ETH_SS_FEATURES')!;
    const index = new Map<string, number>();
    for (const s of featureSet.ETHTOOL_A_STRINGSET_STRINGS as Json[]) {
      for (const e of s.ETHTOOL_A_STRINGS_STRING as Json[]) index.set(e.ETHTOOL_A_STRING_VALUE as string, e.ETHTOOL_A_STRING_INDEX as number);
    }
    const active = (features!.ETHTOOL_A_FEATURES_ACTIVE as Json).ETHTOOL_A_BITSET_VALUE as string;
    const hw = (features!.ETHTOOL_A_FEATURES_HW as Json).ETHTOOL_A_BITSET_VALUE as string;
    let checked = 0;
    for (const [, name, state, fixed] of toolOutput('ethtool-k').matchAll(/^\s*([\w-]+): (on|off)( \[fixed\])?$/gm)) {
      const i = index.get(name!);
      if (i === undefined) continue; // ethtool's grouped names (rx-checksumming ...) are not kernel features
      expect(bit(active, i), `${name} ${state}`).toBe(state === 'on' ? 1 : 0);
      expect(bit(hw, i), `${name} fixed`).toBe(fixed ? 0 : 1);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('ethtool -T: the timestamping capabilities printed are the bits named in the answer', async () => {
    const text = toolOutput('ethtool-T');
    const [m] = await messagesOf('ethtool-T', 'ethtool', 'ETHTOOL_MSG_TSINFO_GET_REPLY');
    const caps = /Capabilities:\n((?:\t.*\n)+)/.exec(text)![1]!.trim().split(/\s+/);
    const bits = (((m!.ETHTOOL_A_TSINFO_TIMESTAMPING as Json).ETHTOOL_A_BITSET_BITS as Json).ETHTOOL_A_BITSET_BITS_BIT as Json[]).map((b) => b.ETHTOOL_A_BITSET_BIT_NAME);
    expect(bits).toEqual(caps);
    // "none": the kernel leaves the attribute out
    if (field(text, 'Hardware Transmit Timestamp Modes') === 'none') expect(m!.ETHTOOL_A_TSINFO_TX_TYPES).toBeUndefined();
    if (field(text, 'Hardware Receive Filter Modes') === 'none') expect(m!.ETHTOOL_A_TSINFO_RX_FILTERS).toBeUndefined();
    if (field(text, 'PTP Hardware Clock') === 'none') expect(m!.ETHTOOL_A_TSINFO_PHC_INDEX).toBeUndefined();
  });

  it('ethtool -g/-a/-c: "Operation not supported" is EOPNOTSUPP answering the named request', async () => {
    const want: Record<string, string> = { 'ethtool-g': 'ETHTOOL_MSG_RINGS_GET', 'ethtool-a': 'ETHTOOL_MSG_PAUSE_GET', 'ethtool-c': 'ETHTOOL_MSG_COALESCE_GET' };
    for (const [run, cmd] of Object.entries(want)) {
      expect(toolOutput(run)).toMatch(/Operation not supported/);
      const errors = (await messagesOf(run, 'NLMSG_ERROR')).filter((m) => m.error_name === 'EOPNOTSUPP');
      expect(errors.map((e) => (e.msg as Json).cmd), run).toContain(cmd);
    }
  });

  it.skipIf(spawnSync('tshark', ['-v']).status !== 0)('tshark names the same family in every generic netlink message, and the same CTRL ids', async () => {
    const text = spawnSync('tshark', ['-r', CAPTURE, '-V'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    const theirs = new Map<number, string[]>();
    let frame = 0;
    for (const line of text.split('\n')) {
      const f = /^Frame (\d+):/.exec(line);
      if (f) { frame = Number(f[1]); theirs.set(frame, []); continue; }
      const fam = /^ {8}Family ID: 0x[0-9a-f]+ \((\S+)\)$/.exec(line);
      if (fam) theirs.get(frame)!.push(fam[1]!);
    }
    const ours = new Map<number, string[]>();
    for (const m of await decodedCapture()) {
      const t = String((m.header as Json).type);
      if (!ours.has(m.frame as number)) ours.set(m.frame as number, []);
      if (m.protocol === 'NETLINK_GENERIC' && !t.startsWith('NLMSG_')) ours.get(m.frame as number)!.push(t);
    }
    expect(ours).toEqual(theirs);
    const fields = spawnSync('tshark', ['-r', CAPTURE, '-T', 'fields', '-E', 'occurrence=a', '-e', 'frame.number', '-e', 'genl.ctrl.family_id', '-e', 'genl.ctrl.family_name', '-Y', 'genl.ctrl.family_name'], { encoding: 'utf8' }).stdout;
    const byFrame = new Map<number, Json[]>();
    for (const m of await decodedCapture()) {
      if ((m.header as Json).type !== 'nlctrl' || m.CTRL_ATTR_FAMILY_NAME === undefined) continue;
      byFrame.set(m.frame as number, [...(byFrame.get(m.frame as number) ?? []), m]);
    }
    let rows = 0;
    for (const line of fields.trim().split('\n')) {
      const [n, ids, names] = line.split('\t');
      const ms = byFrame.get(Number(n)) ?? [];
      expect(ms.map((m) => m.CTRL_ATTR_FAMILY_NAME).join(','), `frame ${n}`).toBe(names);
      const ourIds = ms.filter((m) => m.CTRL_ATTR_FAMILY_ID !== undefined).map((m) => m.CTRL_ATTR_FAMILY_ID);
      expect(ourIds.join(','), `frame ${n}`).toBe((ids ?? '').split(',').filter(Boolean).map(Number).join(','));
      rows++;
    }
    expect(rows).toBeGreaterThan(10);
  }, 60_000);

  it('CLI: --genl-family names a family whose CTRL answer the capture lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-genl-'));
    try {
      const file = join(dir, 'no-ctrl.pcap');
      const w = new CaptureWriter(file, { format: 'pcap' });
      await w.write({ sec: 1, nsec: 0, protocol: GENL, direction: 'to-user', data: linkinfoReply });
      await w.close();
      const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'decode', file, '-f', 'jsonl', ...args], { encoding: 'utf8' });
      const plain = JSON.parse(run().stdout) as Json;
      expect((plain.header as Json).type).toBe(21);
      const named = JSON.parse(run('--genl-family', '21=ethtool').stdout) as Json;
      expect(named.cmd).toBe('ETHTOOL_MSG_LINKINFO_GET_REPLY');
      // the option takes one value: the file may follow it (repeat the flag for more families)
      const before = spawnSync(process.execPath, [BIN, 'decode', '--genl-family', '21=ethtool', file, '-f', 'jsonl'], { encoding: 'utf8' });
      expect(before.status, before.stderr).toBe(0);
      expect((JSON.parse(before.stdout) as Json).cmd).toBe('ETHTOOL_MSG_LINKINFO_GET_REPLY');
      const bad = run('--genl-family', 'ethtool');
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      // and back: the jsonl with names encodes with the same option
      const jsonl = join(dir, 'named.jsonl');
      spawnSync('sh', ['-c', `"${process.execPath}" ${BIN} decode ${file} -f jsonl --genl-family 21=ethtool > ${jsonl}`]);
      const again = join(dir, 'again.pcap');
      const enc2 = spawnSync(process.execPath, [BIN, 'encode', jsonl, '-o', again, '--genl-family', '21=ethtool'], { encoding: 'utf8' });
      expect(enc2.status, enc2.stderr).toBe(0);
      expect(readFileSync(again)).toEqual(readFileSync(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

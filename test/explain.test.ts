// The teaching view: every byte of every frame labelled exactly once, the labels right for
// known frames (a link, an error with extended ack, a socket with tcp_info, a multipath
// route), layouts drawn from the declarations, hand-written messages filled in.
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES, packetsOf } from './helpers.js';
import { decodeCaptured } from '../src/stream/messages.js';
import { encodePacket } from '../src/codec/message.js';
import {
  describeLeaf, explainBytes, explainJson, explainSpans, leavesOf, renderExplainText, tilingErrors, type ExplainField, type Explained,
} from '../src/render/explain.js';
import { renderExplainHtml } from '../src/render/explain-html.js';
import { cDeclaration, findStruct, renderLayout, structRows } from '../src/render/layout.js';
import { completeMessage } from '../src/cli/encode.js';
import { toHex } from '../src/wire/bytes.js';

vi.setConfig({ testTimeout: 120_000 });

const ALL_CAPTURES = [...new Set([...CAPTURES, ...readdirSync('captures').filter((f) => f.endsWith('.pcap')).map((f) => `captures/${f}`)])];

async function frame(path: string, n: number, index?: number): Promise<Explained> {
  const p = (await packetsOf(path)).find((x) => x.frame === n)!;
  return explainBytes(p.data, { protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel', frame: n, index });
}

function leaf(ex: Explained, path: string): ExplainField {
  const l = leavesOf(ex.fields).find((f) => f.path === path);
  if (!l) throw new Error(`no leaf ${path} in ${leavesOf(ex.fields).map((f) => f.path).slice(0, 40).join(', ')}`);
  return l;
}

function node(fields: readonly ExplainField[], path: string, role?: string): ExplainField | undefined {
  for (const f of fields) {
    if (f.path === path && (!role || f.role === role)) return f;
    const k = f.children && node(f.children, path, role);
    if (k) return k;
  }
  return undefined;
}

/** Children lie inside their parent and follow each other without gap or overlap. */
function nestingErrors(fs: readonly ExplainField[], parent?: ExplainField): string[] {
  const errs: string[] = [];
  let pos = parent?.offset;
  for (const f of fs) {
    if (parent && (f.offset < parent.offset || f.offset + f.length > parent.offset + parent.length)) errs.push(`${f.path} outside ${parent.path}`);
    if (pos !== undefined && f.offset !== pos) errs.push(`${f.path} at ${f.offset}, expected ${pos}`);
    pos = f.offset + f.length;
    if (f.children) errs.push(...nestingErrors(f.children, f));
  }
  if (parent && fs.length && pos !== parent.offset + parent.length) errs.push(`children of ${parent.path} end at ${pos}, it ends at ${parent.offset + parent.length}`);
  return errs;
}

describe('every byte exactly once', () => {
  for (const path of ALL_CAPTURES) {
    it(`${path}: the leaves of every frame tile its netlink data`, async () => {
      const packets = await packetsOf(path);
      let checked = 0;
      for (const p of packets) {
        if (p.protocol < 0) continue;
        const { spans } = decodeCaptured(p, true);
        expect(spans, `frame ${p.frame}`).toBeDefined();
        const fields = explainSpans(p.data, spans!);
        expect(tilingErrors(fields, 0, p.data.length), `frame ${p.frame}`).toEqual([]);
        expect(nestingErrors(fields), `frame ${p.frame}`).toEqual([]);
        // each leaf's bytes are the packet's bytes
        for (const l of leavesOf(fields)) expect(l.hex).toBe(toHex(p.data, l.offset, l.offset + l.length));
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    });
  }

  it('--index keeps one message, whose leaves tile exactly its bytes', async () => {
    const ex = await frame('captures/route-dump.pcap', 4, 1);
    expect(ex.fields).toHaveLength(1);
    const m = ex.fields[0];
    expect(m.role).toBe('message');
    expect(m.offset).toBe(1468);
    expect(tilingErrors(ex.fields, m.offset, m.offset + m.length)).toEqual([]);
  });
});

describe('known frames', () => {
  it('route-dump frame 4: RTM_NEWLINK of lo', async () => {
    const ex = await frame('captures/route-dump.pcap', 4);
    expect(ex.protocol).toBe('NETLINK_ROUTE');
    expect(ex.direction).toBe('to-user');
    expect(leaf(ex, 'nlmsghdr.nlmsg_len')).toMatchObject({ offset: 0, length: 4, value: 1468, type: 'u32', order: 'host', hex: 'bc050000' });
    expect(leaf(ex, 'nlmsghdr.nlmsg_type')).toMatchObject({ offset: 4, length: 2, value: 'RTM_NEWLINK', struct: 'nlmsghdr' });
    const idx = leaf(ex, 'ifinfomsg.ifi_index');
    expect(idx).toMatchObject({ offset: 20, length: 4, value: 1, struct: 'ifinfomsg', type: 's32', order: 'host', hex: '01000000' });
    const flags = leaf(ex, 'ifinfomsg.ifi_flags');
    expect(flags.offset).toBe(24);
    expect(describeLeaf(flags)).toBe('IFF_UP|IFF_LOOPBACK|IFF_RUNNING|IFF_LOWER_UP (0x10049)');
    expect(describeLeaf(leaf(ex, 'ifinfomsg.ifi_type'))).toBe('ARPHRD_LOOPBACK (772)');
    const name = leaf(ex, 'IFLA_IFNAME.value');
    expect(name).toMatchObject({ offset: 36, length: 3, value: 'lo', hex: '6c6f00' });
    expect(describeLeaf(name)).toBe('"lo" + NUL');
    expect(leaf(ex, 'IFLA_IFNAME.nla_len')).toMatchObject({ offset: 32, length: 2, value: 7, role: 'nla_len', struct: 'nlattr' });
    expect(describeLeaf(leaf(ex, 'IFLA_IFNAME.nla_len'))).toBe('7 = 4 header + 3 value, next attribute at +8');
    expect(leaf(ex, 'IFLA_IFNAME.pad')).toMatchObject({ offset: 39, length: 1, role: 'pad' });
    expect(leaf(ex, 'IFLA_MTU.value')).toMatchObject({ value: 65536, type: 'u32', order: 'host' });
    // the lo message is 1468 bytes; the next one (veth0) starts right after, with IFLA_LINKINFO and IFLA_AF_SPEC nested
    const veth = ex.fields[1];
    expect(veth).toMatchObject({ offset: 1468, role: 'message', path: 'RTM_NEWLINK' });
    expect(node([veth], 'IFLA_LINKINFO > IFLA_INFO_KIND.value')).toMatchObject({ value: 'veth' });
    const afSpec = node([veth], 'IFLA_AF_SPEC', 'attr')!;
    expect(afSpec.children!.filter((c) => c.role === 'attr').length).toBeGreaterThanOrEqual(2);
    const typ = node([veth], 'IFLA_LINKINFO.nla_type')!;
    expect(typ.value).toBe('IFLA_LINKINFO');
  });

  it('changes frame 14: NLMSG_ERROR with the echoed request and extended ack', async () => {
    const ex = await frame('captures/changes.pcap', 14);
    expect(leaf(ex, 'nlmsghdr.nlmsg_type')).toMatchObject({ offset: 4, value: 'NLMSG_ERROR' });
    expect(describeLeaf(leaf(ex, 'nlmsghdr.nlmsg_flags'))).toBe('NLM_F_ACK_TLVS (0x200)');
    expect(leaf(ex, 'nlmsgerr.error')).toMatchObject({ offset: 16, length: 4, value: '-95 (EOPNOTSUPP)', type: 's32', hex: 'a1ffffff' });
    const echo = node(ex.fields, 'nlmsgerr.msg', 'message')!;
    expect(echo).toMatchObject({ offset: 20, length: 60 });
    expect(echo.children![1]).toMatchObject({ path: 'nlmsghdr.nlmsg_type', offset: 24, value: 'RTM_NEWLINK' });
    const kind = leaf(ex, 'IFLA_LINKINFO > IFLA_INFO_KIND.value');
    expect(kind).toMatchObject({ offset: 72, length: 5, value: 'dummy' });
    expect(describeLeaf(kind)).toBe('"dummy" (no NUL terminator)');
    const msg = leaf(ex, 'NLMSGERR_ATTR_MSG.value');
    expect(msg).toMatchObject({ offset: 84, length: 20, value: 'Unknown device type', type: 'string' });
    expect(msg.offset + msg.length).toBe(ex.length);
  });

  it('sockdiag frame 2: inet_diag_msg with ports in network order and INET_DIAG_INFO (struct tcp_info)', async () => {
    const ex = await frame('captures/sockdiag.pcap', 2, 0);
    const sport = leaf(ex, 'inet_diag_msg.id.idiag_sport');
    expect(sport).toMatchObject({ offset: 20, length: 2, value: 9000, type: 'be16', order: 'network', hex: '2328', struct: 'inet_diag_sockid' });
    expect(leaf(ex, 'inet_diag_msg.id.idiag_src')).toMatchObject({ offset: 24, length: 16, value: '0.0.0.0', order: 'network' });
    expect(leaf(ex, 'inet_diag_msg.idiag_inode')).toMatchObject({ offset: 84, length: 4, value: 19551 });
    const info = node(ex.fields, 'INET_DIAG_INFO', 'struct')!;
    expect(info).toMatchObject({ struct: 'tcp_info', offset: 128 });
    expect(leaf(ex, 'INET_DIAG_INFO.tcpi_state')).toMatchObject({ offset: 128, length: 1, value: 'TCP_LISTEN' });
    expect(leaf(ex, 'INET_DIAG_INFO.tcpi_snd_cwnd')).toMatchObject({ offset: 208, length: 4, value: 10, order: 'host' });
    expect(describeLeaf(leaf(ex, 'INET_DIAG_INFO.nla_len'))).toBe('284 = 4 header + 280 value');
  });

  it('route-dump frame 38: RTA_MULTIPATH records (struct rtnexthop + attributes)', async () => {
    const ex = await frame('captures/route-dump.pcap', 38, 1);
    const rec = node(ex.fields, 'RTA_MULTIPATH[1]', 'record')!;
    expect(rec).toMatchObject({ offset: 124, length: 16, struct: 'rtnexthop' });
    expect(leaf(ex, 'RTA_MULTIPATH[1].rtnh_len')).toMatchObject({ offset: 124, value: 16, type: 'u16' });
    expect(leaf(ex, 'RTA_MULTIPATH[1].rtnh_hops')).toMatchObject({ offset: 127, value: 2 });
    expect(leaf(ex, 'RTA_MULTIPATH[0] > RTA_GATEWAY.value')).toMatchObject({ offset: 120, length: 4, value: '192.0.2.2', order: 'network', orderWhy: 'address' });
    expect(leaf(ex, 'RTA_DST.value')).toMatchObject({ offset: 100, value: '10.10.0.0' });
  });

  it('NLA_F_NET_BYTEORDER: a host-order declaration read in network order, and said so', () => {
    const obj = completeMessage({ header: { type: 'RTM_NEWLINK', flags: ['NLM_F_REQUEST'] }, IFLA_MTU: 1500, 'IFLA_MTU@': { flags: ['NLA_F_NET_BYTEORDER'] } }, 0, 'to-kernel');
    const bytes = encodePacket([obj], { protocol: 0, direction: 'to-kernel' });
    const ex = explainBytes(bytes, { protocol: 0, direction: 'to-kernel' });
    const v = leaf(ex, 'IFLA_MTU.value');
    expect(v).toMatchObject({ offset: 36, value: 1500, type: 'be32', order: 'network', orderWhy: 'NLA_F_NET_BYTEORDER', hex: '000005dc' });
    expect(describeLeaf(leaf(ex, 'IFLA_MTU.nla_type'))).toBe('IFLA_MTU | NLA_F_NET_BYTEORDER (0x4004 = 4 | 0x4000)');
    expect(renderExplainText(ex, { color: false })).toMatch(/IFLA_MTU\.value {2}1500 {2}\[be32, network order \(NLA_F_NET_BYTEORDER\)\]/);
  });
});

describe('output forms', () => {
  it('JSON: {fields: [{offset, length, path, value, children?}]}, leaves without children', async () => {
    const ex = await frame('captures/route-dump.pcap', 4);
    const doc = JSON.parse(explainJson(ex));
    expect(doc).toMatchObject({ frame: 4, protocol: 'NETLINK_ROUTE', direction: 'to-user', length: 8440 });
    const walk = (fs: Array<Record<string, unknown>>): number => fs.reduce((n, f) => {
      expect(typeof f.offset).toBe('number');
      expect(typeof f.length).toBe('number');
      expect(typeof f.path).toBe('string');
      if (f.children) { expect((f.children as unknown[]).length).toBeGreaterThan(0); return n + walk(f.children as Array<Record<string, unknown>>); }
      return n + (f.length as number);
    }, 0);
    expect(walk(doc.fields)).toBe(8440);
  });

  it('text: plain when not a terminal, ANSI colors when asked', async () => {
    const ex = await frame('captures/route-dump.pcap', 4, 0);
    const plain = renderExplainText(ex, { color: false });
    expect(plain).not.toMatch(/\x1b\[/);
    expect(plain).toMatch(/^ {3}20 {2}01 00 00 00 +ifinfomsg\.ifi_index {2}1 {2}\[s32, host order\]$/m);
    expect(plain).toMatch(/IFLA_IFNAME\.value {2}"lo" \+ NUL/);
    expect(renderExplainText(ex, { color: true })).toMatch(/\x1b\[32m/);
  });

  it('HTML: self-contained, one cell per byte, tree and C declarations', async () => {
    const ex = await frame('captures/changes.pcap', 14);
    const html = renderExplainHtml(ex, { title: 't' });
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/@import|url\(http/);
    expect(html.match(/class="b [^"]*" data-l="\d+" data-b="\d+"/g)).toHaveLength(104);
    expect(html).toContain('<details');
    expect(html).toContain('struct ifinfomsg {');
    expect(html).toContain('struct nlattr {');
    expect(html).toContain('NLMSGERR_ATTR_MSG.value');
  });
});

describe('layouts from the declarations', () => {
  it('inet_diag_msg: offsets as in <linux/inet_diag.h>', () => {
    const s = findStruct('inet_diag_msg')!;
    const rows = Object.fromEntries(structRows(s).filter((r) => r.depth === 0).map((r) => [r.name, [r.offset, r.size]]));
    expect(rows).toMatchObject({ idiag_family: [0, 1], id: [4, 48], idiag_expires: [52, 4], idiag_uid: [64, 4], idiag_inode: [68, 4] });
    const c = cDeclaration(s);
    expect(c).toMatch(/__be16 idiag_sport;/);
    expect(c).toMatch(/__be32 idiag_src\[4\];/);
    expect(c).toMatch(/__u32 {2}idiag_cookie\[2\];|__u32\s+idiag_cookie\[2\];/);
    expect(c).toMatch(/sizeof 72/);
  });

  it('RTM_NEWLINK: nlmsghdr, ifinfomsg, then IFLA_* attributes', () => {
    const t = renderLayout('RTM_NEWLINK')!;
    expect(t).toMatch(/│ +20 │ +4 │ ifinfomsg\.ifi_index +│ __s32/);
    expect(t).toMatch(/│ +32 │ +\.\.\. │ attributes IFLA_\*/);
    expect(t).toMatch(/│ +3 │ IFLA_IFNAME +│ string/);
    expect(t).toMatch(/^ +20 \| +ifi_index +\|$/m);
  });

  it('nlattr: the TLV header and its flag bits', () => {
    const t = renderLayout('nlattr')!;
    expect(t).toMatch(/__u16 nla_len;/);
    expect(t).toMatch(/\| +nla_len +\| +nla_type +\|/);
    expect(t).toMatch(/NLA_F_NET_BYTEORDER/);
  });

  it('the families beyond rtnetlink and sock_diag are in the registry; the C struct wins over a look-alike', () => {
    expect(renderLayout('genlmsghdr')).toMatch(/^struct genlmsghdr: 4 bytes, <linux\/genetlink.h>/);
    expect(renderLayout('NFTA_RULE')).toMatch(/NFTA_RULE_EXPRESSIONS/);
    expect(renderLayout('xfrm_usersa_info')).toMatch(/^struct xfrm_usersa_info: 224 bytes/);
    expect(renderLayout('audit_status')).toMatch(/<linux\/audit.h>/);
  });

  it('unknown names give undefined', () => {
    expect(renderLayout('no_such_thing')).toBeUndefined();
  });
});

describe('hand-written messages', () => {
  it('RTM_GETLINK dump request: header filled in, ifinfomsg zero', () => {
    const m = completeMessage({ header: { type: 'RTM_GETLINK', flags: 'NLM_F_REQUEST|NLM_F_DUMP' } }, 0, 'to-kernel');
    const bytes = encodePacket([m], { protocol: 0, direction: 'to-kernel' });
    expect(toHex(bytes)).toBe('20000000' + '1200' + '0103' + '00000000' + '00000000' + '00'.repeat(16));
  });

  it('SOCK_DIAG_BY_FAMILY request: the layout the family selects (inet_diag_req_v2), completed', () => {
    const m = completeMessage({
      header: { type: 'SOCK_DIAG_BY_FAMILY', flags: ['NLM_F_REQUEST', 'NLM_F_DUMP'] },
      sdiag_family: 'AF_INET', sdiag_protocol: 'IPPROTO_TCP', idiag_ext: ['INET_DIAG_INFO'], idiag_states: ['TCP_LISTEN'],
    }, 4, 'to-kernel');
    const bytes = encodePacket([m], { protocol: 4, direction: 'to-kernel' });
    expect(bytes.length).toBe(72);
    const ex = explainBytes(bytes, { protocol: 4, direction: 'to-kernel' });
    expect(tilingErrors(ex.fields, 0, 72)).toEqual([]);
    expect(leaf(ex, 'inet_diag_req_v2.idiag_ext')).toMatchObject({ offset: 18, value: ['INET_DIAG_INFO'] });
    expect(leaf(ex, 'inet_diag_req_v2.idiag_states')).toMatchObject({ offset: 20, hex: '00040000' });
  });
});

describe('command line', () => {
  const BIN = join(process.cwd(), 'src/cli/bin.mjs');
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

  it('explain --format json on a capture frame', () => {
    const r = run(['explain', 'captures/route-dump.pcap', '--frame', '4', '--index', '0', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const msg = doc.fields[0];
    expect(msg.children[5].children[3]).toMatchObject({ path: 'ifinfomsg.ifi_index', offset: 20, length: 4, value: 1 });
  });

  it('explain --hex guesses the direction from NLM_F_REQUEST; piped output has no colors', () => {
    const r = run(['explain', '--hex', '20000000 12000103 00000000 00000000 00000000 00000000 00000000 00000000', '-p', 'route']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/to-kernel/);
    expect(r.stdout).toMatch(/nlmsghdr\.nlmsg_flags {2}NLM_F_DUMP\|NLM_F_REQUEST \(0x301\)/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('explain --hex: the direction\'s reason, and bytes past NLMSG_ALIGN(nlmsg_len) not called alignment padding', () => {
    // NLM_F_REQUEST not set: to-user (it said "from NLM_F_REQUEST")
    let r = run(['explain', '--hex', '1400000012000003000000000000000000000000']);
    expect(r.stdout).toMatch(/--hex \(to-user: NLM_F_REQUEST not set\)/);
    r = run(['explain', '--hex', '1400000012000103000000000000000000000000']);
    expect(r.stdout).toMatch(/--hex \(to-kernel: NLM_F_REQUEST set\)/);
    // nlmsg_len 20 is aligned: the 2 zeros after it are not NLMSG_ALIGN padding
    r = run(['explain', '--hex', '14000000120001030000000000000000000000000000']);
    expect(r.stdout).toMatch(/RTM_GETLINK\.pad +2 bytes after the message \(nlmsg_len 20, aligned\), to the end of the packet/);
    r = run(['explain', '--hex', '150000001200010300000000000000000000000000000000']);
    expect(r.stdout).toMatch(/RTM_GETLINK\.pad +3 bytes of NLMSG_ALIGN padding/);
  });

  it('fuzz --family offers only families of netlink messages (uevent was offered, then refused)', () => {
    const r = run(['fuzz', '--family', 'uevent', '--count', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Invalid values|Choices/);
    expect(run(['fuzz', '--help']).stdout).not.toMatch(/"uevent"/);
  });

  it('layout and encode --message --explain run; bad input is one line, exit 2', () => {
    const l = run(['layout', 'inet_diag_msg']);
    expect(l.status, l.stderr).toBe(0);
    expect(l.stdout).toMatch(/struct inet_diag_msg \{/);
    const e = run(['encode', '-m', '{"header":{"type":"RTM_GETADDR","flags":["NLM_F_REQUEST","NLM_F_DUMP"]},"ifa_family":"AF_INET"}', '--explain']);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout.split('\n')[0]).toBe('18000000160001030000000000000000' + '0200000000000000');
    expect(e.stdout).toMatch(/ifaddrmsg\.ifa_family {2}AF_INET \(2\)/);
    const bad = run(['explain', 'captures/route-dump.pcap', '--frame', '9999']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const badField = run(['encode', '-p', 'sock_diag', '-m', '{"header":{"type":"SOCK_DIAG_BY_FAMILY","flags":["NLM_F_REQUEST"]},"sdiag_family":"AF_INET","idiag_states":["TCPF_NOPE"]}']);
    expect(badField.status).toBe(2);
    expect(badField.stderr).toMatch(/TCPF_NOPE/);
    const badJson = run(['encode', '-m', 'type: RTM_GETLINK']);
    expect(badJson.status).toBe(2);
    expect(badJson.stderr).toMatch(/not JSON/);
  });
});

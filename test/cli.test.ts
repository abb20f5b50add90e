// The command line as a user runs it: decode -> jsonl -> encode reproduces every
// packet; edits take effect; unusable files give one line and exit code 2.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCaptureAll } from '../src/capture/reader.js';
import { toHex } from '../src/wire/bytes.js';
// The starter captures and one recorded here: each runs the CLI twice per format.
const CAPTURES = ['captures/route-dump.pcap', 'captures/sockdiag.pcap', 'captures/changes.pcap', 'captures/rec-errors.pcap'];

const BIN = join(process.cwd(), 'src/cli/bin.mjs');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28 });
const dir = mkdtempSync(join(tmpdir(), 'nlscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Each case starts the CLI (tsx compiles the codecs at start-up): allow for a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

describe('nlscope decode | nlscope encode', () => {
  for (const file of CAPTURES) {
    // encode reads decode's json output too (a line per message, inside [ ])
    for (const [fmt, ext] of [['jsonl', 'pcap'], ['jsonl', 'pcapng'], ['json', 'pcap']] as const) {
      it(`${file} -> ${fmt} -> ${ext}: every packet byte for byte`, async () => {
        const jsonl = execFileSync(process.execPath, [BIN, 'decode', file, '--format', fmt], { encoding: 'utf8', maxBuffer: 1 << 28 });
        const jpath = join(dir, `x.${fmt}`);
        writeFileSync(jpath, jsonl);
        const out = join(dir, `x.${ext}`);
        const r = run(['encode', jpath, '-o', out]);
        expect(r.status, r.stderr).toBe(0);
        const a = await readCaptureAll(file);
        const b = await readCaptureAll(out);
        expect(b.packets.length).toBe(a.packets.length);
        a.packets.forEach((p, i) => {
          const q = b.packets[i];
          expect(toHex(q.data), `frame ${p.frame}`).toBe(toHex(p.data));
          expect([q.protocol, q.direction, q.sec, q.nsec]).toEqual([p.protocol, p.direction, p.sec, p.nsec]);
        });
      });
    }
  }

  it('a hand edit takes effect (IFLA_MTU of lo)', () => {
    const lines = run(['decode', 'captures/route-dump.pcap', '--format', 'jsonl']).stdout.trim().split('\n');
    const i = lines.findIndex((l) => l.includes('"IFLA_IFNAME":"lo"') && l.includes('"RTM_NEWLINK"'));
    const m = JSON.parse(lines[i]);
    m.IFLA_MTU = 1234;
    m.IFLA_IFNAME = 'loopback0';
    const jpath = join(dir, 'edit.jsonl');
    writeFileSync(jpath, JSON.stringify(m) + '\n');
    expect(run(['encode', jpath, '-o', join(dir, 'edit.pcap')]).status).toBe(0);
    const back = JSON.parse(run(['decode', join(dir, 'edit.pcap'), '--format', 'jsonl']).stdout.trim().split('\n')[0]);
    expect(back.IFLA_MTU).toBe(1234);
    expect(back.IFLA_IFNAME).toBe('loopback0');
    expect(back.header.len).toBe(m.header.len + 8); // "loopback0\0" is 10 bytes vs "lo\0" 3: +8 after alignment
  });
});

describe('unusable input: one line, exit code 2, no stack trace', () => {
  const cases: Array<[string, Buffer | null]> = [
    ['empty.pcap', Buffer.alloc(0)],
    ['text.pcap', Buffer.from('this is not a capture\n')],
    ['random.pcap', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff))],
    ['missing.pcap', null],
  ];
  for (const [name, bytes] of cases) {
    it(name, () => {
      const path = join(dir, name);
      if (bytes) writeFileSync(path, bytes);
      const r = run(['decode', path]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a capture cut mid-record: packets before the damage, exit code 1', () => {
    const path = join(dir, 'cut.pcap');
    writeFileSync(path, readFileSync('captures/sockdiag.pcap').subarray(0, 3000));
    const r = run(['decode', path, '--format', 'jsonl']);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(3);
    expect(r.stderr).toMatch(/cut by end of file/);
  });

  it('bad jsonl for encode: line number and reason', () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, '{"frame":1,"index":0,"time":1,"direction":"to-kernel","protocol":"NETLINK_ROUTE","header":{"type":"RTM_NEWLINK"},"IFLA_MTU":"lots"}\n');
    const r = run(['encode', path, '-o', join(dir, 'bad.pcap')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad.jsonl:1: .*IFLA_MTU/);
  });

  it('an error in a packet of several messages names the line of the message at fault (it named the packet\'s first), and no empty path', () => {
    const lines = run(['decode', 'captures/rec-route.pcap', '--format', 'jsonl']).stdout.split('\n').slice(0, 10).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(1, 10).every((m) => m.frame === lines[1]!.frame)).toBe(true); // lines 2-10: one packet
    lines[6]!.RTA_BOGUS = 1;
    const path = join(dir, 'bogus.jsonl');
    writeFileSync(path, lines.map((m) => JSON.stringify(m)).join('\n') + '\n');
    const r = run(['encode', path, '-o', join(dir, 'bogus.pcap')]);
    expect([r.status, r.stderr.trim()]).toEqual([2, `nlscope: ${path}:7: RTA_BOGUS is not an attribute of RTA`]);
  });

  it('layout of a message with several fixed headers puts the chosen header at 16 and the attributes after it (it put the attributes at 16)', () => {
    const rows = run(['layout', 'SOCK_DIAG_BY_FAMILY']).stdout.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│').map((c) => c.trim()).filter(Boolean));
    expect(rows.find((r) => r[2]!.startsWith('fixed header'))?.slice(0, 2)).toEqual(['16', '...']);
    expect(rows.find((r) => r[2]!.startsWith('attributes'))?.[0]).toBe('...');
  });

  it('explain --hex with characters that are not hex says so (it said "not an even number of hex digits")', () => {
    expect(run(['explain', '--hex', 'zzzz']).stderr.trim()).toBe('nlscope: --hex: not hex digits (0-9, a-f; spaces, colons and 0x allowed)');
    expect(run(['explain', '--hex', '123']).stderr.trim()).toBe('nlscope: --hex: not an even number of hex digits');
  });

  it('a line without "direction" is to-kernel when its header says NLM_F_REQUEST, else to-user (as --message): a dump\'s answers stay answers', () => {
    const lines = run(['decode', 'captures/rec-route.pcap', '--frame', '1-2', '--format', 'jsonl']).stdout.trim().split('\n').map((l) => { const m = JSON.parse(l) as Record<string, unknown>; delete m.direction; return m; });
    const path = join(dir, 'nodir.jsonl');
    writeFileSync(path, lines.map((m) => JSON.stringify(m)).join('\n') + '\n');
    expect(run(['encode', path, '-o', join(dir, 'nodir.pcap')]).status).toBe(0);
    const back = run(['decode', join(dir, 'nodir.pcap')]).stdout.split('\n').filter((l) => l.startsWith('Frame '));
    expect(back.map((l) => /to-(kernel|user)/.exec(l)![0])).toEqual(['to-kernel', 'to-user']);
  });
});

describe('encode refuses what it cannot write as given', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-enc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const msg = (extra: string, header = '') => run(['encode', '-m', `{"header":{"type":"RTM_NEWLINK"${header}}${extra}}`]);

  it('a number the field cannot hold is an error with its path, not wrapped (70000000000 in a u32 wrote 0x4c533c00)', () => {
    for (const [extra, header, want] of [
      [',"IFLA_MTU":70000000000', '', /IFLA_MTU: 70000000000 is not a u32 value: 0 to 4294967295/],
      [',"IFLA_MTU":-1', '', /IFLA_MTU: -1 is not a u32 value/],
      [',"IFLA_MTU":1.5', '', /IFLA_MTU: 1.5 is not a u32 value/],
      [',"ifi_family":300', '', /300 is not a u8 value: 0 to 255/],
      ['', ',"seq":-1', /header.seq: -1 is not a u32 value/],
      ['', ',"pid":5000000000', /header.pid: 5000000000 is not a u32 value/],
      [',"IFLA_STATS64":{"tx_packets":"18446744073709551616"}', '', /is not a u64 value: 0 to 18446744073709551615/],
      [',"IFLA_STATS64":{"tx_packets":18446744073709551615}', '', /past 2\^53 a JSON number is not exact/],
    ] as const) {
      const r = msg(extra, header);
      expect(r.status, extra + header).toBe(2);
      expect(r.stderr).toMatch(want);
    }
    // the edges themselves are fine
    expect(msg(',"IFLA_MTU":4294967295,"ifi_index":-2147483648,"IFLA_STATS64":{"tx_packets":"18446744073709551615"}').status).toBe(0);
  });

  it('any NLM_F_ name is its bit (NLM_F_CREATE on a GET was "not a NLM_F value"); an unknown name is still an error', () => {
    const r = run(['encode', '-m', '{"header":{"type":"RTM_GETLINK","flags":["NLM_F_REQUEST","NLM_F_DUMP","NLM_F_CREATE"]}}']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.slice(8, 16)).toBe('12000107'); // type 18, flags 0x0701
    const bad = run(['encode', '-m', '{"header":{"type":"RTM_GETLINK","flags":["NLM_F_BOGUS"]}}']);
    expect([bad.status, bad.stderr]).toEqual([2, 'nlscope: --message: header.flags: "NLM_F_BOGUS" is not a NLM_F value\n']);
  });

  it('hand-written lines without "protocol" take -p (route by default); a bad direction, an empty input, an unwritable output: one line, exit 2', () => {
    const out = join(dir, 'a.pcap');
    let r = run(['encode', '-', '-o', out], '{"header":{"type":"RTM_NEWLINK"}}\n');
    expect(r.stderr).not.toMatch(/toUpperCase|undefined/);
    expect(r.status).toBe(0);
    expect(run(['decode', out]).stdout).toMatch(/NETLINK_ROUTE\n  Netlink message 0: RTM_NEWLINK/);
    r = run(['encode', '-', '-p', 'sock_diag', '-o', out], '{"header":{"type":"SOCK_DIAG_BY_FAMILY"}}\n');
    expect(r.status).toBe(0);
    expect(run(['decode', out]).stdout).toMatch(/NETLINK_SOCK_DIAG/);
    r = run(['encode', '-', '-o', out], '{"header":{"type":"RTM_NEWLINK"},"direction":"sideways"}\n');
    expect([r.status, r.stderr]).toEqual([2, 'nlscope: -:1: direction "sideways" is not to-kernel or to-user\n']);
    r = run(['encode', '-', '-o', join(dir, 'none.pcap')], '');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no messages to encode/);
    expect(existsSync(join(dir, 'none.pcap'))).toBe(false);
    r = run(['encode', '-', '-o', join(dir, 'no/such/dir.pcap')], '{"header":{"type":"RTM_NEWLINK"}}\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nlscope: \S*no\/such\/dir.pcap: ENOENT/);
  });
});

describe('filters', () => {
  it('--type and --frame select messages', () => {
    const r = run(['decode', 'captures/route-dump.pcap', '--format', 'jsonl', '--type', 'RTM_NEWROUTE']);
    const msgs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(msgs.length).toBeGreaterThan(5);
    expect(new Set(msgs.map((m) => m.header.type))).toEqual(new Set(['RTM_NEWROUTE']));
    const f = run(['decode', 'captures/route-dump.pcap', '--format', 'json', '--frame', '4']);
    const arr = JSON.parse(f.stdout);
    expect(new Set(arr.map((m: { frame: number }) => m.frame))).toEqual(new Set([4]));
  });

  it('--frame and --protocol show what the whole decode shows of those frames; a problem in a frame left out still sets the exit code', () => {
    // rec-ss: route and sock_diag frames (ss asks for both)
    const lines = run(['decode', 'captures/rec-ss.pcap', '-f', 'jsonl']).stdout.trim().split('\n');
    const blocks = run(['decode', 'captures/rec-ss.pcap']).stdout.split('\n\n').filter(Boolean);
    for (const [p, name] of [['route', 'NETLINK_ROUTE'], ['sock_diag', 'NETLINK_SOCK_DIAG']]) {
      const some = lines.filter((l) => JSON.parse(l).protocol === name);
      expect(some.length).toBeGreaterThan(5);
      expect(run(['decode', 'captures/rec-ss.pcap', '-f', 'jsonl', '-p', p!]).stdout.trim().split('\n')).toEqual(some);
      expect(run(['decode', 'captures/rec-ss.pcap', '-p', p!]).stdout.split('\n\n').filter(Boolean)).toEqual(blocks.filter((b) => b.split('\n')[0]!.endsWith(name!)));
    }
    // the route dump with a bad attribute length (nla_len past the message) in a frame after
    // the tenth: the first whose message is an answer with attributes
    const bad = Buffer.from(readFileSync('captures/route-dump.pcap'));
    let at = 24; // the global header, then per packet a 16-byte record header and the packet
    for (let frame = 1; frame < 10 || bad.readUInt32LE(at + 16 + 16) < 60; frame++) at += 16 + bad.readUInt32LE(at + 8);
    const payload = at + 16 + 16; // after the nlmon (cooked) header: the netlink message
    bad.writeUInt16LE(0xfff0, payload + 16 + 16); // the first attribute after a 16-byte fixed part
    const file = join(dir, 'bad-frame.pcap');
    writeFileSync(file, bad);
    const whole = run(['decode', file, '-f', 'jsonl']);
    expect(whole.status).toBe(1);
    const shown = run(['decode', file, '-f', 'jsonl', '--frame', '1-5']);
    expect([shown.status, shown.stderr]).toEqual([1, '']);
    expect(shown.stdout.trim().split('\n')).toEqual(whole.stdout.trim().split('\n').filter((l) => JSON.parse(l).frame <= 5));
    expect(run(['decode', file, '--frame', '1-5', '-p', 'sock_diag']).status).toBe(1);
  });

  // yargs' plain array options were greedy: `decode --frame 4 FILE` took FILE for a frame
  it('list options take one value per flag, before the file too; commas and ranges', () => {
    const frames = (args: string[]) => {
      const r = run(['decode', ...args, '--format', 'jsonl']);
      expect(r.status, r.stderr).toBe(0);
      return [...new Set(r.stdout.trim().split('\n').map((l) => JSON.parse(l).frame))];
    };
    expect(frames(['--frame', '4', 'captures/route-dump.pcap'])).toEqual([4]);
    expect(frames(['--frame', '2-4,7', 'captures/route-dump.pcap'])).toEqual([2, 3, 4, 7]);
    expect(frames(['captures/route-dump.pcap', '--frame', '7', '--frame', '2'])).toEqual([2, 7]);
    const r = run(['decode', '-t', 'RTM_NEWLINK,RTM_NEWADDR', 'captures/route-dump.pcap', '--format', 'jsonl']);
    expect(r.status, r.stderr).toBe(0);
    expect(new Set(r.stdout.trim().split('\n').map((l) => JSON.parse(l).header.type))).toEqual(new Set(['RTM_NEWLINK', 'RTM_NEWADDR']));
    // ss: -A takes one (comma-separated) value, so a filter may follow it
    // (two states: ss prints the State column only when more than one is selected)
    const ss = run(['ss', 'captures/rec-ss.pcap', '-A', 'tcp', 'state', 'established', 'state', 'syn-sent']);
    expect(ss.status, ss.stderr).toBe(0);
    const states = ss.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]);
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['ESTAB']));
  });

  it('- reads the capture from standard input (tcpdump -w - | nlscope decode -)', () => {
    const bytes = readFileSync('captures/route-dump.pcap');
    const piped = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { input: bytes, encoding: 'utf8', maxBuffer: 1 << 28 });
    for (const cmd of [['decode', '-', '--format', 'jsonl'], ['stats', '-', '--format', 'json']]) {
      const a = piped(cmd);
      const b = run(cmd.map((x) => x === '-' ? 'captures/route-dump.pcap' : x));
      expect(a.status, a.stderr).toBe(0);
      expect(a.stdout.replaceAll('/dev/stdin', 'captures/route-dump.pcap')).toBe(b.stdout);
    }
    const bad = spawnSync(process.execPath, [BIN, 'decode', '-'], { input: 'xx', encoding: 'utf8' });
    expect([bad.status, bad.stderr.trim()]).toEqual([2, 'nlscope: /dev/stdin: file too short for a capture (2 bytes)']);
    // the fake kernel takes its requests on standard input: the capture cannot come from there too
    const serve = spawnSync(process.execPath, [BIN, 'replay', '-', '--serve'], { input: bytes, encoding: 'utf8' });
    expect([serve.status, serve.stderr.trim()]).toEqual([2, 'nlscope: --serve answers requests on standard input: give the capture as a file']);
  });

  it('a filter that matches nothing says so (a misspelt type name printed nothing at all)', () => {
    const r = run(['decode', 'captures/route-dump.pcap', '-t', 'RTM_NEWLNK', '-t', 'RTM_NEWLINK', '-t', 'RTM_DELLINK', '--format', 'jsonl']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(5);
    expect(r.stderr.trim().split('\n')).toEqual([
      'nlscope: --type RTM_NEWLNK matched no message (not a message type nlscope knows; generic netlink messages go by family name)',
      'nlscope: --type RTM_DELLINK matched no message',
    ]);
    const f = run(['decode', 'captures/route-dump.pcap', '--frame', '900']);
    expect([f.status, f.stdout, f.stderr.trim()]).toEqual([0, '', 'nlscope: --frame matched no frame (the capture has 79)']);
    // a frame that is there but of another protocol still matched the frame filter
    const p = run(['decode', 'captures/route-dump.pcap', '--frame', '4', '-p', 'sock_diag']);
    expect([p.status, p.stdout, p.stderr]).toEqual([0, '', '']);
  });

  it('--type by number (16: RTM_NEWLINK in route, nlctrl in generic netlink) or by generic netlink family; NLMSG_DONE\'s errno is named', () => {
    const lines = (args: string[]) => run(args).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const links = lines(['decode', 'captures/rec-link.pcap', '-t', '16', '-f', 'jsonl']);
    expect(links.length).toBe(lines(['decode', 'captures/rec-link.pcap', '-t', 'RTM_NEWLINK', '-f', 'jsonl']).length);
    expect(links.length).toBeGreaterThan(5);
    expect(new Set(lines(['decode', 'captures/rec-genl.pcap', '-t', '16', '-p', 'genl', '-f', 'jsonl']).map((m) => m.header.type))).toEqual(new Set(['nlctrl']));
    // a family nlscope knows, not in this capture: no "not a message type nlscope knows"
    const e = run(['decode', 'captures/changes.pcap', '-t', 'ethtool']);
    expect(e.stderr.trim()).toBe('nlscope: --type ethtool matched no message');
    // a dump that failed: NLMSG_DONE error: -2 (ENOENT), as NLMSG_ERROR's
    const done = run(['decode', 'captures/changes.pcap']).stdout;
    expect(done).toMatch(/NLMSG_DONE .*\n(?: {4}.*\n)*? {4}error: -\d+ \([A-Z]+\)/);
    expect(done).not.toMatch(/NLMSG_DONE .*\n {4}error: -\d+\n/);
  });

  it('a bad frame list is one line, exit 2', () => {
    for (const bad of ['0', 'x', '5-2']) {
      const r = run(['decode', '--frame', bad, 'captures/route-dump.pcap']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`nlscope: --frame: "${bad}" is not a frame number or range (4, 2-9; frames count from 1)`]);
    }
  });
});

describe('not a netlink capture', () => {
  it('a pcap of another link type (Ethernet) is one line, exit 2 (it decoded every packet as a problem, exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-eth-'));
    try {
      const bytes = readFileSync('captures/route-dump.pcap');
      bytes[20] = 1; // LINKTYPE_ETHERNET
      const path = join(dir, 'eth.pcap');
      writeFileSync(path, bytes);
      for (const args of [['decode', path], ['stats', path], ['report', path, '-o', join(dir, 'r.html')]]) {
        const r = run(args);
        expect([r.status, r.stdout, r.stderr], args[0]).toEqual([2, '', `nlscope: ${path}: link type 1 is not netlink (253), LINUX_SLL (113) or LINUX_SLL2 (276)\n`]);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }, 60000);
});

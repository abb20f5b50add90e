// Golden decodes: what nlscope reads from the real captures must agree with what
// `ip` and `ss` printed from the same kernel answers (captures/tool-output/).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Json } from '../src/codec/struct.js';
import { messagesOf } from './helpers.js';

const out = (name: string) => readFileSync(`captures/tool-output/${name}`, 'utf8');
const answers = (msgs: Json[], type: string) =>
  msgs.filter((m) => m.direction === 'to-user' && (m.header as Json).type === type);

describe('route-dump.pcap against ip', () => {
  it('links: names, indexes, mtu, qlen, addresses as `ip -d link` printed them', async () => {
    const msgs = await messagesOf('captures/route-dump.pcap');
    const links = answers(msgs, 'RTM_NEWLINK');
    expect(links.length).toBeGreaterThan(0);
    const printed = [...out('link.out').matchAll(/^(\d+): ([^:@]+)[@:].*? mtu (\d+) .*?qlen (\d+)\n\s+link\/\w+ ([0-9a-f:]+)/gm)];
    expect(printed.length).toBeGreaterThanOrEqual(4);
    for (const [, index, name, mtu, qlen, mac] of printed) {
      const m = links.find((l) => l.IFLA_IFNAME === name);
      expect(m, name).toBeDefined();
      expect(m!.ifi_index).toBe(Number(index));
      expect(m!.IFLA_MTU).toBe(Number(mtu));
      expect(m!.IFLA_TXQLEN).toBe(Number(qlen));
      expect(m!.IFLA_ADDRESS).toBe(mac);
    }
  });

  it('link flags as IFF_ names', async () => {
    const lo = answers(await messagesOf('captures/route-dump.pcap'), 'RTM_NEWLINK').find((l) => l.IFLA_IFNAME === 'lo')!;
    expect(lo.ifi_flags).toEqual(expect.arrayContaining(['IFF_UP', 'IFF_LOOPBACK', 'IFF_LOWER_UP']));
    expect(lo.ifi_type).toBe('ARPHRD_LOOPBACK');
  });

  it('IPv4 addresses as `ip addr` printed them', async () => {
    const addrs = answers(await messagesOf('captures/route-dump.pcap'), 'RTM_NEWADDR');
    const printed = [...out('addr.out').matchAll(/^\s+inet (\d+\.\d+\.\d+\.\d+)\/(\d+) .*?scope (\w+)/gm)];
    expect(printed.length).toBeGreaterThan(0);
    for (const [, ip, plen, scope] of printed) {
      const m = addrs.find((a) => a.IFA_LOCAL === ip);
      expect(m, ip).toBeDefined();
      expect(m!.ifa_prefixlen).toBe(Number(plen));
      expect(String(m!.ifa_scope).toLowerCase()).toContain(scope === 'global' ? 'universe' : scope);
    }
  });

  it('routes: multipath next hops, table 100, blackhole', async () => {
    const routes = answers(await messagesOf('captures/route-dump.pcap'), 'RTM_NEWROUTE');
    const mp = routes.find((r) => r.RTA_DST === '10.10.0.0');
    expect(mp).toBeDefined();
    const hops = mp!.RTA_MULTIPATH as Json[];
    expect(hops.map((h) => h.RTA_GATEWAY)).toEqual(['192.0.2.2', '192.0.2.2']);
    expect(hops.map((h) => Number(h.rtnh_hops) + 1)).toEqual([1, 3]); // ip prints weight = rtnh_hops + 1
    const t100 = routes.find((r) => r.RTA_DST === '10.20.0.0')!;
    expect(t100.RTA_TABLE).toBe(100);
    expect(t100.RTA_GATEWAY).toBe('192.0.2.2');
    const bh = routes.find((r) => r.RTA_DST === '10.99.0.0')!;
    expect(bh.rtm_type).toBe('RTN_BLACKHOLE');
  });

  it('neighbours: addresses, lladdr, NUD state', async () => {
    const neigh = answers(await messagesOf('captures/route-dump.pcap'), 'RTM_NEWNEIGH');
    for (const [, ip, mac, state] of out('neigh.out').matchAll(/^(\S+) dev \S+ lladdr (\S+) (\w+)/gm)) {
      const n = neigh.find((x) => x.NDA_DST === ip);
      expect(n, ip).toBeDefined();
      expect(n!.NDA_LLADDR).toBe(mac);
      expect(n!.ndm_state).toEqual([`NUD_${state}`]);
    }
  });

  it('rules: priorities and tables', async () => {
    const rules = answers(await messagesOf('captures/route-dump.pcap'), 'RTM_NEWRULE').filter((r) => r.family === 'AF_INET' || r.family === 2);
    const prios = rules.map((r) => r.FRA_PRIORITY ?? 0);
    for (const [, prio] of out('rule.out').matchAll(/^(\d+):/gm)) expect(prios).toContain(Number(prio));
    const r1000 = rules.find((r) => r.FRA_PRIORITY === 1000)!;
    expect(r1000.FRA_SRC).toBe('192.0.2.0');
    expect(r1000.FRA_TABLE).toBe(100);
  });
});

describe('changes.pcap: errors with extended ack', () => {
  it('EEXIST, ENODEV and the extended-ack texts ip printed', async () => {
    const errs = (await messagesOf('captures/changes.pcap')).filter((m) => (m.header as Json).type === 'NLMSG_ERROR' && Number(m.error) < 0);
    const names = errs.map((e) => e.error_name);
    expect(names).toContain('EEXIST');
    expect(names).toContain('ENODEV');
    const texts = errs.map((e) => e.NLMSGERR_ATTR_MSG).filter(Boolean);
    expect(texts).toContain('Nexthop has invalid gateway');
    expect(texts).toContain('Unknown device type');
    for (const e of errs) expect((e.msg as Json).header).toBeDefined();
  });
});

describe('sockdiag.pcap against ss', () => {
  const key = (src: unknown, sport: unknown, dst: unknown, dport: unknown) => `${src}:${sport} ${dst}:${dport}`;
  it('every TCP socket ss -tanpie printed, with state, queues, inode and tcp_info', async () => {
    const msgs = answers(await messagesOf('captures/sockdiag.pcap'), 'SOCK_DIAG_BY_FAMILY');
    const tcp = msgs.filter((m) => m.idiag_family === 'AF_INET' || m.idiag_family === 'AF_INET6');
    const lines = [...out('ss_tcp.out').matchAll(/^(LISTEN|ESTAB)\s+(\d+)\s+(\d+)\s+(\S+):(\d+)\s+(\S+):(\S+)\s.*?ino:(\d+)[^\n]*\n\t([^\n]*)/gm)];
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const norm = (a: string) => (a === '*' ? '::' : a.replace(/^\[|\]$/g, ''));
    for (const [, state, rq, sq, src, sport, , , ino, info] of lines) {
      const m = tcp.find((x) => String(x.idiag_inode) === ino)!;
      expect(m, ino).toBeDefined();
      const id = m.id as Json;
      expect(m.idiag_state).toBe(state === 'ESTAB' ? 'TCP_ESTABLISHED' : 'TCP_LISTEN');
      expect(id.idiag_sport).toBe(Number(sport));
      expect(id.idiag_src).toBe(norm(src));
      expect(m.idiag_rqueue).toBe(Number(rq));
      expect(m.idiag_wqueue).toBe(Number(sq));
      const ti = m.INET_DIAG_INFO as Json;
      const cwnd = /cwnd:(\d+)/.exec(info);
      if (cwnd) expect(ti.tcpi_snd_cwnd).toBe(Number(cwnd[1]));
      const rtt = /rtt:([\d.]+)\//.exec(info);
      if (rtt) expect(Number(ti.tcpi_rtt) / 1000).toBeCloseTo(Number(rtt[1]), 3);
      const mss = /\bmss:(\d+)/.exec(info);
      if (mss) expect(ti.tcpi_snd_mss).toBe(Number(mss[1]));
      const sent = /bytes_sent:(\d+)/.exec(info);
      if (sent) expect(ti.tcpi_bytes_sent).toBe(Number(sent[1]));
      void key;
    }
  });
});

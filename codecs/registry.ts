// The protocols nlscope knows, each loaded when first asked for: decoding a socket dump then
// compiles no routing, netfilter or xfrm codecs (~70 ms of a short decode's start-up).
// A protocol's module registers itself when loaded. codecs/index.ts loads them all at once,
// for library users and commands that need every name; decodeCapture loads each protocol a
// capture holds before decoding its first packet.
import type { ProtocolDecl } from '../src/codec/schema.js';
import { NETLINK_PROTOCOL } from './netlink.js';

interface Entry {
  /** the CLI's short name (route); the kernel name is NETLINK_PROTOCOL's */
  readonly short: string;
  readonly load: () => Promise<ProtocolDecl>;
}

/** By kernel name: the number is NETLINK_PROTOCOL's. In PROTOCOLS order (codecs/index.ts). */
const ENTRIES: Record<string, Entry> = {
  NETLINK_ROUTE: { short: 'route', load: async () => (await import('./route/index.js')).ROUTE },
  NETLINK_SOCK_DIAG: { short: 'sock_diag', load: async () => (await import('./sock_diag/index.js')).SOCK_DIAG },
  NETLINK_GENERIC: { short: 'genl', load: async () => (await import('./genl/index.js')).GENERIC },
  NETLINK_NETFILTER: { short: 'netfilter', load: async () => (await import('./netfilter/index.js')).NETFILTER },
  NETLINK_XFRM: { short: 'xfrm', load: async () => (await import('./xfrm.js')).XFRM },
  NETLINK_AUDIT: { short: 'audit', load: async () => (await import('./audit.js')).AUDIT },
  NETLINK_CONNECTOR: { short: 'connector', load: async () => (await import('./connector.js')).CONNECTOR },
  NETLINK_KOBJECT_UEVENT: { short: 'uevent', load: async () => (await import('./uevent.js')).KOBJECT_UEVENT },
};

const byId = new Map<number, Entry>(Object.entries(ENTRIES).map(([name, e]) => [NETLINK_PROTOCOL.byName.get(name)!, e]));
const loaded = new Map<number, ProtocolDecl>();
const loading = new Map<number, Promise<void>>();

/** The protocol's declarations, once loaded (loadProtocol, or codecs/index.ts for all). */
export function protocolById(id: number): ProtocolDecl | undefined {
  return loaded.get(id);
}

/**
 * The declarations the codec decodes a protocol with: protocolById, except that a protocol
 * nlscope has codecs for but has not loaded is an error (a program that imported the codec
 * alone), not a silent generic decode.
 */
export function codecsOf(id: number): ProtocolDecl | undefined {
  const p = loaded.get(id);
  if (p || !byId.has(id)) return p;
  throw new Error(`the codecs of ${protocolName(id)} are not loaded: import nlscope's entry (or codecs/index.js), or await loadProtocol(${id}) first`);
}

export function registerProtocol(p: ProtocolDecl): void {
  loaded.set(p.id, p);
}

/** Loads protocol `id`'s codecs; undefined when there is nothing to wait for (loaded, or a
 *  protocol nlscope has no codecs for), so a per-packet caller awaits only the first time. */
export function loadProtocol(id: number): Promise<void> | undefined {
  if (loaded.has(id)) return undefined;
  const entry = byId.get(id);
  if (!entry) return undefined;
  let p = loading.get(id);
  if (!p) {
    p = entry.load().then(registerProtocol);
    loading.set(id, p);
  }
  return p;
}

/** Kernel name of a protocol number (NETLINK_ROUTE ...), or the number. */
export function protocolName(id: number): string | number {
  return NETLINK_PROTOCOL.byValue.get(id) ?? id;
}

/** Protocol number from a kernel name, a short name (route, sock_diag) or a number. */
export function protocolId(name: string | number): number | undefined {
  if (typeof name === 'number') return name;
  if (/^\d+$/.test(name)) return Number(name);
  const upper = name.toUpperCase();
  const full = upper.startsWith('NETLINK_') ? upper : `NETLINK_${upper}`;
  if (NETLINK_PROTOCOL.byName.has(full)) return NETLINK_PROTOCOL.byName.get(full);
  const short = Object.entries(ENTRIES).find(([, e]) => e.short === name);
  return short && NETLINK_PROTOCOL.byName.get(short[0]);
}

/** Every protocol's kernel name, number and short name (for tests: each matches its declarations). */
export const KNOWN_PROTOCOLS: ReadonlyArray<{ name: string; id: number; short: string }> =
  Object.entries(ENTRIES).map(([name, e]) => ({ name, id: NETLINK_PROTOCOL.byName.get(name)!, short: e.short }));

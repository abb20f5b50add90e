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
  /** imports the protocol's module, which registers the protocol */
  readonly load: () => Promise<unknown>;
}

/** By kernel name: the number is NETLINK_PROTOCOL's. In PROTOCOLS order (codecs/index.ts). */
const ENTRIES: Record<string, Entry> = {
  NETLINK_ROUTE: { short: 'route', load: () => import('./route/index.js') },
  NETLINK_SOCK_DIAG: { short: 'sock_diag', load: () => import('./sock_diag/index.js') },
  NETLINK_GENERIC: { short: 'genl', load: () => import('./genl/index.js') },
  NETLINK_NETFILTER: { short: 'netfilter', load: () => import('./netfilter/index.js') },
  NETLINK_XFRM: { short: 'xfrm', load: () => import('./xfrm.js') },
  NETLINK_AUDIT: { short: 'audit', load: () => import('./audit.js') },
  NETLINK_CONNECTOR: { short: 'connector', load: () => import('./connector.js') },
  NETLINK_KOBJECT_UEVENT: { short: 'uevent', load: () => import('./uevent.js') },
};

/** The number and short name of a protocol nlscope has codecs for, by its kernel name: the
 *  protocol's module declares itself with them (protocol() in src/codec/schema.ts). */
export function protocolNames(name: string): { id: number; name: string; short: string } {
  const e = ENTRIES[name], id = NETLINK_PROTOCOL.byName.get(name);
  if (!e || id === undefined) throw new Error(`${name} is not a protocol of codecs/registry.ts`);
  return { id, name, short: e.short };
}

/** Every protocol's kernel name, number and short name. */
export const KNOWN_PROTOCOLS: ReadonlyArray<{ name: string; id: number; short: string }> =
  Object.entries(ENTRIES).map(([name, e]) => ({ name, id: NETLINK_PROTOCOL.byName.get(name)!, short: e.short }));

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
    p = entry.load().then(() => undefined);
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
  return KNOWN_PROTOCOLS.find((p) => p.short === name)?.id;
}

/** The name of attribute `type` in the attribute set of message kind `message` (RTM_NEWROUTE)
 *  of a loaded protocol: what NLMSGERR_ATTR_MISS_TYPE names. */
export function attributeName(protocol: number, message: string, type: number): string | undefined {
  const set = loaded.get(protocol)?.byName.get(message)?.attrs;
  return set && typeof set === 'object' ? set.byType.get(type)?.name : undefined;
}

// Every protocol nlscope knows, by netlink protocol number. Protocols not listed
// here still decode generically (header + raw attribute tree).
import type { ProtocolDecl } from '../src/codec/schema.js';
import { NETLINK_PROTOCOL } from './netlink.js';
import { ROUTE } from './route/index.js';
import { SOCK_DIAG } from './sock_diag/index.js';
import { GENERIC } from './genl/index.js';
import { NETFILTER } from './netfilter/index.js';
import { XFRM } from './xfrm.js';
import { AUDIT } from './audit.js';
import { CONNECTOR } from './connector.js';
import { KOBJECT_UEVENT } from './uevent.js';

export const PROTOCOLS: readonly ProtocolDecl[] = [ROUTE, SOCK_DIAG, GENERIC, NETFILTER, XFRM, AUDIT, CONNECTOR, KOBJECT_UEVENT];

const byId = new Map(PROTOCOLS.map((p) => [p.id, p]));

export function protocolById(id: number): ProtocolDecl | undefined {
  return byId.get(id);
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
  return PROTOCOLS.find((p) => p.short === name)?.id;
}

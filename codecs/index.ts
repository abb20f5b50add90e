// Every protocol nlscope knows, loaded at once (each module registers its protocol with
// codecs/registry.ts, which also loads them one at a time, for commands that decode only what
// a capture holds). Protocols not listed here still decode generically (header + raw attribute tree).
import type { ProtocolDecl } from '../src/codec/schema.js';
import { ROUTE } from './route/index.js';
import { SOCK_DIAG } from './sock_diag/index.js';
import { GENERIC } from './genl/index.js';
import { NETFILTER } from './netfilter/index.js';
import { XFRM } from './xfrm.js';
import { AUDIT } from './audit.js';
import { CONNECTOR } from './connector.js';
import { KOBJECT_UEVENT } from './uevent.js';

export { attributeName, protocolById, protocolId, protocolName } from './registry.js';

export const PROTOCOLS: readonly ProtocolDecl[] = [ROUTE, SOCK_DIAG, GENERIC, NETFILTER, XFRM, AUDIT, CONNECTOR, KOBJECT_UEVENT];

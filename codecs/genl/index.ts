// NETLINK_GENERIC (linux/genetlink.h): every message is nlmsghdr + genlmsghdr + attributes.
// nlmsg_type is a family id assigned at boot; only nlctrl's (GENL_ID_CTRL) is fixed. The ids of
// the others come from the CTRL_CMD_NEWFAMILY answers of the capture (learn), in capture order,
// or from --genl-family; the family name then chooses its layout, declared by a YNL spec.
import {
  msg, protocol, struct,
  type AttrSet, type BodySelector, type Direction, type FieldSpec, type MessageDecl, type ProtocolDecl,
  type SelectCtx, type StructDecl,
} from '../../src/codec/schema.js';
import type { Session } from '../../src/codec/session.js';
import type { YnlFamily, YnlOp } from '../../src/ynl/index.js';
import { knownFamily, onFamiliesChanged } from './families.js';
import { protocolNames, registerProtocol } from '../registry.js';

export { addFamily, addSpecs, knownFamily, onSpecWarning, SHIPPED, BUILTINS } from './families.js';

export const genlmsghdr: StructDecl = struct('genlmsghdr', [
  ['cmd', 'u8'],
  ['version', 'u8'],
  ['reserved', 'u16'],
], { header: 'linux/genetlink.h' });

/** nlctrl's id: NLMSG_MIN_TYPE, the same on every kernel. */
export const GENL_ID_CTRL = 0x10;
export const NLCTRL = 'nlctrl';

const CTRL_CMD_NEWFAMILY = 1;
const CTRL_CMD_DELFAMILY = 2;
const CTRL_CMD_NEWMCAST_GRP = 7;

/** How one family's messages are laid out: genlmsghdr with its command names (by direction),
 *  the op's fixed header, and the op's attribute set. */
class FamilyLayout {
  private readonly opByCmd: Record<Direction, Map<number, YnlOp>> = { 'to-kernel': new Map(), 'to-user': new Map() };
  private readonly opByName: Record<Direction, Map<string, YnlOp>> = { 'to-kernel': new Map(), 'to-user': new Map() };
  private readonly headers = new Map<string, StructDecl>();
  /** attributes of commands the spec does not list: the family's set when every op uses the same one */
  private readonly fallback: AttrSet | undefined;

  constructor(readonly family: YnlFamily) {
    for (const op of family.ops) {
      if (op.request) { this.opByCmd['to-kernel'].set(op.request.value, op); this.opByName['to-kernel'].set(op.request.name, op); }
      if (op.reply) { this.opByCmd['to-user'].set(op.reply.value, op); this.opByName['to-user'].set(op.reply.name, op); }
    }
    const sets = new Set(family.ops.map((o) => o.attrs).filter((s) => s !== undefined));
    this.fallback = sets.size === 1 ? [...sets][0] : undefined;
  }

  private op(direction: Direction, cmd: unknown): YnlOp | undefined {
    if (typeof cmd === 'number') return this.opByCmd[direction].get(cmd);
    if (typeof cmd === 'string') return this.opByName[direction].get(cmd);
    return undefined;
  }

  /** genlmsghdr (with the command names of this direction), then the op's fixed header if any. */
  private header(direction: Direction, op: YnlOp | undefined): StructDecl {
    const fixed = op?.fixedHeader;
    // one layout per command enum: unified families share it between directions
    const key = `${this.family.commands['to-kernel'] === this.family.commands['to-user'] ? '' : direction}|${fixed?.name ?? ''}`;
    let st = this.headers.get(key);
    if (!st) {
      const fields: FieldSpec[] = [['cmd', 'u8', this.family.commands[direction]], ['version', 'u8'], ['reserved', 'u16']];
      for (const f of fixed?.fields ?? []) {
        fields.push([f.name, f.kind, { enum: f.enum, flags: f.flags, count: f.count, size: f.size, family: f.family, rest: f.rest }]);
      }
      st = struct(fixed ? `genlmsghdr+${fixed.name}` : 'genlmsghdr', fields);
      this.headers.set(key, st);
    }
    return st;
  }

  readonly body: BodySelector = ({ direction, bytes, offset, length, json }) => {
    const cmd = json ? json.cmd : length >= 1 ? bytes[offset] : undefined;
    return this.header(direction, this.op(direction, cmd));
  };

  readonly attrs = (ctx: SelectCtx): AttrSet | undefined => this.op(ctx.direction, ctx.body.cmd)?.attrs ?? this.fallback;
}

const layouts = new Map<string, FamilyLayout | null>();
/** family id + name -> message declaration */
const messages = new Map<string, MessageDecl>();
onFamiliesChanged(() => { layouts.clear(); messages.clear(); });

function layoutOf(name: string): FamilyLayout | undefined {
  let l = layouts.get(name);
  if (l === undefined) {
    const f = knownFamily(name);
    l = f ? new FamilyLayout(f) : null;
    layouts.set(name, l);
  }
  return l ?? undefined;
}

/** The declaration of messages of family id `type`, named `name` (the id itself when unknown):
 *  genlmsghdr always; commands and attributes named when a spec describes the family. */
function familyMessage(type: number, name: string | undefined): MessageDecl {
  const key = `${type}|${name ?? ''}`;
  let m = messages.get(key);
  if (!m) {
    const layout = name !== undefined ? layoutOf(name) : undefined;
    // Generic netlink requests are mostly GETs (dumps): bits 8..11 read as NLM_F_ROOT/MATCH/ATOMIC.
    m = layout ? msg(type, name!, 'get', layout.body, layout.attrs)
      : { ...msg(type, name ?? String(type), 'get', genlmsghdr), anonymous: name === undefined };
    messages.set(key, m);
  }
  return m;
}

/** nlctrl is known without learning; its layout is read from its spec on first use. */
const nlctrlMessage: MessageDecl = msg(GENL_ID_CTRL, NLCTRL, 'get',
  (ctx) => layoutOf(NLCTRL)?.body(ctx) ?? genlmsghdr,
  (ctx) => layoutOf(NLCTRL)?.attrs(ctx));

function resolve(type: number, session: Session | undefined): MessageDecl {
  return familyMessage(type, session?.genlFamilies.get(type));
}

function resolveName(name: string, session: Session | undefined): MessageDecl | undefined {
  const id = session?.genlId(name);
  return id === undefined ? undefined : familyMessage(id, name);
}

/** CTRL_CMD_NEWFAMILY (answers to GETFAMILY, and notifications) says which id is which family
 *  and which multicast group id is which group; DELFAMILY takes the id back. */
function learn(obj: Readonly<Record<string, unknown>>, session: Session): void {
  const type = (obj.header as { type?: unknown } | undefined)?.type;
  if (type !== NLCTRL && type !== GENL_ID_CTRL) return;
  // by number: a spec given with --spec may name the commands otherwise (CTRL_CMD_GETFAMILY_REPLY)
  const cmd = ctrlCommand(obj.cmd);
  const id = obj.CTRL_ATTR_FAMILY_ID;
  const name = obj.CTRL_ATTR_FAMILY_NAME;
  if (typeof id !== 'number' || typeof name !== 'string') return;
  if (cmd === CTRL_CMD_DELFAMILY) {
    if (session.genlFamilies.get(id) === name) session.genlFamilies.delete(id);
    return;
  }
  if (cmd !== CTRL_CMD_NEWFAMILY && cmd !== CTRL_CMD_NEWMCAST_GRP) return;
  session.genlFamilies.set(id, name);
  const groups = obj.CTRL_ATTR_MCAST_GROUPS;
  if (!Array.isArray(groups)) return;
  for (const g of groups) {
    const gid = (g as Record<string, unknown> | null)?.CTRL_ATTR_MCAST_GRP_ID;
    const gname = (g as Record<string, unknown> | null)?.CTRL_ATTR_MCAST_GRP_NAME;
    if (typeof gid === 'number' && typeof gname === 'string') session.genlGroups.set(gid, `${name}/${gname}`);
  }
}

/** The number of an nlctrl command in JSON form (its name in the nlctrl spec in use, or the number). */
function ctrlCommand(cmd: unknown): number | undefined {
  if (typeof cmd === 'number') return cmd;
  if (typeof cmd !== 'string') return undefined;
  const f = layoutOf(NLCTRL)?.family;
  return f?.commands['to-user'].byName.get(cmd) ?? f?.commands['to-kernel'].byName.get(cmd);
}

export const GENERIC: ProtocolDecl = {
  ...protocol(protocolNames('NETLINK_GENERIC'), [nlctrlMessage]),
  resolve, resolveName, learn,
};

registerProtocol(GENERIC); // decodes by this protocol's number once this module is loaded

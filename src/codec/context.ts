// What a decode carries along: the bytes, the problems found so far, and an
// optional tracer that records which bytes each field occupies (the teaching view).
import type { Direction } from './schema.js';
import type { Session } from './session.js';

/** A problem found while decoding: never thrown, always returned. */
export interface Problem {
  code: string;
  /** byte offset from the start of the packet's netlink data */
  offset: number;
  /** where: "RTM_NEWLINK > IFLA_LINKINFO > IFLA_INFO_DATA" */
  path: string;
  message: string;
}

/** One labelled byte range; leaves (no children) label every byte once. */
export interface Span {
  offset: number;
  length: number;
  path: string;
  value?: unknown;
  /** 'field' | 'nla_len' | 'nla_type' | 'pad' | 'raw' | 'struct' | 'attr' | 'message' ... */
  role: string;
  /** C struct this span is a field of, for the teaching view */
  struct?: string;
  /** wire type of a leaf as declared (u32, be16, string[16], ip4 ...; be* when NLA_F_NET_BYTEORDER is set) */
  type?: string;
  children?: Span[];
}

export class Tracer {
  readonly root: Span[] = [];
  private stack: Span[] = [];

  open(offset: number, path: string, role: string, struct?: string): void {
    const s: Span = { offset, length: 0, path, role, struct, children: [] };
    this.add(s);
    this.stack.push(s);
  }

  close(end: number, value?: unknown): void {
    const s = this.stack.pop();
    if (!s) return;
    s.length = end - s.offset;
    if (value !== undefined) s.value = value;
  }

  leaf(offset: number, length: number, path: string, role: string, value?: unknown, struct?: string, type?: string): void {
    if (length <= 0) return;
    const s: Span = { offset, length, path, role, value, struct };
    if (type !== undefined) s.type = type;
    this.add(s);
  }

  private add(s: Span): void {
    const top = this.stack[this.stack.length - 1];
    (top ? top.children! : this.root).push(s);
  }
}

export interface DecodeCtx {
  readonly b: Uint8Array;
  readonly dv: DataView;
  readonly problems: Problem[];
  readonly direction: Direction;
  readonly trace?: Tracer;
  /** what earlier messages said (generic netlink family ids) */
  readonly session?: Session;
  /** struct attribute values as StructViews (DecodeOptions.views) */
  readonly views?: boolean;
}

/** Every context is made here, so all have one shape: the generated walkers read ctx.b and
 *  ctx.dv, and a second shape (a spread copy for an echoed request) cost each of them a
 *  deoptimization and a second compile. */
export function decodeCtx(b: Uint8Array, dv: DataView, problems: Problem[], direction: Direction, trace: Tracer | undefined, session: Session | undefined, views: boolean | undefined): DecodeCtx {
  return { b, dv, problems, direction, trace, session, views };
}

export function problem(ctx: DecodeCtx, code: string, offset: number, path: string, message: string): void {
  ctx.problems.push({ code, offset, path, message });
}

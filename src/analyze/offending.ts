// NLMSGERR_ATTR_OFFS: the byte offset of the offending attribute in the request, counted
// from the start of its nlmsghdr. Re-encode the decoded request (lossless: the same bytes),
// decode it again with the byte-map tracer, and name the deepest attribute covering the offset.
import { decodePacket, encodeMessage } from '../codec/message.js';
import type { Span } from '../codec/context.js';
import type { Json } from '../codec/struct.js';

/** Path of the attribute (or field) at `offset` in `msg`, or undefined if it cannot be found. */
export function offendingAttribute(msg: Json, offset: number, protocol: number): string | undefined {
  let bytes: Uint8Array;
  try {
    bytes = encodeMessage(msg, { protocol, direction: 'to-kernel' });
  } catch {
    return undefined;
  }
  if (offset < 0 || offset >= bytes.length) return undefined;
  const { spans } = decodePacket(bytes, { protocol, direction: 'to-kernel', trace: true });
  let best: Span | undefined;
  let bestField: Span | undefined;
  const visit = (list: Span[] | undefined) => {
    for (const s of list ?? []) {
      if (offset < s.offset || offset >= s.offset + s.length) continue;
      if (s.role === 'attr') best = s;
      else if (!s.children && s.role === 'field') bestField = s;
      visit(s.children);
    }
  };
  visit(spans);
  if (best) return best.path;
  if (bestField) return bestField.path;
  return undefined;
}

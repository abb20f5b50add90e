// The lazy path: walk the nlmsghdr chain of a packet without decoding any body. For
// counting, indexing and filtering big captures; decode only the messages that matter
// (decodePacket on `data.subarray(offset, offset + len)`).

/** Calls `visit` for every whole message header of a packet, in order; returns how many.
 *  `visit` returning false stops the walk. Never throws: the walk ends at the first header
 *  that does not fit (decodePacket reports what is wrong there). kauditd records, whose
 *  nlmsg_len leaves out the header, need the full decoder (ProtocolDecl.lenWithoutHeader). */
export function walkHeaders(
  data: Uint8Array,
  visit: (type: number, flags: number, seq: number, pid: number, offset: number, len: number) => boolean | void,
): number {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let n = 0;
  for (let pos = 0; data.length - pos >= 16;) {
    const len = dv.getUint32(pos, true);
    if (len < 16 || len > data.length - pos) break;
    n++;
    if (visit(dv.getUint16(pos + 4, true), dv.getUint16(pos + 6, true), dv.getUint32(pos + 8, true), dv.getUint32(pos + 12, true), pos, len) === false) break;
    pos += (len + 3) & ~3;
  }
  return n;
}

/** Messages one after another in one packet, each padded to NLMSG_ALIGN (4 bytes). */
export function joinMessages(msgs: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const m of msgs) size += (m.length + 3) & ~3;
  const out = new Uint8Array(size);
  let o = 0;
  for (const m of msgs) { out.set(m, o); o += (m.length + 3) & ~3; }
  return out;
}

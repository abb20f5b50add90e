// A growable byte writer. Lengths that precede their content (nlmsg_len, nla_len,
// rtnh_len) are written by reserving the slot and patching it once the content is known.

export class Writer {
  buf: Uint8Array;
  dv: DataView;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.dv = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  u8(v: number): void { this.room(1); this.dv.setUint8(this.pos, v); this.pos += 1; }
  u16(v: number, be = false): void { this.room(2); this.dv.setUint16(this.pos, v, !be); this.pos += 2; }
  u32(v: number, be = false): void { this.room(4); this.dv.setUint32(this.pos, v >>> 0, !be); this.pos += 4; }
  u64(v: bigint, be = false): void { this.room(8); this.dv.setBigUint64(this.pos, BigInt.asUintN(64, v), !be); this.pos += 8; }

  bytes(b: Uint8Array): void { this.room(b.length); this.buf.set(b, this.pos); this.pos += b.length; }
  zeros(n: number): void { if (n <= 0) return; this.room(n); this.buf.fill(0, this.pos, this.pos + n); this.pos += n; }

  /** Zero bytes up to the next multiple of 4 (NLMSG_ALIGN / NLA_ALIGN). */
  align4(): void { this.zeros(align4(this.pos) - this.pos); }

  /** Host-order u16/u32 patch at an earlier position (the length slot of a header). */
  patchU16(at: number, v: number): void { this.dv.setUint16(at, v, true); }
  patchU32(at: number, v: number): void { this.dv.setUint32(at, v >>> 0, true); }

  /** Everything written so far (a copy, the writer may be reused). */
  finish(): Uint8Array { return this.buf.slice(0, this.pos); }
}

/** NLMSG_ALIGN and NLA_ALIGN: both round up to 4 bytes (NLMSG_ALIGNTO = NLA_ALIGNTO = 4). */
export function align4(n: number): number {
  // Arithmetic, not `(n + 3) & ~3`: lengths read from hostile input reach 2^32,
  // beyond what 32-bit bitwise operators keep.
  const r = n % 4;
  return r === 0 ? n : n + 4 - r;
}

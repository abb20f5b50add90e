// The helper protocol (src/live/PROTOCOL.md): length-framed messages between nlscope and the
// process that owns the netlink sockets (src/live/helper.py, `nlscope replay FILE --serve`, or
// any other program speaking it).
//
//   frame := len:u32le op:u8 sock:u32le payload[len - 5]

export const OP = {
  OPEN: 0x01, SEND: 0x02, SETOPT: 0x03, CLOSE: 0x04,
  HELLO: 0x80, OPENED: 0x81, RECV: 0x82, ERROR: 0x83, CLOSED: 0x84,
} as const;

export const PROTOCOL_VERSION = 1;
/** Largest frame either side accepts (a netlink packet is far smaller). */
export const MAX_FRAME = 64 << 20;
export const RECV_META = 16;

export interface Frame { op: number; sock: number; payload: Uint8Array }

/** Socket options of OPEN / SETOPT (JSON payload). */
export interface SocketOptions {
  protocol?: number;
  /** multicast groups to join (numbers, any size: joined with NETLINK_ADD_MEMBERSHIP) */
  groups?: number[];
  ext_ack?: boolean;
  strict_chk?: boolean;
  cap_ack?: boolean;
  no_enobufs?: boolean;
  listen_all_nsid?: boolean;
  pktinfo?: boolean;
  /** SO_RCVBUFFORCE (SO_RCVBUF when not privileged) in bytes */
  rcvbuf?: number;
  add_membership?: number[];
  drop_membership?: number[];
}

export interface HelperErrorInfo { op: string; errno: number; name: string; message: string; seq?: number }

export interface RecvMeta { portid: number; group: number; nsid: number; truncated: boolean }

export function encodeFrame(op: number, sock: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const b = new Uint8Array(9 + payload.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, 5 + payload.length, true);
  v.setUint8(4, op);
  v.setUint32(5, sock, true);
  b.set(payload, 9);
  return b;
}

export function jsonFrame(op: number, sock: number, obj: unknown): Uint8Array {
  return encodeFrame(op, sock, new TextEncoder().encode(JSON.stringify(obj)));
}

export function recvFrame(sock: number, meta: RecvMeta, data: Uint8Array): Uint8Array {
  const p = new Uint8Array(RECV_META + data.length);
  const v = new DataView(p.buffer);
  v.setUint32(0, meta.portid, true);
  v.setUint32(4, meta.group, true);
  v.setInt32(8, meta.nsid, true);
  v.setUint32(12, meta.truncated ? 0x20 : 0, true);
  p.set(data, RECV_META);
  return encodeFrame(OP.RECV, sock, p);
}

export function parseRecv(payload: Uint8Array): { meta: RecvMeta; data: Uint8Array } {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return {
    meta: { portid: v.getUint32(0, true), group: v.getUint32(4, true), nsid: v.getInt32(8, true), truncated: (v.getUint32(12, true) & 0x20) !== 0 },
    data: payload.subarray(RECV_META),
  };
}

export function parseJson<T>(payload: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(payload)) as T;
}

/** Splits a byte stream into frames. Throws on a frame length that cannot be right. */
export class FrameParser {
  private buf = new Uint8Array(0);
  private len = 0;

  push(chunk: Uint8Array): Frame[] {
    if (this.len + chunk.length > this.buf.length) {
      const nb = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length, 65536));
      nb.set(this.buf.subarray(0, this.len));
      this.buf = nb;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    const frames: Frame[] = [];
    let pos = 0;
    const v = new DataView(this.buf.buffer, this.buf.byteOffset);
    while (this.len - pos >= 9) {
      const n = v.getUint32(pos, true);
      if (n < 5 || n > MAX_FRAME) throw new Error(`bad frame length ${n}`);
      if (this.len - pos < 4 + n) break;
      // copy: the buffer is reused
      frames.push({ op: v.getUint8(pos + 4), sock: v.getUint32(pos + 5, true), payload: this.buf.slice(pos + 9, pos + 4 + n) });
      pos += 4 + n;
    }
    if (pos > 0) { this.buf.copyWithin(0, pos, this.len); this.len -= pos; }
    return frames;
  }

  get pending(): number { return this.len; }
}

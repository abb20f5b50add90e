// Shared shapes of the capture reader and writer (nlmon captures: pcap / pcapng).

/** to-kernel: a user socket sent it (PACKET_KERNEL = 7); to-user: the kernel sent it (PACKET_USER = 6). */
export type Direction = 'to-kernel' | 'to-user';

/** Something wrong in the file. `offset` is a byte offset in the FILE; `path` names the field, e.g. `frame[3].caplen`. */
export interface Problem { code: string; offset: number; path: string; message: string }

export interface CapturedPacket {
  /** 1-based packet number in file order; every packet record counts, also unusable ones (as tshark counts). */
  frame: number;
  /** Timestamp: seconds since the epoch. */
  sec: number;
  /** Fraction of the second in nanoseconds. */
  nsec: number;
  /** 253 (NETLINK), 113 (LINUX_SLL) or 276 (LINUX_SLL2); anything else gives protocol -1 and a problem; -1 if the interface is unknown. */
  linktype: number;
  /** Netlink protocol number from the cooked header, -1 if unknown. */
  protocol: number;
  direction: Direction | 'unknown';
  /** Packet type of the cooked header (7 PACKET_KERNEL, 6 PACKET_USER), -1 if there is none. */
  pkttype: number;
  /** The netlink bytes, cooked header stripped. A view into a chunk that the reader never reuses. */
  data: Uint8Array;
  /** Original length of the netlink data (record length minus cooked header). */
  origLen: number;
  /** caplen < len: data holds only the first bytes. */
  truncated: boolean;
  /** pcapng interface id, 0 for pcap. */
  interfaceId: number;
  problems: Problem[];
}

export interface CaptureInfo {
  format: 'pcap' | 'pcapng';
  linktypes: number[];
  nanosecond: boolean;
  bigEndian: boolean;
  snaplen: number;
}

export type CaptureEvent =
  | { kind: 'info'; info: CaptureInfo }
  | { kind: 'packet'; packet: CapturedPacket }
  | { kind: 'problem'; problem: Problem; fatal: boolean };

/** What the writer takes: one netlink read or write. */
export interface PacketToWrite {
  sec: number;
  nsec: number;
  protocol: number;
  direction: Direction;
  data: Uint8Array;
  /** Original length if data was cut; defaults to data.length. */
  origLen?: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_NETLINK = 253;
export const LINKTYPE_LINUX_SLL2 = 276;
export const ARPHRD_NETLINK = 824;
export const PACKET_USER = 6;
export const PACKET_KERNEL = 7;

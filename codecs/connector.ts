// NETLINK_CONNECTOR (linux/connector.h, linux/cn_proc.h): every message is a struct cn_msg
// addressed by cb_id {idx, val}, sent with nlmsg_type NLMSG_DONE (cn_netlink_send). The
// process events connector (CN_IDX_PROC) is decoded: the listen / ignore request and each
// struct proc_event by its `what`. Other connectors keep their data as hex.
import {
  enumOf, flagsOf, msg, protocol, struct,
  type BodySelector, type FieldSpec, type ProtocolDecl, type StructDecl,
} from '../src/codec/schema.js';
import { protocolNames, registerProtocol } from './registry.js';

/** Connector indexes (cb_id.idx); each has its own val numbers (CN_VAL_PROC ...), all 1 today. */
export const CN_IDX = enumOf('CN_IDX', {
  CN_IDX_PROC: 0x1,
  CN_IDX_CIFS: 0x2,
  CN_W1_IDX: 0x3,
  CN_IDX_V86D: 0x4,
  CN_IDX_BB: 0x5,
  CN_DST_IDX: 0x6,
  CN_IDX_DM: 0x7,
  CN_IDX_DRBD: 0x8,
  CN_KVP_IDX: 0x9,
  CN_VSS_IDX: 0xa,
});

export const cb_id: StructDecl = struct('cb_id', [
  ['idx', 'u32', CN_IDX],
  ['val', 'u32'],
], { header: 'linux/connector.h' });

const CN_MSG_FIELDS: readonly FieldSpec[] = [
  ['id', cb_id],
  ['seq', 'u32'],
  ['ack', 'u32'],
  ['len', 'u16'], // bytes of data that follow
  ['flags', 'u16'],
];

/** struct cn_msg without its data[]. */
export const cn_msg: StructDecl = struct('cn_msg', CN_MSG_FIELDS, { header: 'linux/connector.h' });
const CN_MSG_SIZE = 20;

// ---------------------------------------------------------------- proc connector

export const PROC_CN_MCAST_OP = enumOf('PROC_CN_MCAST', { PROC_CN_MCAST_LISTEN: 1, PROC_CN_MCAST_IGNORE: 2 });

/** enum what / enum proc_cn_event: single bits, so they also filter (proc_input.event_type, 6.6). */
export const PROC_EVENT = enumOf('PROC_EVENT', {
  PROC_EVENT_NONE: 0x00000000,
  PROC_EVENT_FORK: 0x00000001,
  PROC_EVENT_EXEC: 0x00000002,
  PROC_EVENT_UID: 0x00000004,
  PROC_EVENT_GID: 0x00000040,
  PROC_EVENT_SID: 0x00000080,
  PROC_EVENT_PTRACE: 0x00000100,
  PROC_EVENT_COMM: 0x00000200,
  PROC_EVENT_NONZERO_EXIT: 0x20000000, // 6.6
  PROC_EVENT_COREDUMP: 0x40000000,
  PROC_EVENT_EXIT: 0x80000000,
});

/** The events a listener asks for (proc_input.event_type, 6.6): an or of PROC_EVENT_* bits. */
export const PROC_EVENT_FILTER = flagsOf('PROC_EVENT', Object.fromEntries(PROC_EVENT.byName));

/** The union members of proc_event.event_data. */
export const fork_proc_event: StructDecl = struct('fork_proc_event', [
  ['parent_pid', 's32'], ['parent_tgid', 's32'], ['child_pid', 's32'], ['child_tgid', 's32'],
], { header: 'linux/cn_proc.h' });
export const exec_proc_event: StructDecl = struct('exec_proc_event', [
  ['process_pid', 's32'], ['process_tgid', 's32'],
], { header: 'linux/cn_proc.h' });
/** PROC_EVENT_UID: r = ruid, e = euid; PROC_EVENT_GID: r = rgid, e = egid (unions in C). */
export const id_proc_event: StructDecl = struct('id_proc_event', [
  ['process_pid', 's32'], ['process_tgid', 's32'], ['r', 'u32'], ['e', 'u32'],
], { header: 'linux/cn_proc.h' });
export const sid_proc_event: StructDecl = struct('sid_proc_event', [
  ['process_pid', 's32'], ['process_tgid', 's32'],
], { header: 'linux/cn_proc.h' });
export const ptrace_proc_event: StructDecl = struct('ptrace_proc_event', [
  ['process_pid', 's32'], ['process_tgid', 's32'], ['tracer_pid', 's32'], ['tracer_tgid', 's32'],
], { header: 'linux/cn_proc.h' });
export const comm_proc_event: StructDecl = struct('comm_proc_event', [
  ['process_pid', 's32'], ['process_tgid', 's32'], ['comm', 'string', { size: 16 }],
], { header: 'linux/cn_proc.h' });
export const coredump_proc_event: StructDecl = struct('coredump_proc_event', [
  ['process_pid', 's32'], ['process_tgid', 's32'], ['parent_pid', 's32'], ['parent_tgid', 's32'],
], { header: 'linux/cn_proc.h' });
export const exit_proc_event: StructDecl = struct('exit_proc_event', [
  ['process_pid', 's32'], ['process_tgid', 's32'], ['exit_code', 'u32'], ['exit_signal', 'u32'],
  ['parent_pid', 's32'], ['parent_tgid', 's32'],
], { header: 'linux/cn_proc.h' });
/** PROC_EVENT_NONE: the answer to a listen / ignore request (an anonymous struct in C). */
export const ack_proc_event: StructDecl = struct('proc_event_ack', [['err', 'u32']]);

/** sizeof(struct proc_event): what, cpu, timestamp_ns, the 24-byte union. */
const PROC_EVENT_SIZE = 40;

const PROC_EVENT_FIELDS: readonly FieldSpec[] = [
  ['what', 'u32', PROC_EVENT],
  ['cpu', 'u32'],
  ['timestamp_ns', 'u64'], // since boot
];

/** struct proc_event without its union, for the layout check. */
export const proc_event: StructDecl = struct('proc_event', PROC_EVENT_FIELDS, { size: PROC_EVENT_SIZE, header: 'linux/cn_proc.h' });

/** The whole message body for each `what`: cn_msg, proc_event, the union member it selects
 *  (the kernel sends sizeof(struct proc_event) whatever the member, zeros after it). */
function procMessage(name: string, member: StructDecl | undefined): StructDecl {
  const data: FieldSpec = member ? ['event_data', member] : ['event_data', 'bytes', { size: 24 }];
  return struct(name, [...CN_MSG_FIELDS, ...PROC_EVENT_FIELDS, data], { size: CN_MSG_SIZE + PROC_EVENT_SIZE });
}

const BY_WHAT = new Map<number, StructDecl>([
  [0x00000000, procMessage('cn_proc_ack', ack_proc_event)],
  [0x00000001, procMessage('cn_proc_fork', fork_proc_event)],
  [0x00000002, procMessage('cn_proc_exec', exec_proc_event)],
  [0x00000004, procMessage('cn_proc_uid', id_proc_event)],
  [0x00000040, procMessage('cn_proc_gid', id_proc_event)],
  [0x00000080, procMessage('cn_proc_sid', sid_proc_event)],
  [0x00000100, procMessage('cn_proc_ptrace', ptrace_proc_event)],
  [0x00000200, procMessage('cn_proc_comm', comm_proc_event)],
  [0x20000000, procMessage('cn_proc_nonzero_exit', exit_proc_event)],
  [0x40000000, procMessage('cn_proc_coredump', coredump_proc_event)],
  [0x80000000, procMessage('cn_proc_exit', exit_proc_event)],
]);
/** An event of a `what` newer than this table: the union as hex. */
const procOther = procMessage('cn_proc_event', undefined);

/** PROC_CN_MCAST_LISTEN / IGNORE from user space: enum proc_cn_mcast_op, since 6.6 followed by
 *  the events to report (struct proc_input); older listeners send the op alone (len 4). */
export const cn_proc_listen: StructDecl = struct('cn_proc_listen', [
  ...CN_MSG_FIELDS,
  ['mcast_op', 'u32', PROC_CN_MCAST_OP],
  ['event_type', 'u32', { flags: PROC_EVENT_FILTER, since: '6.6' }],
]);

/** Any other connector: cn_msg, then its `len` bytes of data as hex. */
const withData = new Map<number, StructDecl>();
function cnData(len: number): StructDecl {
  let st = withData.get(len);
  if (!st) {
    st = len === 0 ? cn_msg : struct('cn_msg', [...CN_MSG_FIELDS, ['data', 'bytes', { size: len }]]);
    withData.set(len, st);
  }
  return st;
}

const CN_IDX_PROC = 1;
const CN_VAL_PROC = 1;

/** Chooses the layout from the cb_id, cn_msg.len, the direction and proc_event.what. */
export const cnBody: BodySelector = ({ direction, bytes, offset, length, json }) => {
  let idx: unknown, val: unknown, len: unknown, what: unknown;
  if (json) {
    const id = json.id as Record<string, unknown> | undefined;
    idx = typeof id?.idx === 'string' ? CN_IDX.byName.get(id.idx) : id?.idx;
    val = id?.val;
    len = json.len;
    what = typeof json.what === 'string' ? PROC_EVENT.byName.get(json.what) : json.what;
    if (json.mcast_op !== undefined) return cn_proc_listen;
  } else {
    if (length < CN_MSG_SIZE) return cn_msg;
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
    idx = dv.getUint32(0, true);
    val = dv.getUint32(4, true);
    len = dv.getUint16(16, true);
    if (length >= CN_MSG_SIZE + 4) what = dv.getUint32(CN_MSG_SIZE, true);
  }
  if (idx === CN_IDX_PROC && val === CN_VAL_PROC) {
    // the kernel sends events; user space sends the listen / ignore op
    if (direction === 'to-kernel' && (len === 4 || len === 8)) return cn_proc_listen;
    if (len === PROC_EVENT_SIZE) return (typeof what === 'number' && BY_WHAT.get(what)) || procOther;
  }
  return typeof len === 'number' ? cnData(len) : cn_msg;
};

export const CONNECTOR: ProtocolDecl = protocol(protocolNames('NETLINK_CONNECTOR'), [
  msg(3, 'NLMSG_DONE', 'other', cnBody),
], CN_IDX);

registerProtocol(CONNECTOR); // decodes by this protocol's number once this module is loaded

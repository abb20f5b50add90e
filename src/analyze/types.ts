// Shapes of the capture analysis: transactions (a request and its answers), notifications,
// orphan answers, and the summary object of `nlscope stats`.
import type { Json } from '../codec/struct.js';

/** Where a message is in the capture: 1-based frame, 0-based index in the packet. */
export interface MsgRef {
  frame: number;
  index: number;
  time: number;
  type: string | number;
  /** nlmsg_len */
  len: number;
}

export type TxResult =
  /** answered; for an ACK'd request the ACK (error 0) came */
  | 'ok'
  /** NLMSG_ERROR with a negative code, or NLMSG_DONE with one (a dump that failed) */
  | 'error'
  /** an answer was expected (GET, dump, NLM_F_ACK, NLM_F_ECHO) and none came */
  | 'unanswered'
  /** answers started but the end (NLMSG_DONE, NLMSG_ERROR) never came: cut off by the end of the capture or lost */
  | 'cut-off'
  /** no answer expected (no NLM_F_ACK) and none came: success as far as the capture can tell */
  | 'no-reply';

/** A request and its answers, keyed by (protocol, port id, seq). */
export interface Transaction {
  kind: 'transaction';
  /** 1-based, in the order requests appear (a transaction started before the capture gets the order of its first answer) */
  id: number;
  protocol: string | number;
  protocolId: number;
  /** Socket port id: the request's nlmsg_pid, or learned from the answer when the request had 0; null when never learned */
  portId: number | null;
  seq: number;
  /** Request type (for a dump begun before the capture: the type of its first part) */
  type: string | number;
  flags: string[];
  dump: boolean;
  /** false: the capture begins after the request (only answers were seen) */
  requestSeen: boolean;
  request?: MsgRef;
  /** the decoded request (the jsonl object) */
  requestMessage?: Json;
  /** answers counted: every to-user message of the transaction, NLMSG_DONE / NLMSG_ERROR included */
  answers: number;
  /** nlmsg_len of the request */
  requestBytes: number;
  /** sum of nlmsg_len of the answers */
  answerBytes: number;
  /** answer types with counts */
  answerTypes: Record<string, number>;
  start: number;
  firstAnswer?: MsgRef;
  lastAnswer?: MsgRef;
  /** seconds from the request to the first / last answer */
  latencyFirst?: number;
  latencyLast?: number;
  result: TxResult;
  /** negative errno of NLMSG_ERROR / NLMSG_DONE, 0 for an ACK */
  error?: number;
  errno?: string;
  /** NLMSGERR_ATTR_MSG */
  extack?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset in the request from the start of its nlmsghdr */
  extackOffset?: number;
  /** the attribute (or field) of the request at extackOffset, as a path: "IFLA_LINKINFO > IFLA_INFO_KIND" */
  offendingAttr?: string;
  /** NLMSGERR_ATTR_MISS_TYPE: the attribute the request lacks, by name in the request's set
   *  ("RTA_GATEWAY"), or "#N in <nest>" with NLMSGERR_ATTR_MISS_NEST */
  missingAttr?: string;
  /** the kernel's ACK (error 0) */
  acked: boolean;
  /** NLM_F_DUMP_INTR on some part: the dump is inconsistent */
  interrupted: boolean;
  /** NLM_F_DUMP_FILTERED on some part: the kernel filtered the dump */
  filtered: boolean;
  /** the last message (NLMSG_DONE / NLMSG_ERROR) decoded */
  finalMessage?: Json;
  /** the first answers, decoded (as many as `keepAnswers`) */
  answerMessages?: Json[];
  /** where every answer is, NLMSG_DONE / NLMSG_ERROR included (AnalyzeOptions.keepAnswerRefs) */
  answerRefs?: MsgRef[];
  /** why it ended without its end: 'end-of-capture' | 'timeout' | 'evicted' | 'superseded' */
  closedBy?: string;
}

/** A to-user message that answers no request: a multicast notification. */
export interface Notification {
  kind: 'notification';
  protocol: string | number;
  protocolId: number;
  type: string | number;
  /** multicast group derived from the type and family (nlmon does not show the group) */
  group?: string;
  /** what it is about: "link 3 veth0", "route 192.0.2.0/24 table main", "addr 192.0.2.1/24 dev 3" */
  object?: string;
  ref: MsgRef;
  /** nlmsg_pid / nlmsg_seq: the request that caused it when not 0 */
  portId: number;
  seq: number;
  message: Json;
}

/** An answer-only message (NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN) that matches no request. */
export interface Orphan {
  kind: 'orphan';
  protocol: string | number;
  protocolId: number;
  type: string | number;
  ref: MsgRef;
  portId: number;
  seq: number;
  error?: number;
  errno?: string;
  extack?: string;
  message: Json;
}

export type AnalysisItem = Transaction | Notification | Orphan;

export interface Percentiles { count: number; p50: number; p90: number; p99: number; max: number; min: number; mean: number }

export interface LatencyRow {
  protocol: string | number;
  type: string | number;
  /** seconds, request to first answer */
  first: Percentiles;
  /** seconds, request to last answer (completion) */
  last: Percentiles;
  /** true when percentiles come from a histogram (more samples than kept exactly): within ~2% */
  approximate: boolean;
}

export interface ErrorGroup {
  protocol: string | number;
  errno: string;
  error: number;
  requestType: string | number;
  extack?: string;
  offset?: number;
  attribute?: string;
  /** the attribute the request lacked (NLMSGERR_ATTR_MISS_TYPE) */
  missing?: string;
  count: number;
  /** frames of the NLMSG_ERROR messages (the first ones) */
  frames: number[];
  /** true for NLMSG_DONE carrying the error (a dump that failed) */
  done?: boolean;
}

export interface SeqGap {
  protocol: string | number;
  portId: number;
  /** seq before and after the gap */
  after: number;
  next: number;
  missing: number;
  frame: number;
}

export interface Summary {
  file?: string;
  capture: {
    format?: string;
    linktypes: number[];
    firstTime?: number;
    lastTime?: number;
    duration: number;
    /** fatal problem of the capture file (it ended there) */
    fatal?: string;
    problems: string[];
  };
  totals: {
    packets: number;
    /** netlink bytes captured (cooked headers excluded) */
    bytes: number;
    /** netlink messages (each nlmsghdr) */
    messages: number;
    requests: number;
    answers: number;
    transactions: number;
    /** dump requests seen (NLM_F_DUMP) */
    dumps: number;
    /** dumps whose request came before the capture began */
    partialDumps: number;
    interruptedDumps: number;
    /** NLMSG_ERROR with a negative code */
    errors: number;
    /** NLMSG_ERROR with code 0 */
    acks: number;
    /** NLMSG_DONE with a negative code (a dump that failed) */
    doneErrors: number;
    notifications: number;
    /** requests that expected an answer and got none */
    unanswered: number;
    /** transactions whose answers stopped before their end */
    cutOff: number;
    /** requests without NLM_F_ACK that got no answer (none expected) */
    noReply: number;
    /** NLMSG_ERROR / NLMSG_DONE / NLMSG_OVERRUN / multipart messages matching no request */
    orphanAnswers: number;
    overruns: number;
    enobufs: number;
    seqGaps: number;
    truncatedPackets: number;
    /** messages the decoder found a problem in */
    malformed: number;
  };
  transactionsByType: { protocol: string | number; type: string | number; count: number; ok: number; errors: number; unanswered: number; cutOff: number; noReply: number; dumps: number; answers: number; bytes: number }[];
  dumps: {
    count: number;
    partial: number;
    interrupted: number;
    filtered: number;
    messages: number;
    bytes: number;
    byType: { protocol: string | number; type: string | number; count: number; messages: number; bytes: number; interrupted: number; maxMessages: number; duration: Percentiles }[];
    /** interrupted dumps: where (first ones) */
    interruptedList: { id: number; type: string | number; portId: number | null; seq: number; frame: number }[];
  };
  errors: ErrorGroup[];
  notifications: {
    count: number;
    byType: { protocol: string | number; type: string | number; group?: string; count: number; bytes: number }[];
    byGroup: { group: string; count: number }[];
    /** per interface / route / address: the busiest objects */
    byObject: { group?: string; object: string; count: number; types: Record<string, number> }[];
    /** notifications caused by a request (nlmsg_pid != 0), per port id */
    byCause: { portId: number; count: number }[];
  };
  loss: {
    overruns: number;
    enobufs: number;
    seqGaps: SeqGap[];
    seqGapsTotal: number;
    answersWithoutRequest: { count: number; frames: number[] };
    unanswered: { count: number; list: { id: number; protocol: string | number; type: string | number; portId: number | null; seq: number; frame: number }[] };
    cutOff: { count: number; list: { id: number; protocol: string | number; type: string | number; portId: number | null; seq: number; frame: number; answers: number }[] };
    truncatedPackets: { count: number; frames: number[] };
    malformed: { count: number; byCode: Record<string, number>; frames: number[] };
  };
  talkers: {
    portId: number;
    /** 'pid' when the port id looks like a process id (first socket of a process), 'kernel-assigned' otherwise */
    kind: 'pid' | 'kernel-assigned' | 'unknown';
    protocols: (string | number)[];
    requests: number;
    dumps: number;
    answers: number;
    bytesSent: number;
    bytesReceived: number;
    errors: number;
    notificationsCaused: number;
    first: number;
    last: number;
  }[];
  messageTypes: { protocol: string | number; type: string | number; direction: string; count: number; bytes: number }[];
  latency: LatencyRow[];
  /** state kept at most (open transactions, partial dumps): the memory bound */
  state: { maxOpen: number; openAtEnd: number; timeout: number };
}

// NETLINK_AUDIT (linux/audit.h): the audit daemon's commands (status, rules, features, TTY
// auditing) and the records the kernel and user space log, which are text:
// "audit(1700000000.123:45): pid=1 uid=0 ... res=1". Records kauditd sends to auditd carry an
// nlmsg_len without the header (kernel/audit.c, "length quirks"): lenWithoutHeader reads them.
import {
  enumOf, flagsOf, flagsSeq, msg, protocol, struct, textMsg,
  type BodySelector, type MessageDecl, type ProtocolDecl, type StructDecl,
} from '../src/codec/schema.js';
import { protocolNames, registerProtocol } from './registry.js';

// ---------------------------------------------------------------- constants

export const AUDIT_STATUS = flagsOf('AUDIT_STATUS', {
  AUDIT_STATUS_ENABLED: 0x0001,
  AUDIT_STATUS_FAILURE: 0x0002,
  AUDIT_STATUS_PID: 0x0004,
  AUDIT_STATUS_RATE_LIMIT: 0x0008,
  AUDIT_STATUS_BACKLOG_LIMIT: 0x0010,
  AUDIT_STATUS_BACKLOG_WAIT_TIME: 0x0020,
  AUDIT_STATUS_LOST: 0x0040,
  AUDIT_STATUS_BACKLOG_WAIT_TIME_ACTUAL: 0x0080,
});

export const AUDIT_FEATURE_BITMAP = flagsOf('AUDIT_FEATURE_BITMAP', {
  AUDIT_FEATURE_BITMAP_BACKLOG_LIMIT: 0x01,
  AUDIT_FEATURE_BITMAP_BACKLOG_WAIT_TIME: 0x02,
  AUDIT_FEATURE_BITMAP_EXECUTABLE_PATH: 0x04,
  AUDIT_FEATURE_BITMAP_EXCLUDE_EXTEND: 0x08,
  AUDIT_FEATURE_BITMAP_SESSIONID_FILTER: 0x10,
  AUDIT_FEATURE_BITMAP_LOST_RESET: 0x20,
  AUDIT_FEATURE_BITMAP_FILTER_FS: 0x40,
});

export const AUDIT_FAIL = enumOf('AUDIT_FAIL', { AUDIT_FAIL_SILENT: 0, AUDIT_FAIL_PRINTK: 1, AUDIT_FAIL_PANIC: 2 });

/** audit_features masks: AUDIT_FEATURE_TO_MASK(AUDIT_FEATURE_*) */
export const AUDIT_FEATURE = flagsSeq('AUDIT_FEATURE', ['AUDIT_FEATURE_ONLY_UNSET_LOGINUID', 'AUDIT_FEATURE_LOGINUID_IMMUTABLE']);

/** audit_rule_data.flags: the filter list (AUDIT_FILTER_PREPEND 0x10 may be or-ed in). */
export const AUDIT_FILTER = enumOf('AUDIT_FILTER', {
  AUDIT_FILTER_USER: 0, AUDIT_FILTER_TASK: 1, AUDIT_FILTER_ENTRY: 2, AUDIT_FILTER_WATCH: 3,
  AUDIT_FILTER_EXIT: 4, AUDIT_FILTER_EXCLUDE: 5, AUDIT_FILTER_FS: 6, AUDIT_FILTER_URING_EXIT: 7,
});

export const AUDIT_ACTION = enumOf('AUDIT_ACTION', { AUDIT_NEVER: 0, AUDIT_POSSIBLE: 1, AUDIT_ALWAYS: 2 });

/** Rule fields (audit_rule_data.fields[]). */
export const AUDIT_FIELD = enumOf('AUDIT_FIELD', {
  AUDIT_PID: 0, AUDIT_UID: 1, AUDIT_EUID: 2, AUDIT_SUID: 3, AUDIT_FSUID: 4, AUDIT_GID: 5, AUDIT_EGID: 6,
  AUDIT_SGID: 7, AUDIT_FSGID: 8, AUDIT_LOGINUID: 9, AUDIT_PERS: 10, AUDIT_ARCH: 11, AUDIT_MSGTYPE: 12,
  AUDIT_SUBJ_USER: 13, AUDIT_SUBJ_ROLE: 14, AUDIT_SUBJ_TYPE: 15, AUDIT_SUBJ_SEN: 16, AUDIT_SUBJ_CLR: 17,
  AUDIT_PPID: 18, AUDIT_OBJ_USER: 19, AUDIT_OBJ_ROLE: 20, AUDIT_OBJ_TYPE: 21, AUDIT_OBJ_LEV_LOW: 22,
  AUDIT_OBJ_LEV_HIGH: 23, AUDIT_LOGINUID_SET: 24, AUDIT_SESSIONID: 25, AUDIT_FSTYPE: 26,
  AUDIT_DEVMAJOR: 100, AUDIT_DEVMINOR: 101, AUDIT_INODE: 102, AUDIT_EXIT: 103, AUDIT_SUCCESS: 104,
  AUDIT_WATCH: 105, AUDIT_PERM: 106, AUDIT_DIR: 107, AUDIT_FILETYPE: 108, AUDIT_OBJ_UID: 109,
  AUDIT_OBJ_GID: 110, AUDIT_FIELD_COMPARE: 111, AUDIT_EXE: 112, AUDIT_SADDR_FAM: 113,
  AUDIT_ARG0: 200, AUDIT_ARG1: 201, AUDIT_ARG2: 202, AUDIT_ARG3: 203, AUDIT_FILTERKEY: 210,
});

/** Rule operators (audit_rule_data.fieldflags[]). */
export const AUDIT_OPERATOR = enumOf('AUDIT_OPERATOR', {
  AUDIT_BIT_MASK: 0x08000000,
  AUDIT_LESS_THAN: 0x10000000,
  AUDIT_GREATER_THAN: 0x20000000,
  AUDIT_NOT_EQUAL: 0x30000000,
  AUDIT_EQUAL: 0x40000000,
  AUDIT_BIT_TEST: 0x48000000,
  AUDIT_LESS_THAN_OR_EQUAL: 0x50000000,
  AUDIT_GREATER_THAN_OR_EQUAL: 0x60000000,
});

/** enum audit_nlgrps */
export const AUDIT_NLGRP = enumOf('AUDIT_NLGRP', { AUDIT_NLGRP_NONE: 0, AUDIT_NLGRP_READLOG: 1 });

// ---------------------------------------------------------------- structs

/** AUDIT_GET answers, AUDIT_SET requests. It grew over the years (feature_bitmap 3.19,
 *  backlog_wait_time_actual 5.9): read by the length present. */
export const audit_status: StructDecl = struct('audit_status', [
  ['mask', 'u32', AUDIT_STATUS],
  ['enabled', 'u32'], // 0 off, 1 on, 2 locked
  ['failure', 'u32', AUDIT_FAIL],
  ['pid', 'u32'],
  ['rate_limit', 'u32'],
  ['backlog_limit', 'u32'],
  ['lost', 'u32'],
  ['backlog', 'u32'],
  ['feature_bitmap', 'u32', AUDIT_FEATURE_BITMAP], // union with the deprecated `version`
  ['backlog_wait_time', 'u32'],
  ['backlog_wait_time_actual', 'u32'],
], { header: 'linux/audit.h' });

export const audit_features: StructDecl = struct('audit_features', [
  ['vers', 'u32'], // AUDIT_FEATURE_VERSION (1)
  ['mask', 'u32', AUDIT_FEATURE],
  ['features', 'u32', AUDIT_FEATURE],
  ['lock', 'u32', AUDIT_FEATURE],
], { header: 'linux/audit.h' });

export const audit_tty_status: StructDecl = struct('audit_tty_status', [
  ['enabled', 'u32'],
  ['log_passwd', 'u32'],
], { header: 'linux/audit.h' });

const AUDIT_MAX_FIELDS = 64;
const AUDIT_BITMASK_SIZE = 64;

/** AUDIT_ADD_RULE / DEL_RULE / LIST_RULES; `buflen` bytes of string field values follow as `buf`. */
export const audit_rule_data: StructDecl = struct('audit_rule_data', [
  ['flags', 'u32', AUDIT_FILTER],
  ['action', 'u32', AUDIT_ACTION],
  ['field_count', 'u32'],
  ['mask', 'u32', { count: AUDIT_BITMASK_SIZE }], // syscall bitmap
  ['fields', 'u32', { count: AUDIT_MAX_FIELDS, enum: AUDIT_FIELD }],
  ['values', 'u32', { count: AUDIT_MAX_FIELDS }],
  ['fieldflags', 'u32', { count: AUDIT_MAX_FIELDS, enum: AUDIT_OPERATOR }],
  ['buflen', 'u32'],
], { header: 'linux/audit.h' });

/** AUDIT_SIGNAL_INFO answer (kernel/audit.h, not uapi): who signalled auditd; its security
 *  context follows as text (`ctx`). */
export const audit_sig_info: StructDecl = struct('audit_sig_info', [
  ['uid', 'u32'],
  ['pid', 's32'],
]);

/** AUDIT_MAKE_EQUIV: the lengths of the two paths that follow, unterminated, as `paths`. */
export const audit_make_equiv: StructDecl = struct('audit_make_equiv', [['sizes', 'u32', { count: 2 }]]);

/** AUDIT_REPLACE: the kernel asks its audit daemon whether it is alive (a pid, not a record). */
export const audit_replace: StructDecl = struct('audit_replace', [['pid', 'u32']]);

/** A body present only when the message has a payload (requests of GET-like commands are empty). */
function whenPresent(st: StructDecl): BodySelector {
  return ({ length, json }) => {
    if (json) return st.fields.some((f) => json[f.name] !== undefined) || json['@tail'] !== undefined || json['@len'] !== undefined ? st : undefined;
    return length > 0 ? st : undefined;
  };
}

// ---------------------------------------------------------------- messages

/** Commands (1000-1099). */
const COMMANDS: MessageDecl[] = [
  msg(1000, 'AUDIT_GET', 'get', whenPresent(audit_status)),
  msg(1001, 'AUDIT_SET', 'set', audit_status),
  msg(1002, 'AUDIT_LIST', 'get'), // deprecated: struct audit_rule, gone from the headers
  msg(1003, 'AUDIT_ADD', 'new'),
  msg(1004, 'AUDIT_DEL', 'del'),
  msg(1007, 'AUDIT_WATCH_INS', 'new'),
  msg(1008, 'AUDIT_WATCH_REM', 'del'),
  msg(1009, 'AUDIT_WATCH_LIST', 'get'),
  textMsg(1010, 'AUDIT_SIGNAL_INFO', 'get', whenPresent(audit_sig_info), 'ctx'),
  textMsg(1011, 'AUDIT_ADD_RULE', 'new', audit_rule_data, 'buf'),
  textMsg(1012, 'AUDIT_DEL_RULE', 'del', audit_rule_data, 'buf'),
  textMsg(1013, 'AUDIT_LIST_RULES', 'get', whenPresent(audit_rule_data), 'buf'),
  msg(1014, 'AUDIT_TRIM', 'other'),
  textMsg(1015, 'AUDIT_MAKE_EQUIV', 'other', audit_make_equiv, 'paths'),
  msg(1016, 'AUDIT_TTY_GET', 'get', whenPresent(audit_tty_status)),
  msg(1017, 'AUDIT_TTY_SET', 'set', audit_tty_status),
  msg(1018, 'AUDIT_SET_FEATURE', 'set', audit_features),
  msg(1019, 'AUDIT_GET_FEATURE', 'get', whenPresent(audit_features)),
  msg(1329, 'AUDIT_REPLACE', 'other', audit_replace), // among the record numbers, but binary
];

/** Record types of linux/audit.h (6.1, then newer kernels'): text. */
export const AUDIT_RECORD_KERNEL: Record<string, number> = {
  AUDIT_USER: 1005, // deprecated: user space message
  AUDIT_LOGIN: 1006,
  AUDIT_USER_AVC: 1107,
  AUDIT_USER_TTY: 1124,
  AUDIT_DAEMON_START: 1200, AUDIT_DAEMON_END: 1201, AUDIT_DAEMON_ABORT: 1202, AUDIT_DAEMON_CONFIG: 1203,
  AUDIT_SYSCALL: 1300, AUDIT_PATH: 1302, AUDIT_IPC: 1303, AUDIT_SOCKETCALL: 1304, AUDIT_CONFIG_CHANGE: 1305,
  AUDIT_SOCKADDR: 1306, AUDIT_CWD: 1307, AUDIT_EXECVE: 1309, AUDIT_IPC_SET_PERM: 1311, AUDIT_MQ_OPEN: 1312,
  AUDIT_MQ_SENDRECV: 1313, AUDIT_MQ_NOTIFY: 1314, AUDIT_MQ_GETSETATTR: 1315, AUDIT_KERNEL_OTHER: 1316,
  AUDIT_FD_PAIR: 1317, AUDIT_OBJ_PID: 1318, AUDIT_TTY: 1319, AUDIT_EOE: 1320, AUDIT_BPRM_FCAPS: 1321,
  AUDIT_CAPSET: 1322, AUDIT_MMAP: 1323, AUDIT_NETFILTER_PKT: 1324, AUDIT_NETFILTER_CFG: 1325,
  AUDIT_SECCOMP: 1326, AUDIT_PROCTITLE: 1327, AUDIT_FEATURE_CHANGE: 1328,
  AUDIT_KERN_MODULE: 1330, AUDIT_FANOTIFY: 1331, AUDIT_TIME_INJOFFSET: 1332, AUDIT_TIME_ADJNTPVAL: 1333,
  AUDIT_BPF: 1334, AUDIT_EVENT_LISTENER: 1335, AUDIT_URINGOP: 1336, AUDIT_OPENAT2: 1337,
  AUDIT_DM_CTRL: 1338, AUDIT_DM_EVENT: 1339,
  AUDIT_AVC: 1400, AUDIT_SELINUX_ERR: 1401, AUDIT_AVC_PATH: 1402, AUDIT_MAC_POLICY_LOAD: 1403,
  AUDIT_MAC_STATUS: 1404, AUDIT_MAC_CONFIG_CHANGE: 1405, AUDIT_MAC_UNLBL_ALLOW: 1406,
  AUDIT_MAC_CIPSOV4_ADD: 1407, AUDIT_MAC_CIPSOV4_DEL: 1408, AUDIT_MAC_MAP_ADD: 1409, AUDIT_MAC_MAP_DEL: 1410,
  AUDIT_MAC_IPSEC_ADDSA: 1411, AUDIT_MAC_IPSEC_DELSA: 1412, AUDIT_MAC_IPSEC_ADDSPD: 1413,
  AUDIT_MAC_IPSEC_DELSPD: 1414, AUDIT_MAC_IPSEC_EVENT: 1415, AUDIT_MAC_UNLBL_STCADD: 1416,
  AUDIT_MAC_UNLBL_STCDEL: 1417, AUDIT_MAC_CALIPSO_ADD: 1418, AUDIT_MAC_CALIPSO_DEL: 1419,
  AUDIT_IPE_ACCESS: 1420, AUDIT_IPE_CONFIG_CHANGE: 1421, AUDIT_IPE_POLICY_LOAD: 1422, // 6.12
  AUDIT_LANDLOCK_ACCESS: 1423, AUDIT_LANDLOCK_DOMAIN: 1424, // 6.15
  AUDIT_MAC_TASK_CONTEXTS: 1425, AUDIT_MAC_OBJ_CONTEXTS: 1426, // 6.16
  AUDIT_ANOM_PROMISCUOUS: 1700, AUDIT_ANOM_ABEND: 1701, AUDIT_ANOM_LINK: 1702, AUDIT_ANOM_CREAT: 1703,
  AUDIT_INTEGRITY_DATA: 1800, AUDIT_INTEGRITY_METADATA: 1801, AUDIT_INTEGRITY_STATUS: 1802,
  AUDIT_INTEGRITY_HASH: 1803, AUDIT_INTEGRITY_PCR: 1804, AUDIT_INTEGRITY_RULE: 1805,
  AUDIT_INTEGRITY_EVM_XATTR: 1806, AUDIT_INTEGRITY_POLICY_RULE: 1807,
  AUDIT_INTEGRITY_USERSPACE: 1808, // 6.14
  AUDIT_KERNEL: 2000,
};

/** Record types the kernel header leaves to user space (1100-1199, 1200-1299, 2100-2999) and
 *  AppArmor's (1500-1599), named as libaudit names them (audit-userspace lib/audit-records.h). */
export const AUDIT_RECORD_USER: Record<string, number> = {
  AUDIT_USER_AUTH: 1100, AUDIT_USER_ACCT: 1101, AUDIT_USER_MGMT: 1102, AUDIT_CRED_ACQ: 1103,
  AUDIT_CRED_DISP: 1104, AUDIT_USER_START: 1105, AUDIT_USER_END: 1106, AUDIT_USER_CHAUTHTOK: 1108,
  AUDIT_USER_ERR: 1109, AUDIT_CRED_REFR: 1110, AUDIT_USYS_CONFIG: 1111, AUDIT_USER_LOGIN: 1112,
  AUDIT_USER_LOGOUT: 1113, AUDIT_ADD_USER: 1114, AUDIT_DEL_USER: 1115, AUDIT_ADD_GROUP: 1116,
  AUDIT_DEL_GROUP: 1117, AUDIT_DAC_CHECK: 1118, AUDIT_CHGRP_ID: 1119, AUDIT_TEST: 1120,
  AUDIT_TRUSTED_APP: 1121, AUDIT_USER_SELINUX_ERR: 1122, AUDIT_USER_CMD: 1123, AUDIT_CHUSER_ID: 1125,
  AUDIT_GRP_AUTH: 1126, AUDIT_SYSTEM_BOOT: 1127, AUDIT_SYSTEM_SHUTDOWN: 1128, AUDIT_SYSTEM_RUNLEVEL: 1129,
  AUDIT_SERVICE_START: 1130, AUDIT_SERVICE_STOP: 1131, AUDIT_GRP_MGMT: 1132, AUDIT_GRP_CHAUTHTOK: 1133,
  AUDIT_MAC_CHECK: 1134, AUDIT_ACCT_LOCK: 1135, AUDIT_ACCT_UNLOCK: 1136, AUDIT_USER_DEVICE: 1137,
  AUDIT_SOFTWARE_UPDATE: 1138,
  AUDIT_DAEMON_RECONFIG: 1204, AUDIT_DAEMON_ROTATE: 1205, AUDIT_DAEMON_RESUME: 1206,
  AUDIT_DAEMON_ACCEPT: 1207, AUDIT_DAEMON_CLOSE: 1208, AUDIT_DAEMON_ERR: 1209,
  AUDIT_AA: 1500, AUDIT_APPARMOR_AUDIT: 1501, AUDIT_APPARMOR_ALLOWED: 1502, AUDIT_APPARMOR_DENIED: 1503,
  AUDIT_APPARMOR_HINT: 1504, AUDIT_APPARMOR_STATUS: 1505, AUDIT_APPARMOR_ERROR: 1506, AUDIT_APPARMOR_KILL: 1507,
  AUDIT_ANOM_LOGIN_FAILURES: 2100, AUDIT_ANOM_LOGIN_TIME: 2101, AUDIT_ANOM_LOGIN_SESSIONS: 2102,
  AUDIT_ANOM_LOGIN_ACCT: 2103, AUDIT_ANOM_LOGIN_LOCATION: 2104, AUDIT_ANOM_MAX_DAC: 2105,
  AUDIT_ANOM_MAX_MAC: 2106, AUDIT_ANOM_AMTU_FAIL: 2107, AUDIT_ANOM_RBAC_FAIL: 2108,
  AUDIT_ANOM_RBAC_INTEGRITY_FAIL: 2109, AUDIT_ANOM_CRYPTO_FAIL: 2110, AUDIT_ANOM_ACCESS_FS: 2111,
  AUDIT_ANOM_EXEC: 2112, AUDIT_ANOM_MK_EXEC: 2113, AUDIT_ANOM_ADD_ACCT: 2114, AUDIT_ANOM_DEL_ACCT: 2115,
  AUDIT_ANOM_MOD_ACCT: 2116, AUDIT_ANOM_ROOT_TRANS: 2117, AUDIT_ANOM_LOGIN_SERVICE: 2118,
  AUDIT_ANOM_LOGIN_ROOT: 2119, AUDIT_ANOM_ORIGIN_FAILURES: 2120, AUDIT_ANOM_SESSION: 2121,
  AUDIT_RESP_ANOMALY: 2200, AUDIT_RESP_ALERT: 2201, AUDIT_RESP_KILL_PROC: 2202, AUDIT_RESP_TERM_ACCESS: 2203,
  AUDIT_RESP_ACCT_REMOTE: 2204, AUDIT_RESP_ACCT_LOCK_TIMED: 2205, AUDIT_RESP_ACCT_UNLOCK_TIMED: 2206,
  AUDIT_RESP_ACCT_LOCK: 2207, AUDIT_RESP_TERM_LOCK: 2208, AUDIT_RESP_SEBOOL: 2209, AUDIT_RESP_EXEC: 2210,
  AUDIT_RESP_SINGLE: 2211, AUDIT_RESP_HALT: 2212, AUDIT_RESP_ORIGIN_BLOCK: 2213,
  AUDIT_RESP_ORIGIN_BLOCK_TIMED: 2214, AUDIT_RESP_ORIGIN_UNBLOCK_TIMED: 2215,
  AUDIT_USER_ROLE_CHANGE: 2300, AUDIT_ROLE_ASSIGN: 2301, AUDIT_ROLE_REMOVE: 2302, AUDIT_LABEL_OVERRIDE: 2303,
  AUDIT_LABEL_LEVEL_CHANGE: 2304, AUDIT_USER_LABELED_EXPORT: 2305, AUDIT_USER_UNLABELED_EXPORT: 2306,
  AUDIT_DEV_ALLOC: 2307, AUDIT_DEV_DEALLOC: 2308, AUDIT_FS_RELABEL: 2309, AUDIT_USER_MAC_POLICY_LOAD: 2310,
  AUDIT_ROLE_MODIFY: 2311, AUDIT_USER_MAC_CONFIG_CHANGE: 2312, AUDIT_USER_MAC_STATUS: 2313,
  AUDIT_CRYPTO_TEST_USER: 2400, AUDIT_CRYPTO_PARAM_CHANGE_USER: 2401, AUDIT_CRYPTO_LOGIN: 2402,
  AUDIT_CRYPTO_LOGOUT: 2403, AUDIT_CRYPTO_KEY_USER: 2404, AUDIT_CRYPTO_FAILURE_USER: 2405,
  AUDIT_CRYPTO_REPLAY_USER: 2406, AUDIT_CRYPTO_SESSION: 2407, AUDIT_CRYPTO_IKE_SA: 2408,
  AUDIT_CRYPTO_IPSEC_SA: 2409,
  AUDIT_VIRT_CONTROL: 2500, AUDIT_VIRT_RESOURCE: 2501, AUDIT_VIRT_MACHINE_ID: 2502,
  AUDIT_VIRT_INTEGRITY_CHECK: 2503, AUDIT_VIRT_CREATE: 2504, AUDIT_VIRT_DESTROY: 2505,
  AUDIT_VIRT_MIGRATE_IN: 2506, AUDIT_VIRT_MIGRATE_OUT: 2507,
};

const RECORDS: MessageDecl[] = Object.entries({ ...AUDIT_RECORD_KERNEL, ...AUDIT_RECORD_USER })
  .map(([name, type]) => textMsg(type, name, 'other'));

/** Types kauditd logs as records (and may send to auditd with the short nlmsg_len). */
export function isAuditRecord(type: number): boolean {
  return type === 1005 || type === 1006 || (type >= 1100 && type <= 2999);
}

const NLMSG_HDRLEN = 16;

export const AUDIT: ProtocolDecl = {
  ...protocol(protocolNames('NETLINK_AUDIT'), [...COMMANDS, ...RECORDS], AUDIT_NLGRP),
  // kauditd's unicast to auditd: nlmsg_len = skb->len - NLMSG_HDRLEN, one record per packet
  // (its multicast copies to AUDIT_NLGRP_READLOG carry the usual length)
  lenWithoutHeader: (len, type, left, direction) => direction === 'to-user' && isAuditRecord(type) && len + NLMSG_HDRLEN === left,
  // `auditctl -s`: AUDIT_GET with NLM_F_ACK is acked first, answered (nlmsg_pid 0) after
  repliesAfterAck: true,
};

registerProtocol(AUDIT); // decodes by this protocol's number once this module is loaded

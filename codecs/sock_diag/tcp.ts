// TCP (and congestion-control / ULP) payloads of inet_diag answers: linux/tcp.h, linux/inet_diag.h,
// linux/mptcp.h, linux/tls.h.
import { attrs, bitfields, enumOf, enumSeq, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { TCP_STATE } from './common.js';

/** enum tcp_ca_state (linux/tcp.h). */
export const TCP_CA = enumSeq('TCP_CA', [
  'TCP_CA_Open',
  'TCP_CA_Disorder',
  'TCP_CA_CWR',
  'TCP_CA_Recovery',
  'TCP_CA_Loss',
]);

/** tcpi_options (linux/tcp.h TCPI_OPT_*). */
export const TCPI_OPT = flagsOf('TCPI_OPT', {
  TCPI_OPT_TIMESTAMPS: 1,
  TCPI_OPT_SACK: 2,
  TCPI_OPT_WSCALE: 4,
  TCPI_OPT_ECN: 8,
  TCPI_OPT_ECN_SEEN: 16,
  TCPI_OPT_SYN_DATA: 32,
});

/** enum tcp_fastopen_client_fail (value of the 2-bit tcpi_fastopen_client_fail). */
export const TFO_STATUS = enumSeq('tcp_fastopen_client_fail', [
  'TFO_STATUS_UNSPEC',
  'TFO_COOKIE_UNAVAILABLE',
  'TFO_DATA_NOT_ACKED',
  'TFO_SYN_RETRANSMITTED',
]);

/** struct tcp_info: the installed linux/tcp.h ends at tcpi_snd_wnd; the fields marked `since`
 *  are what newer kernels append (decoded when the kernel sends them). */
export const tcp_info: StructDecl = struct('tcp_info', [
  ['tcpi_state', 'u8', TCP_STATE],
  ['tcpi_ca_state', 'u8', TCP_CA],
  ['tcpi_retransmits', 'u8'],
  ['tcpi_probes', 'u8'],
  ['tcpi_backoff', 'u8'],
  ['tcpi_options', 'u8', TCPI_OPT],
  bitfields('u8', [['tcpi_snd_wscale', 4], ['tcpi_rcv_wscale', 4]]),
  bitfields('u8', [['tcpi_delivery_rate_app_limited', 1], ['tcpi_fastopen_client_fail', 2, TFO_STATUS]]),
  ['tcpi_rto', 'u32'],
  ['tcpi_ato', 'u32'],
  ['tcpi_snd_mss', 'u32'],
  ['tcpi_rcv_mss', 'u32'],
  ['tcpi_unacked', 'u32'],
  ['tcpi_sacked', 'u32'],
  ['tcpi_lost', 'u32'],
  ['tcpi_retrans', 'u32'],
  ['tcpi_fackets', 'u32'],
  // Times.
  ['tcpi_last_data_sent', 'u32'],
  ['tcpi_last_ack_sent', 'u32'],
  ['tcpi_last_data_recv', 'u32'],
  ['tcpi_last_ack_recv', 'u32'],
  // Metrics.
  ['tcpi_pmtu', 'u32'],
  ['tcpi_rcv_ssthresh', 'u32'],
  ['tcpi_rtt', 'u32'],
  ['tcpi_rttvar', 'u32'],
  ['tcpi_snd_ssthresh', 'u32'],
  ['tcpi_snd_cwnd', 'u32'],
  ['tcpi_advmss', 'u32'],
  ['tcpi_reordering', 'u32'],
  ['tcpi_rcv_rtt', 'u32'],
  ['tcpi_rcv_space', 'u32'],
  ['tcpi_total_retrans', 'u32'],
  ['tcpi_pacing_rate', 'u64'],
  ['tcpi_max_pacing_rate', 'u64'],
  ['tcpi_bytes_acked', 'u64'],
  ['tcpi_bytes_received', 'u64'],
  ['tcpi_segs_out', 'u32'],
  ['tcpi_segs_in', 'u32'],
  ['tcpi_notsent_bytes', 'u32'],
  ['tcpi_min_rtt', 'u32'],
  ['tcpi_data_segs_in', 'u32'],
  ['tcpi_data_segs_out', 'u32'],
  ['tcpi_delivery_rate', 'u64'],
  ['tcpi_busy_time', 'u64'],
  ['tcpi_rwnd_limited', 'u64'],
  ['tcpi_sndbuf_limited', 'u64'],
  ['tcpi_delivered', 'u32'],
  ['tcpi_delivered_ce', 'u32'],
  ['tcpi_bytes_sent', 'u64'],
  ['tcpi_bytes_retrans', 'u64'],
  ['tcpi_dsack_dups', 'u32'],
  ['tcpi_reord_seen', 'u32'],
  ['tcpi_rcv_ooopack', 'u32'],
  ['tcpi_snd_wnd', 'u32'],
  ['tcpi_rcv_wnd', 'u32', { since: '6.2' }],
  ['tcpi_rehash', 'u32', { since: '6.2' }],
  ['tcpi_total_rto', 'u16', { since: '6.7' }],
  ['tcpi_total_rto_recoveries', 'u16', { since: '6.7' }],
  ['tcpi_total_rto_time', 'u32', { since: '6.7' }],
  ['tcpi_received_ce', 'u32', { since: '6.18' }],
  ['tcpi_delivered_e1_bytes', 'u32', { since: '6.18' }],
  ['tcpi_delivered_e0_bytes', 'u32', { since: '6.18' }],
  ['tcpi_delivered_ce_bytes', 'u32', { since: '6.18' }],
  ['tcpi_received_e1_bytes', 'u32', { since: '6.18' }],
  ['tcpi_received_e0_bytes', 'u32', { since: '6.18' }],
  ['tcpi_received_ce_bytes', 'u32', { since: '6.18' }],
  ['tcpi_accecn_fail_mode', 'u16', { since: '6.18' }],
  ['tcpi_accecn_opt_seen', 'u16', { since: '6.18' }],
], { header: 'linux/tcp.h' });

/** INET_DIAG_VEGASINFO. */
export const tcpvegas_info: StructDecl = struct('tcpvegas_info', [
  ['tcpv_enabled', 'u32'],
  ['tcpv_rttcnt', 'u32'],
  ['tcpv_rtt', 'u32'],
  ['tcpv_minrtt', 'u32'],
], { header: 'linux/inet_diag.h' });

/** INET_DIAG_DCTCPINFO. */
export const tcp_dctcp_info: StructDecl = struct('tcp_dctcp_info', [
  ['dctcp_enabled', 'u16'],
  ['dctcp_ce_state', 'u16'],
  ['dctcp_alpha', 'u32'],
  ['dctcp_ab_ecn', 'u32'],
  ['dctcp_ab_tot', 'u32'],
], { header: 'linux/inet_diag.h' });

/** INET_DIAG_BBRINFO: bw (bytes/s) = bbr_bw_hi << 32 | bbr_bw_lo; gains are << 8. */
export const tcp_bbr_info: StructDecl = struct('tcp_bbr_info', [
  ['bbr_bw_lo', 'u32'],
  ['bbr_bw_hi', 'u32'],
  ['bbr_min_rtt', 'u32'],
  ['bbr_pacing_gain', 'u32'],
  ['bbr_cwnd_gain', 'u32'],
], { header: 'linux/inet_diag.h' });

/** INET_DIAG_MD5SIG: a packed array of these, one per key (TCP_MD5SIG_MAXKEYLEN = 80). */
export const tcp_diag_md5sig: StructDecl = struct('tcp_diag_md5sig', [
  ['tcpm_family', 'u8', AF],
  ['tcpm_prefixlen', 'u8'],
  ['tcpm_keylen', 'u16'],
  ['tcpm_addr', 'inaddr', { family: 'tcpm_family' }],
  ['tcpm_key', 'bytes', { size: 80 }],
], { header: 'linux/tcp.h' });

// ---------------------------------------------------------------- MPTCP (linux/mptcp.h)

/** mptcpi_flags. */
export const MPTCP_INFO_FLAG = flagsOf('MPTCP_INFO_FLAG', {
  MPTCP_INFO_FLAG_FALLBACK: 1 << 0,
  MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED: 1 << 1,
});

/** INET_DIAG_INFO of an MPTCP socket (installed header: ends at mptcpi_csum_enabled). */
export const mptcp_info: StructDecl = struct('mptcp_info', [
  ['mptcpi_subflows', 'u8'],
  ['mptcpi_add_addr_signal', 'u8'],
  ['mptcpi_add_addr_accepted', 'u8'],
  ['mptcpi_subflows_max', 'u8'],
  ['mptcpi_add_addr_signal_max', 'u8'],
  ['mptcpi_add_addr_accepted_max', 'u8'],
  ['__pad_mptcpi_flags', 'bytes', { size: 2, hole: true }], // before the __u32
  ['mptcpi_flags', 'u32', MPTCP_INFO_FLAG],
  ['mptcpi_token', 'u32'],
  ['mptcpi_write_seq', 'u64'],
  ['mptcpi_snd_una', 'u64'],
  ['mptcpi_rcv_nxt', 'u64'],
  ['mptcpi_local_addr_used', 'u8'],
  ['mptcpi_local_addr_max', 'u8'],
  ['mptcpi_csum_enabled', 'u8'],
], { header: 'linux/mptcp.h', size: 48 });

/** MPTCP_SUBFLOW_ATTR_FLAGS. */
export const MPTCP_SUBFLOW_FLAG = flagsOf('MPTCP_SUBFLOW_FLAG', {
  MPTCP_SUBFLOW_FLAG_MCAP_REM: 1 << 0,
  MPTCP_SUBFLOW_FLAG_MCAP_LOC: 1 << 1,
  MPTCP_SUBFLOW_FLAG_JOIN_REM: 1 << 2,
  MPTCP_SUBFLOW_FLAG_JOIN_LOC: 1 << 3,
  MPTCP_SUBFLOW_FLAG_BKUP_REM: 1 << 4,
  MPTCP_SUBFLOW_FLAG_BKUP_LOC: 1 << 5,
  MPTCP_SUBFLOW_FLAG_FULLY_ESTABLISHED: 1 << 6,
  MPTCP_SUBFLOW_FLAG_CONNECTED: 1 << 7,
  MPTCP_SUBFLOW_FLAG_MAPVALID: 1 << 8,
});

/** INET_ULP_INFO_MPTCP of a subflow (types as net/mptcp/diag.c puts them). */
export const MPTCP_SUBFLOW_ATTR = attrs('MPTCP_SUBFLOW_ATTR', [
  [1, 'MPTCP_SUBFLOW_ATTR_TOKEN_REM', 'u32'],
  [2, 'MPTCP_SUBFLOW_ATTR_TOKEN_LOC', 'u32'],
  [3, 'MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ', 'u32'],
  [4, 'MPTCP_SUBFLOW_ATTR_MAP_SEQ', 'u64'],
  [5, 'MPTCP_SUBFLOW_ATTR_MAP_SFSEQ', 'u32'],
  [6, 'MPTCP_SUBFLOW_ATTR_SSN_OFFSET', 'u32'],
  [7, 'MPTCP_SUBFLOW_ATTR_MAP_DATALEN', 'u16'],
  [8, 'MPTCP_SUBFLOW_ATTR_FLAGS', 'u32', MPTCP_SUBFLOW_FLAG],
  [9, 'MPTCP_SUBFLOW_ATTR_ID_REM', 'u8'],
  [10, 'MPTCP_SUBFLOW_ATTR_ID_LOC', 'u8'],
  [11, 'MPTCP_SUBFLOW_ATTR_PAD', 'binary'],
]);

// ---------------------------------------------------------------- kTLS (linux/tls.h)

/** TLS_INFO_VERSION: TLS_VERSION_NUMBER(major, minor). */
export const TLS_VERSION = enumOf('TLS_VERSION', {
  TLS_1_2_VERSION: 0x0303,
  TLS_1_3_VERSION: 0x0304,
});

export const TLS_CIPHER = enumOf('TLS_CIPHER', {
  TLS_CIPHER_AES_GCM_128: 51,
  TLS_CIPHER_AES_GCM_256: 52,
  TLS_CIPHER_AES_CCM_128: 53,
  TLS_CIPHER_CHACHA20_POLY1305: 54,
  TLS_CIPHER_SM4_GCM: 55,
  TLS_CIPHER_SM4_CCM: 56,
  TLS_CIPHER_ARIA_GCM_128: 57,
  TLS_CIPHER_ARIA_GCM_256: 58,
});

/** TLS_INFO_TXCONF / RXCONF. */
export const TLS_CONF = enumOf('TLS_CONF', {
  TLS_CONF_BASE: 1,
  TLS_CONF_SW: 2,
  TLS_CONF_HW: 3,
  TLS_CONF_HW_RECORD: 4,
});

/** INET_ULP_INFO_TLS (u16 values as net/tls/tls_main.c tls_get_info puts them). */
export const TLS_INFO = attrs('TLS_INFO', [
  [1, 'TLS_INFO_VERSION', 'u16', TLS_VERSION],
  [2, 'TLS_INFO_CIPHER', 'u16', TLS_CIPHER],
  [3, 'TLS_INFO_TXCONF', 'u16', TLS_CONF],
  [4, 'TLS_INFO_RXCONF', 'u16', TLS_CONF],
  [5, 'TLS_INFO_ZC_RO_TX', 'flag'],
  [6, 'TLS_INFO_RX_NO_PAD', 'flag'],
]);

/** INET_DIAG_ULP_INFO. */
export const INET_ULP_INFO = attrs('INET_ULP_INFO', [
  [1, 'INET_ULP_INFO_NAME', 'string'],
  [2, 'INET_ULP_INFO_TLS', TLS_INFO],
  [3, 'INET_ULP_INFO_MPTCP', MPTCP_SUBFLOW_ATTR],
]);

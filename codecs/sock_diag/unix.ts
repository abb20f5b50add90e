// AF_UNIX sockets (linux/unix_diag.h).
import { attrs, flagsOf, struct, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { SHUTDOWN, SOCK_TYPE, TCP_STATE, TCPF, sk_meminfo } from './common.js';

/** udiag_show: which attributes to return. */
export const UDIAG_SHOW = flagsOf('UDIAG_SHOW', {
  UDIAG_SHOW_NAME: 0x00000001,
  UDIAG_SHOW_VFS: 0x00000002,
  UDIAG_SHOW_PEER: 0x00000004,
  UDIAG_SHOW_ICONS: 0x00000008,
  UDIAG_SHOW_RQLEN: 0x00000010,
  UDIAG_SHOW_MEMINFO: 0x00000020,
  UDIAG_SHOW_UID: 0x00000040,
});

export const unix_diag_req: StructDecl = struct('unix_diag_req', [
  ['sdiag_family', 'u8', AF],
  ['sdiag_protocol', 'u8'],
  ['pad', 'u16'],
  ['udiag_states', 'u32', TCPF], // unix sockets use TCP_LISTEN / TCP_ESTABLISHED / TCP_CLOSE ...
  ['udiag_ino', 'u32'],
  ['udiag_show', 'u32', UDIAG_SHOW],
  ['udiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/unix_diag.h' });

export const unix_diag_msg: StructDecl = struct('unix_diag_msg', [
  ['udiag_family', 'u8', AF],
  ['udiag_type', 'u8', SOCK_TYPE],
  ['udiag_state', 'u8', TCP_STATE],
  ['pad', 'u8'],
  ['udiag_ino', 'u32'],
  ['udiag_cookie', 'u32', { count: 2 }],
], { header: 'linux/unix_diag.h' });

/** UNIX_DIAG_VFS. */
export const unix_diag_vfs: StructDecl = struct('unix_diag_vfs', [
  ['udiag_vfs_ino', 'u32'],
  ['udiag_vfs_dev', 'u32'],
], { header: 'linux/unix_diag.h' });

/** UNIX_DIAG_RQLEN: for listeners, pending connections and backlog. */
export const unix_diag_rqlen: StructDecl = struct('unix_diag_rqlen', [
  ['udiag_rqueue', 'u32'],
  ['udiag_wqueue', 'u32'],
], { header: 'linux/unix_diag.h' });

/** The enum starts at 0 (no UNIX_DIAG_NONE, see the header's comment). */
export const UNIX_DIAG = attrs('UNIX_DIAG', [
  // sun_path bytes without a trailing NUL; abstract names start with a NUL byte, so not 'string'
  [0, 'UNIX_DIAG_NAME', 'binary'],
  [1, 'UNIX_DIAG_VFS', unix_diag_vfs],
  [2, 'UNIX_DIAG_PEER', 'u32'], // inode of the peer
  [3, 'UNIX_DIAG_ICONS', 'u32list'], // inodes of embryonic connections
  [4, 'UNIX_DIAG_RQLEN', unix_diag_rqlen],
  [5, 'UNIX_DIAG_MEMINFO', sk_meminfo],
  [6, 'UNIX_DIAG_SHUTDOWN', 'u8', SHUTDOWN],
  [7, 'UNIX_DIAG_UID', 'u32'],
]);

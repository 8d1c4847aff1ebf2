// Wire constants shared with Emulab's tmcd (TMCD-PROTOCOL.md §1).

export const TMCD_PORTS = [7777, 14447] as const;
/** Request buffer size on both ends; a request holds at most MAX_TMCD_PACKET - 1 bytes. */
export const MAX_TMCD_PACKET = 16384;
export const CURRENT_VERSION = 34;
/** The C client reads replies (and UDP datagrams) in chunks one byte smaller than this. */
export const MYBUFSIZE = 2048;
/** Sent in plain text before the TLS handshake so tmcd knows to speak TLS. */
export const TLS_MARKER = 'ISPEAKSSL_TMCDV10';
export const DEFAULT_MAX_REDIRECTS = 4;
export const TCP_RETRY_DELAY_MS = 10_000;
export const UNIX_RETRY_DELAY_MS = 1_000;
/** Default cap on a reply that is collected in memory (streaming callers may lift it). */
export const DEFAULT_MAX_REPLY_BYTES = 4 * 1024 * 1024;

/** Where Emulab looks for bossnode, client.pem and emulab.pem, in order (relative to root). */
export const CONFIG_DIRS = [
  'etc/testbed',
  'etc/emulab',
  'etc/rc.d/testbed',
  'usr/local/etc/testbed',
  'usr/local/etc/emulab',
] as const;

export const BOOT_DIR = 'var/emulab/boot';

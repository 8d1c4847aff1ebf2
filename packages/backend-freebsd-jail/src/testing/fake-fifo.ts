// FIFO semantics for the fake host's deps.fs: mkfifo makes stand-in regular
// files, and opening one end of such a "pipe" releases a tar blocked on the
// other (a reader sees EOF, a writer EPIPE); a non-blocking open for writing
// with no reader fails with ENXIO, as on FreeBSD.
import { constants } from 'node:fs';
import type { CoreFs } from '@tbvnode/core';
import type { FakeFreebsdHost } from './fake-host.js';

export function wrapFsWithFifos(h: FakeFreebsdHost, fs: CoreFs): CoreFs {
  const open = (async (p: Parameters<CoreFs['open']>[0], flags?: string | number, mode?: number) => {
    openFifo(h, String(p), flags);
    return fs.open(p, flags, mode);
  }) as CoreFs['open'];
  return { ...fs, open };
}

export function openFifo(h: FakeFreebsdHost, p: string, flags: string | number | undefined): void {
  if (!h.fifos.has(p)) return;
  const write = typeof flags === 'number' ? (flags & (constants.O_WRONLY | constants.O_RDWR)) !== 0 : /[wa+]/.test(flags ?? 'r');
  const nonblock = typeof flags === 'number' && (flags & constants.O_NONBLOCK) !== 0;
  if (write) {
    const reader = h.pendingReaders.get(p);
    if (reader) {
      h.pendingReaders.delete(p);
      reader.proc.exit({ exitCode: 1, signal: null });
    } else if (nonblock) throw Object.assign(new Error(`ENXIO: no such device or address, open '${p}'`), { code: 'ENXIO' });
    return;
  }
  const writer = h.pendingWriters.get(p);
  if (writer) {
    h.pendingWriters.delete(p);
    writer.exit({ exitCode: null, signal: 'SIGPIPE' });
  }
}

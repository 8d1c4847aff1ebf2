// perror()-style text for the errno codes Node reports, so messages read like Emulab's.
const TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EPIPE: 'Broken pipe',
  ENOTFOUND: 'Unknown host',
  ENOTSOCK: 'Socket operation on non-socket',
};

export function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function strerror(err: unknown): string {
  const code = errnoOf(err);
  if (code !== undefined) return TEXT[code] ?? code;
  return err instanceof Error ? err.message : String(err);
}

// A unix socket path longer than sun_path fails at bind with an obscure
// error (or, on some systems, binds a truncated name); check it first.

// sizeof(sockaddr_un.sun_path) per platform; the path needs one byte for NUL.
const SUN_PATH_SIZE: Readonly<Record<string, number>> = {
  linux: 108,
  freebsd: 104,
  openbsd: 104,
  netbsd: 104,
  darwin: 104,
};

export function sunPathSize(platform: string): number {
  return SUN_PATH_SIZE[platform] ?? 104;
}

// Null when the path fits, else a message naming the limit.
export function checkSunPath(path: string, platform: string): string | null {
  const size = sunPathSize(platform);
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes === 0) return 'unix socket path is empty';
  if (path.includes('\0')) return 'unix socket path contains a NUL byte';
  if (bytes >= size) {
    return `unix socket path is ${bytes} bytes; ${platform} allows at most ${size - 1} (sun_path is ${size}): ${path}`;
  }
  return null;
}

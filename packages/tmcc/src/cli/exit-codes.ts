// The one table from error codes to Emulab's exit statuses: 1 for usage and local
// configuration problems, 255 (the C client's exit(-1)) for everything on the wire.
import type { TmccErrorCode } from '../errors.js';

const EXIT: Partial<Record<TmccErrorCode, number>> = {
  TMCC_USAGE: 1,
  TMCC_RESOLVE: 1,
  TMCC_KEYFILE: 1,
  TMCC_CONFIG: 1,
};

export function exitCodeFor(code: TmccErrorCode): number {
  return EXIT[code] ?? 255;
}

// Builds request bytes exactly as Emulab's C tmcc does (TMCD-PROTOCOL.md §4):
// every token followed by one space, optional datafile bytes after the last one.
import { CURRENT_VERSION, MAX_TMCD_PACKET } from '../constants.js';
import { TmccError } from '../errors.js';

export interface BuildRequestParams {
  command: string;
  args?: readonly string[];
  vnodeId?: string;
  privKey?: string;
  /** Only meaningful towards a proxy (-l with -u): asks it to forward over UDP. */
  useUdp?: boolean;
  version?: number;
  datafile?: Buffer;
}

const MAX_ARGS = 4;
/** The request must fit the peer's buffer with its terminating NUL. */
export const MAX_REQUEST_BYTES = MAX_TMCD_PACKET - 1;

export function buildRequest(p: BuildRequestParams): Buffer {
  const args = p.args ?? [];
  if (p.command === '' || args.length > MAX_ARGS) {
    throw new TmccError('TMCC_USAGE', 'a request is a command and at most 4 arguments');
  }
  for (const word of [p.command, ...args, p.vnodeId ?? '', p.privKey ?? '']) {
    // The C client builds a C string, so a NUL would silently cut the request.
    if (word.includes('\0')) throw new TmccError('TMCC_USAGE', 'request words may not contain NUL');
  }
  const version = p.version ?? CURRENT_VERSION;
  if (!Number.isInteger(version)) throw new TmccError('TMCC_USAGE', `bad version: ${String(version)}`);

  let head = '';
  if (p.vnodeId !== undefined) head += `VNODEID=${p.vnodeId} `;
  if (p.privKey !== undefined && p.privKey !== '') head += `PRIVKEY=${p.privKey} `;
  if (p.useUdp === true) head += 'USEUDP=1 ';
  head += `VERSION=${version} `;
  for (const word of [p.command, ...args]) head += `${word} `;

  const base = Buffer.from(head, 'utf8');
  if (base.length > MAX_REQUEST_BYTES) throw new TmccError('TMCC_TOO_LARGE', 'Command too large!');
  if (p.datafile === undefined) return base;
  return Buffer.concat([base, fitDatafile(p.datafile, MAX_REQUEST_BYTES - base.length)]);
}

// Emulab truncates the datafile silently to fit and stops at the first NUL.
function fitDatafile(data: Buffer, room: number): Buffer {
  if (data.length === 0) throw new TmccError('TMCC_DATAFILE', 'reading datafile: empty file');
  if (room <= 0) throw new TmccError('TMCC_TOO_LARGE', 'Command too large!');
  const cut = data.subarray(0, room);
  const nul = cut.indexOf(0);
  return nul === -1 ? cut : cut.subarray(0, nul);
}

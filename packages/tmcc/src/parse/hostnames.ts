// hostnames: `NAME=<name> IP=<addr> ALIASES='<a> <b>'` per line.
import { TmccError } from '../errors.js';
import { pairsToObject, parseKeyValues, replyLines } from './key-values.js';

export interface HostnameEntry {
  name: string;
  ip: string;
  aliases: string[];
}

export function parseHostnames(text: string): HostnameEntry[] {
  return replyLines(text).map((line) => {
    const f = pairsToObject(parseKeyValues(line));
    const name = f['NAME'];
    const ip = f['IP'];
    if (!name || !ip) throw new TmccError('TMCC_PARSE', `hostnames line without NAME/IP: ${JSON.stringify(line)}`);
    return { name, ip, aliases: (f['ALIASES'] ?? '').split(/\s+/).filter((a) => a !== '') };
  });
}

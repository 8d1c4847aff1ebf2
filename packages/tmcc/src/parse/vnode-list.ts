// vnodelist, parsed as strictly as Emulab's bootvnodes: `VNODEID=<[-\w]+> JAILED=<digit>`.
// Other lines are skipped (reported through onSkip), as bootvnodes warns and skips.
import { replyLines } from './key-values.js';

export interface VnodeListEntry {
  vnodeId: string;
  jailed: boolean;
}

const LINE = /^VNODEID=([-\w]+) JAILED=(\d)$/;

export function parseVnodeList(text: string, onSkip?: (line: string) => void): VnodeListEntry[] {
  const out: VnodeListEntry[] = [];
  for (const line of replyLines(text)) {
    const m = LINE.exec(line);
    if (m?.[1] === undefined) {
      onSkip?.(line);
      continue;
    }
    out.push({ vnodeId: m[1], jailed: m[2] !== '0' });
  }
  return out;
}

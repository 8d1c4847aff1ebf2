// ifconfig: `INTERFACE KEY=value ...` per interface; `INTERFACE_SETTING MAC=<mac>
// KEY='k' VAL='v'` lines attach to the interface with that MAC (or VMAC). Other
// record types and settings for unknown MACs go to onSkip.
import { TmccError } from '../errors.js';
import { pairsToObject, parseRecord, replyLines } from './key-values.js';

export interface IfconfigEntry {
  /** Every field as sent (IFACETYPE, INET, MASK, MAC, VMAC, PMAC, ID, LAN, ...). */
  fields: Record<string, string>;
  inet: string;
  mask: string;
  /** VMAC for virtual interfaces, else MAC. */
  mac: string;
  settings: Record<string, string>;
}

export function parseIfconfig(text: string, onSkip?: (line: string) => void): IfconfigEntry[] {
  const out: IfconfigEntry[] = [];
  for (const line of replyLines(text)) {
    const rec = parseRecord(line);
    const f = pairsToObject(rec.pairs);
    if (rec.type === 'INTERFACE') {
      if (f['INET'] === undefined || f['MASK'] === undefined) {
        throw new TmccError('TMCC_PARSE', `INTERFACE without INET/MASK: ${JSON.stringify(line)}`);
      }
      out.push({ fields: f, inet: f['INET'], mask: f['MASK'], mac: f['VMAC'] || f['MAC'] || '', settings: {} });
      continue;
    }
    if (rec.type === 'INTERFACE_SETTING') {
      const owner = out.find((e) => e.fields['MAC'] === f['MAC'] || e.fields['VMAC'] === f['MAC']);
      if (owner && f['KEY'] !== undefined && f['VAL'] !== undefined) {
        owner.settings[f['KEY']] = f['VAL'];
        continue;
      }
    }
    onSkip?.(line);
  }
  return out;
}

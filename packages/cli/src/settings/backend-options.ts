// Backend options an operator sets (TBVNODE_BACKEND_OPTIONS, a JSON object such
// as {"memoryMb":512,"bridgeMode":"emulab"}), over the defaults the edge knows.
import type { BackendOptions } from '@tbvnode/core';
import { CliError } from '../errors/cli-error.js';

export function parseBackendOptions(text: string | undefined): BackendOptions {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError('USAGE', `TBVNODE_BACKEND_OPTIONS is not JSON: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError('USAGE', 'TBVNODE_BACKEND_OPTIONS must be a JSON object, e.g. {"memoryMb":512}');
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new CliError('USAGE', `TBVNODE_BACKEND_OPTIONS.${k} must be a string, number or boolean`);
    }
    out[k] = v;
  }
  return out;
}

// Later sources win; undefined never overrides.
export function mergeBackendOptions(...sources: readonly BackendOptions[]): BackendOptions {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const s of sources) for (const [k, v] of Object.entries(s)) if (v !== undefined) out[k] = v;
  return out;
}

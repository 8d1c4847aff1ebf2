// Fixtures ship inside the package and are found relative to this module
// (dist/experiment or src/experiment, both two levels below the root), so
// the caller's working directory never matters.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BossError } from '../errors.js';
import type { Experiment } from './types.js';
import { validateExperiment } from './validate.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

// Names of the bundled fixtures, e.g. ['three-vnodes'].
export function listExperiments(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

// A bundled fixture by name, or any JSON file by path (contains '/' or ends in .json).
export function loadExperiment(nameOrPath: string): Experiment {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  if (!isPath && !/^[A-Za-z0-9_-]+$/.test(nameOrPath)) {
    throw new BossError('BOSS_FIXTURE_NOT_FOUND', `bad fixture name: ${JSON.stringify(nameOrPath)}`);
  }
  const file = isPath ? nameOrPath : `${FIXTURES_DIR}${nameOrPath}.json`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new BossError('BOSS_FIXTURE_NOT_FOUND', `cannot read experiment fixture ${file}`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new BossError('BOSS_FIXTURE_INVALID', `${file}: not valid JSON`, { cause });
  }
  return validateExperiment(data, file);
}

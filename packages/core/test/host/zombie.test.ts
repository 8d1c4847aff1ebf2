import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createProcessTable, linuxIsZombie, linuxStartToken, parseProcStatState } from '../../src/host/process-table.js';
import * as fsp from 'node:fs/promises';

describe('parseProcStatState', () => {
  it.each([
    ['1234 (sleep) S 1 1234 1234 0 -1', 'S'],
    ['1234 (a) b) Z 1 1234', 'Z'],
    ['1234 (x) X 1', 'X'],
    // comm may hold spaces and parentheses: the state follows the last ")".
    ['77 (a b) c)) R 1 77', 'R'],
    ['garbage', null],
  ])('%j -> %j', (line, state) => {
    expect(parseProcStatState(line)).toBe(state);
  });
});

const linux = process.platform === 'linux';
if (!linux) console.warn('SKIPPING zombie test: needs Linux /proc');

describe.skipIf(!linux)('isAlive on Linux', () => {
  it('is false for a zombie, which kill(pid, 0) still finds', async () => {
    // sh backgrounds a child that exits at once, then becomes `sleep`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string];
      const zombie = Number(line);
      const deadline = Date.now() + 5_000;
      while (parseProcStatState(readFileSync(`/proc/${zombie}/stat`, 'utf8')) !== 'Z') {
        if (Date.now() > deadline) throw new Error('child never became a zombie');
        await new Promise((r) => setTimeout(r, 10));
      }
      const table = createProcessTable(linuxStartToken(fsp), undefined, undefined, linuxIsZombie());
      expect(process.kill(zombie, 0)).toBe(true);
      expect(table.isAlive(zombie)).toBe(false);
      expect(table.isAlive(parent.pid!)).toBe(true);
      expect(table.isAlive(2 ** 22 + 1)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      await once(parent, 'exit');
    }
  });
});

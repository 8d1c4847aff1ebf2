import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { Writable } from 'node:stream';
import { skipBecause, waitUntil } from '@tbvnode/test-fixtures';
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

describe.skipIf(skipBecause(!linux, 'zombie test: needs Linux /proc'))('isAlive on Linux', () => {
  it('is false for a zombie, which kill(pid, 0) still finds', async () => {
    // sh backgrounds a child, then becomes `sleep`, which never reaps it. The child
    // (head, reading fd 3) ends only when we write to fd 3, after the exec: had it
    // ended while sh still ran, sh could reap it first and no zombie would remain.
    const parent = spawn('sh', ['-c', 'head -c1 <&3 >/dev/null & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore', 'pipe'],
    });
    try {
      const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string];
      const zombie = Number(line);
      const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (!(await waitUntil(() => comm(parent.pid!) === 'sleep', { timeoutMs: 10_000 }))) throw new Error('sh never exec\'d sleep');
      (parent.stdio[3] as Writable).end('x');
      const state = () => parseProcStatState(readFileSync(`/proc/${zombie}/stat`, 'utf8'));
      if (!(await waitUntil(() => state() === 'Z', { timeoutMs: 10_000 }))) throw new Error('child never became a zombie');
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

import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { main as tbvnode } from '../../src/commands/tbvnode.js';
import { captureDeps } from '../helpers/cli-deps.js';

// Issue 10: doctor says whether the host is still prepared as recorded.
let root: string;
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-doc-'));
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

describe.skipIf(skipBecause(process.platform !== 'linux', 'doctor drift tests read the Linux boot id (/proc/sys/kernel/random/boot_id)'))('tbvnode doctor and host preparation (reads the Linux boot id)', () => {
  it('reports drift (not prepared, another backend) and stays usable', async () => {
    const d = captureDeps({ TBVNODE_ROOT: root });
    expect(await tbvnode(['doctor', '--backend', 'process'], d)).toBe(0);
    expect(d.out()).toContain('DRIFT host preparation: the host is not prepared');

    const marker = path.join(root, 'var/run/tbvnode-host/prepared');
    await fsp.mkdir(path.dirname(marker), { recursive: true });
    const bootId = (await fsp.readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    await fsp.writeFile(marker, `${bootId}\nlinux-vserver\n{"netns":null,"steps":[]}\n`);
    const j = captureDeps({ TBVNODE_ROOT: root });
    expect(await tbvnode(['doctor', '--backend', 'process', '--json'], j)).toBe(0);
    expect(JSON.parse(j.out()).hostPreparation.drift).toEqual(expect.arrayContaining([expect.stringMatching(/backend linux-vserver, not process/)]));
  });
});

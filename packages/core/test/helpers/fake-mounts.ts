// A scripted runner plus a mount table that together model `mount`/`umount`,
// for mount logic without root. Targets can be marked busy.
import type { MountTable } from '../../src/deps.js';
import { createRecordingRunner, type RecordingRunner } from '../../src/testing/recording-runner.js';

export interface FakeMountHost {
  runner: RecordingRunner;
  mounts: MountTable;
  mounted: string[];
  busy: Set<string>;
}

export function createFakeMountHost(): FakeMountHost {
  const mounted: string[] = [];
  const busy = new Set<string>();
  const runner = createRecordingRunner({
    script: [
      {
        match: ['umount'],
        reply: (argv) => {
          const t = argv.at(-1) ?? '';
          if (busy.has(t)) return { exitCode: 32, stderr: `umount: ${t}: target is busy.` };
          const i = mounted.lastIndexOf(t);
          if (i < 0) return { exitCode: 32, stderr: 'not mounted' };
          mounted.splice(i, 1);
          return {};
        },
      },
      {
        match: ['mount'],
        reply: (argv) => {
          if (!argv.includes('remount') && !argv.some((a) => a.startsWith('remount'))) mounted.push(argv.at(-1) ?? '');
          return {};
        },
      },
    ],
  });
  const mounts: MountTable = {
    read: async () => mounted.map((target) => ({ target, source: 'x', fstype: 'none', options: [] })),
  };
  return { runner, mounts, mounted, busy };
}

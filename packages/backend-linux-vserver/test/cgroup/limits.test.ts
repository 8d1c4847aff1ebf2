import { describe, expect, it } from 'vitest';
import { cgroupWrites, controllersFor, hasLimits } from '../../src/cgroup/limits.js';
import { detectCgroup } from '../../src/cgroup/detect.js';

describe('cgroupWrites', () => {
  it.each([
    [1, { cpus: 0.5 }, [['cpu', 'cpu.cfs_period_us', '100000'], ['cpu', 'cpu.cfs_quota_us', '50000']]],
    [2, { cpus: 2 }, [['', 'cpu.max', '200000 100000']]],
    [1, { memoryBytes: 1024, pids: 10 }, [['memory', 'memory.limit_in_bytes', '1024'], ['pids', 'pids.max', '10']]],
    [2, { memoryBytes: 1024, pids: 10 }, [['', 'memory.max', '1024'], ['', 'pids.max', '10']]],
    [1, { cpus: 0.001 }, [['cpu', 'cpu.cfs_period_us', '100000'], ['cpu', 'cpu.cfs_quota_us', '1000']]],
    [2, {}, []],
    [1, { cpuWeight: 100 }, [['cpu', 'cpu.shares', '1024']]],
    [1, { cpuWeight: 1 }, [['cpu', 'cpu.shares', '10']]],
    [2, { cpuWeight: 250 }, [['', 'cpu.weight', '250']]],
  ] as const)('v%i %j', (v, limits, expected) => {
    expect(cgroupWrites(v, limits).map((w) => [w.controller, w.file, w.value])).toEqual(expected);
  });
  it('lists controllers and whether any limit is set', () => {
    expect(controllersFor({ cpus: 1, pids: 3 })).toEqual(['cpu', 'pids']);
    expect(controllersFor({ cpuWeight: 100, memoryBytes: 1 })).toEqual(['cpu', 'memory']);
    expect(hasLimits({})).toBe(false);
  });
});

describe('detectCgroup', () => {
  const m = (target: string, fstype: string, options: string[] = []) => ({ target, source: fstype, fstype, options });
  it('finds v1 per-controller hierarchies (this machine)', () => {
    const mounts = [m('/sys/fs/cgroup/cpu', 'cgroup', ['rw', 'cpu']), m('/sys/fs/cgroup/pids', 'cgroup', ['rw', 'pids']), m('/sys/fs/cgroup/unified', 'cgroup2')];
    expect(detectCgroup(mounts, ['cpu', 'pids'])).toEqual({ version: 1, mountRoot: '/sys/fs/cgroup' });
    expect(detectCgroup(mounts, ['memory'])).toBeNull();
  });
  it('prefers a pure v2 host', () => {
    expect(detectCgroup([m('/sys/fs/cgroup', 'cgroup2')], ['memory'])).toEqual({ version: 2, mountRoot: '/sys/fs/cgroup' });
  });
});

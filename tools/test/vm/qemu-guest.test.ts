import { describe, expect, it } from 'vitest';
import { qemuArgv } from '../../src/vm/qemu-argv.js';
import { renderStage2, renderVitestConfig, shellQuote } from '../../src/vm/guest-scripts.js';
import { imagePackage } from '../../src/vm/kernel.js';
import { missingPackages } from '../../src/vm/host-packages.js';
import { pickSuite } from '../../src/vm/suites.js';

describe('qemu command line', () => {
  const argv = qemuArgv({ kernel: '/c/vmlinuz', initrd: '/c/i.cpio', scratchDir: '/tmp/s', memoryMb: 2048, cpus: 2 });
  const after = (flag: string) => argv.filter((_, i) => argv[i - 1] === flag);

  it('has no network device and emulates in software', () => {
    expect(after('-nic')).toEqual(['none']);
    expect(argv.some((a) => /netdev|hostfwd|-net\b/.test(a))).toBe(false);
    expect(after('-accel')[0]).toMatch(/^tcg/);
    expect(argv.join(' ')).not.toMatch(/kvm/);
  });

  it('boots with only cgroup v2 and shares the host root read-only, the scratch dir read-write', () => {
    expect(after('-append')[0]).toContain('systemd.unified_cgroup_hierarchy=1 cgroup_no_v1=all');
    const shares = after('-virtfs');
    expect(shares[0]).toMatch(/^local,path=\/,mount_tag=hostroot,.*readonly=on/);
    expect(shares[1]).toMatch(/^local,path=\/tmp\/s,mount_tag=scratch,/);
    expect(shares[1]).not.toMatch(/readonly/);
  });
});

describe('guest scripts', () => {
  it('quotes words for sh', () => {
    expect(shellQuote('/usr/bin/node')).toBe('/usr/bin/node');
    expect(shellQuote("it's $x")).toBe(`'it'\\''s $x'`);
  });

  it('stage 2 runs the command in the work dir, records its status and powers off', () => {
    const s = renderStage2({ modulesDir: '/r/.cache/vm/k/lib/modules/6.1.0-1-amd64', kernelVersion: '6.1.0-1-amd64', workDir: '/r/pkg', command: ['node', 'vitest.mjs', 'run', 'test/a b.ts'], env: { TBVNODE_TEST_TIME_SCALE: '20' } });
    expect(s.indexOf('export TBVNODE_TEST_TIME_SCALE=20')).toBeLessThan(s.indexOf('vitest.mjs run'));
    expect(s).toContain("( node vitest.mjs run 'test/a b.ts' < /dev/null 2>&1; echo $? > $out/rc ) | cat &");
    expect(s).toContain('mount --bind /r/.cache/vm/k/lib/modules/6.1.0-1-amd64 /lib/modules/6.1.0-1-amd64');
    expect(s.indexOf('cd /r/pkg')).toBeLessThan(s.indexOf('vitest.mjs run'));
    expect(s.indexOf('wait $!')).toBeLessThan(s.lastIndexOf('poweroff -f'));
  });

  it('lays a project under /tmp back over the guest\'s tmpfs before anything reaches into it; leaves one elsewhere alone', () => {
    const base = { modulesDir: '/tmp/ci/.cache/vm/k/lib/modules/6.1.0-1-amd64', kernelVersion: '6.1.0-1-amd64', workDir: '/tmp/ci/pkg', command: ['node'] as [string] };
    const s = renderStage2({ ...base, repoRoot: '/tmp/ci' });
    expect(s).toContain('mount -t overlay -o lowerdir=/run/host/tmp/ci,upperdir=/run/tbvm-repo/upper,workdir=/run/tbvm-repo/work overlay /tmp/ci');
    expect(s.indexOf('overlay /tmp/ci')).toBeLessThan(s.indexOf('mount --bind /tmp/ci/.cache'));
    expect(s.indexOf('overlay /tmp/ci')).toBeLessThan(s.indexOf('cd /tmp/ci/pkg'));
    expect(renderStage2({ ...base, repoRoot: '/work/main', workDir: '/work/main/pkg' })).not.toContain('tbvm-repo');
  });

  it('the vitest config extends the package\'s own', () => {
    const c = renderVitestConfig({ packageDir: '/r/packages/x', timeoutMs: 5000 });
    expect(c).toContain('import base from "/r/packages/x/vitest.config.ts"');
    expect(c).toContain('...base.test');
    expect(c).toContain('const t = 5000');
  });
});

describe('host side', () => {
  it('finds the kernel image package behind linux-image-amd64', () => {
    expect(imagePackage('linux-image-amd64\n  Depends: linux-image-6.1.0-57-amd64\n')).toBe('linux-image-6.1.0-57-amd64');
    expect(() => imagePackage('linux-image-amd64\n')).toThrow(/names no kernel image/);
  });

  it('installs only what dpkg does not report installed', () => {
    const out = 'qemu-system-x86\tinstall ok installed\nbusybox-static\tdeinstall ok config-files\n';
    expect(missingPackages(['qemu-system-x86', 'busybox-static'], out)).toEqual(['busybox-static']);
    expect(missingPackages(['qemu-system-x86'], '')).toEqual(['qemu-system-x86']);
  });

  it('picks a suite, or the filters given instead', () => {
    expect(pickSuite('full', [])).toMatchObject({ tests: [], exclude: ['**/fault-injection.test.ts'] });
    expect(pickSuite('full', ['test/backend/fault-injection.test.ts']).exclude).toEqual([]);
    expect(pickSuite('reduced', ['test/cgroup/']).tests).toEqual(['test/cgroup/']);
    expect(() => pickSuite('nope', [])).toThrow(/unknown suite "nope"/);
  });
});

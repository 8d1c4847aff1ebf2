// Pure: which tests a VM run executes. The Linux backend's suite is the subject:
// every file of it needs root and the real kernel features the VM gives it.

export interface Suite {
  /** Workspace package, relative to the repo root. */
  readonly packageDir: string;
  readonly packageName: string;
  /** vitest filters (files or dirs); empty = the package's whole suite. */
  readonly tests: readonly string[];
  /** Globs left out (vitest --exclude). */
  readonly exclude?: readonly string[];
  readonly about: string;
}

const LINUX = { packageDir: 'packages/backend-linux-vserver', packageName: '@tbvnode/backend-linux-vserver' } as const;

export const SUITES: Readonly<Record<string, Suite>> = {
  full: {
    ...LINUX,
    tests: [],
    // ~60 whole vnode lifecycles, each a minute or more emulated: over an hour, and
    // it tests the journal's undo, which does not depend on the kernel.
    exclude: ['**/fault-injection.test.ts'],
    about: "the Linux backend's whole suite (vnode boot/halt/kill, limits, conformance, escape, LANs) but its fault injection",
  },
  reduced: {
    ...LINUX,
    tests: ['test/backend/vnode.test.ts', 'test/cgroup/cgroup-step.test.ts', 'escape'],
    about: 'one vnode with limits booted, halted, restored and killed; the cgroup step on the real tree; the escape suite',
  },
};

export function pickSuite(name: string, tests: readonly string[]): Suite {
  const suite = SUITES[name];
  if (!suite) throw new Error(`unknown suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`);
  return tests.length > 0 ? { ...suite, tests, exclude: [] } : suite;
}

// Pure: the files the host writes into the scratch share for one run: stage 2
// (the guest's PID 1 after switch_root) and the vitest config it runs with.

export interface Stage2Plan {
  /** Extracted kernel's lib/modules/<ver> (a host path, seen through the 9p root). */
  readonly modulesDir: string;
  readonly kernelVersion: string;
  /** Where the command runs (a host path: the project, seen through the overlay root). */
  readonly workDir: string;
  /** The project's root on the host; under /tmp or /run it is laid back over the guest's tmpfs. */
  readonly repoRoot?: string;
  readonly command: readonly [string, ...string[]];
  /** Extra environment for the command. */
  readonly env?: Readonly<Record<string, string>>;
}

/** POSIX sh single-quoting. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// Where the guest's scratch share is mounted by init.sh.
export const GUEST_SCRATCH = '/run/tbvm';

// The guest's own tmpfs on /tmp and /run hides a project that lives there on the
// host (a CI clone under /tmp): stage 2 lays it back, writable, over the host's copy
// (init.sh binds the host's root at /run/host).
function layBackRepo(repoRoot: string | undefined): string {
  if (repoRoot === undefined || !/^\/(tmp|run)\//.test(repoRoot)) return '';
  const q = shellQuote;
  const options = `lowerdir=/run/host${repoRoot},upperdir=/run/tbvm-repo/upper,workdir=/run/tbvm-repo/work`;
  return `mkdir -p ${q(repoRoot)} /run/tbvm-repo/upper /run/tbvm-repo/work
mount -t overlay -o ${q(options)} overlay ${q(repoRoot)} || echo "tbvm: cannot reach the project at ${repoRoot}"
`;
}

export function renderStage2(p: Stage2Plan): string {
  const q = shellQuote;
  return `# Stage 2: PID 1 inside the overlay root (written by the host for this run).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TMPDIR=/tmp LANG=C.UTF-8 CI=true NO_COLOR=1 TERM=dumb
out=${GUEST_SCRATCH}
uname -r > $out/kernel
cat /sys/fs/cgroup/cgroup.controllers > $out/controllers
echo "tbvm: kernel $(cat $out/kernel); cgroup.controllers: $(cat $out/controllers)"
${layBackRepo(p.repoRoot)}# The guest kernel's modules, for the kernel's own module requests (veth, bridge, ...).
mkdir -p /lib/modules/${q(p.kernelVersion)}
mount --bind ${q(p.modulesDir)} /lib/modules/${q(p.kernelVersion)} || echo "tbvm: no modules for the guest kernel"
ln -s /bin/busybox /run/modprobe && echo /run/modprobe > /proc/sys/kernel/modprobe
ip link set lo up
hostname tbvm
cd ${q(p.workDir)} || { echo 125 > $out/rc; poweroff -f; }
${Object.entries(p.env ?? {}).map(([k, v]) => `export ${k}=${q(v)}
`).join('')}echo "tbvm: running ${p.command.map(q).join(' ').replace(/["`$\\]/g, '\\$&')}"
start=$(date +%s)
# Through a pipe, not the console's tty: plain progress lines, no cursor games.
( ${p.command.map(q).join(' ')} < /dev/null 2>&1; echo $? > $out/rc ) | cat &
# PID 1 waits on the command; the shell reaps any orphan reparented here meanwhile.
wait $!
echo $(( $(date +%s) - start )) > $out/test-seconds
sync
poweroff -f
`;
}

export interface VitestConfigPlan {
  /** The package dir: its own vitest.config.ts is the base. */
  readonly packageDir: string;
  readonly timeoutMs: number;
}

// Emulation makes everything ~10-50x slower: generous per-test deadlines, and the
// workspace packages' dist/ loaded by node itself instead of through vite's
// transform (which dominated the run).
export function renderVitestConfig(p: VitestConfigPlan): string {
  const base = JSON.stringify(`${p.packageDir}/vitest.config.ts`);
  return `import base from ${base};
const t = ${p.timeoutMs};
export default {
  ...base,
  root: ${JSON.stringify(p.packageDir)},
  test: {
    ...base.test,
    testTimeout: t,
    hookTimeout: t,
    teardownTimeout: t,
    server: { deps: { external: [/\\/packages\\/[^/]+\\/dist\\//, /\\/node_modules\\//] } },
  },
};
`;
}

// Release check: `npm pack` @tbvnode/tmcc and @tbvnode/tmcc-proxy, install
// both tarballs into an empty temp project (their other dependencies come
// from the registry), and run the installed `tmcc-proxy --help` there. Then an
// operator's Linux install: the CLI, core and only the linux-vserver backend;
// its bundled bins must find that backend's files where it is installed, and
// must refuse the FreeBSD backend they carry a copy of but that is not installed.
// Proves the packages' "files", "bin", "exports" and dependencies stand alone.
// Exit 0 when every step works; 1 with the failing step otherwise.
//   node tools/dist/check-pack.js   (after a build)
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const STEP_TIMEOUT_MS = 300_000;
const PACKAGES = ['packages/tmcc', 'packages/tmcc-proxy'];
const LINUX_INSTALL = ['packages/tmcc', 'packages/tmcc-proxy', 'packages/core', 'packages/cli', 'packages/backend-linux-vserver'];

interface Ran {
  stdout: string;
  stderr: string;
}

// argv only, no shell; resolves with the exit status (and error text) whatever it is.
function runStatus(argv: readonly string[], cwd: string): Promise<Ran & { code: number; error?: string }> {
  const [file, ...args] = argv;
  return new Promise((resolvePromise) => {
    execFile(file ?? '', args, { cwd, timeout: STEP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolvePromise({ stdout, stderr, code, ...(err ? { error: err.message } : {}) });
    });
  });
}

// argv only, no shell; rejects with the command's output on failure.
async function run(argv: readonly string[], cwd: string): Promise<Ran> {
  const r = await runStatus(argv, cwd);
  if (r.error !== undefined) throw new Error(`${argv.join(' ')} (in ${cwd}) failed: ${r.error}\n${r.stdout}${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

function workspaceRoot(): string {
  // tools/dist/check-pack.js -> the repository root
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

async function packInto(root: string, packages: readonly string[], dir: string, log: (line: string) => void): Promise<string[]> {
  const tarballs: string[] = [];
  for (const pkg of packages) {
    if (!existsSync(join(root, pkg, 'dist', 'index.js'))) throw new Error(`${pkg}/dist is missing: build first (npx nx run-many -t build)`);
    const { stdout } = await run(['npm', 'pack', '--json', '--pack-destination', dir], join(root, pkg));
    const info = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const first = info[0];
    if (!first) throw new Error(`npm pack ${pkg}: no tarball reported`);
    const stray = first.files.map((f) => f.path).filter((p) => /^(test|src)\//.test(p) || p.endsWith('.test.js'));
    if (stray.length > 0) throw new Error(`${pkg} tarball carries files it should not: ${stray.join(', ')}`);
    tarballs.push(join(dir, first.filename));
    log(`packed ${first.filename} (${first.files.length} files)`);
  }
  return tarballs;
}

async function emptyProject(dir: string, name: string): Promise<string> {
  const project = join(dir, name);
  await run(['mkdir', project], dir);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: `check-pack-${name}`, version: '0.0.0', private: true, type: 'module' }));
  return project;
}

export async function checkPack(root: string, log: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tbvnode-check-pack-'));
  try {
    const tarballs = await packInto(root, PACKAGES, dir, log);
    const project = await emptyProject(dir, 'proxy');
    await run(['npm', 'install', '--no-audit', '--no-fund', ...tarballs], project);
    log('installed both tarballs into an empty project');
    const help = await run([join(project, 'node_modules', '.bin', 'tmcc-proxy'), '--help'], project);
    if (!help.stdout.includes('Usage: tmcc-proxy')) throw new Error(`tmcc-proxy --help printed no usage:\n${help.stdout}${help.stderr}`);
    log('node_modules/.bin/tmcc-proxy --help works');
    const probe = "const m = await import('@tbvnode/tmcc-proxy'); if (typeof m.createProxy !== 'function') process.exit(1);";
    await run([process.execPath, '--input-type=module', '-e', probe], project);
    log('import("@tbvnode/tmcc-proxy") exports createProxy');
    await checkLinuxInstall(root, dir, log);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkLinuxInstall(root: string, dir: string, log: (line: string) => void): Promise<void> {
  const tarballs = await packInto(root, LINUX_INSTALL, dir, log);
  const project = await emptyProject(dir, 'linux');
  await run(['npm', 'install', '--no-audit', '--no-fund', ...tarballs], project);
  log('installed the CLI with only the linux-vserver backend into an empty project');
  const bin = (name: string): string => join(project, 'node_modules', '.bin', name);
  const help = await run([bin('vnodesetup'), '--help'], project);
  if (!help.stdout.includes('Usage: vnodesetup')) throw new Error(`vnodesetup --help printed no usage:\n${help.stdout}${help.stderr}`);
  log('node_modules/.bin/vnodesetup --help works');
  // vnodesetup -b starts this bin for each vnode's manager: it must be installed too.
  const manager = await run([bin('tbvnode-manager'), '--help'], project);
  if (!manager.stdout.includes('Usage: tbvnode-manager')) throw new Error(`tbvnode-manager --help printed no usage:\n${manager.stdout}${manager.stderr}`);
  log('node_modules/.bin/tbvnode-manager --help works');
  const emptyRoot = join(dir, 'root');
  await run(['mkdir', emptyRoot], dir);
  // Usable or not depends on this machine (root, tools); the scripts check must pass either way.
  const doctor = await runStatus([bin('tbvnode'), 'doctor', '--json', '--backend', 'linux-vserver', '--root', emptyRoot], project);
  const report = JSON.parse(doctor.stdout) as { checks: Array<{ name: string; ok: boolean; detail?: string }> };
  const scripts = report.checks.find((c) => c.name === 'vnode scripts');
  const installed = join(project, 'node_modules', '@tbvnode', 'backend-linux-vserver', 'vnode');
  if (!scripts?.ok || !(scripts.detail ?? '').startsWith(installed)) {
    throw new Error(`tbvnode doctor did not find the installed backend's vnode scripts:\n${doctor.stdout}${doctor.stderr}`);
  }
  log(`tbvnode doctor finds the backend's scripts in ${scripts.detail}`);
  const freebsd = await runStatus([bin('tbvnode'), 'doctor', '--backend', 'freebsd-jail', '--root', emptyRoot], project);
  if (freebsd.code !== 69 || !freebsd.stderr.includes('npm install @tbvnode/backend-freebsd-jail')) {
    throw new Error(`tbvnode doctor --backend freebsd-jail should exit 69 naming the package (got ${freebsd.code}):\n${freebsd.stdout}${freebsd.stderr}`);
  }
  log('a backend that is not installed is refused with exit 69, though the bundle carries a copy');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await checkPack(workspaceRoot(), (line) => process.stdout.write(`check-pack: ${line}\n`));
    process.stdout.write('check-pack: ok\n');
  } catch (err) {
    process.stderr.write(`check-pack: FAILED: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

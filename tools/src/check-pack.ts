// Release check: `npm pack` @tbvnode/tmcc and @tbvnode/tmcc-proxy, install
// both tarballs into an empty temp project (their other dependencies come
// from the registry), and run the installed `tmcc-proxy --help` there.
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

interface Ran {
  stdout: string;
  stderr: string;
}

// argv only, no shell; rejects with the command's output on failure.
function run(argv: readonly string[], cwd: string): Promise<Ran> {
  const [file, ...args] = argv;
  return new Promise((resolvePromise, reject) => {
    execFile(file ?? '', args, { cwd, timeout: STEP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${argv.join(' ')} (in ${cwd}) failed: ${err.message}\n${stdout}${stderr}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}

function workspaceRoot(): string {
  // tools/dist/check-pack.js -> the repository root
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export async function checkPack(root: string, log: (line: string) => void): Promise<void> {
  for (const pkg of PACKAGES) {
    if (!existsSync(join(root, pkg, 'dist', 'index.js'))) throw new Error(`${pkg}/dist is missing: build first (npx nx run-many -t build)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'tbvnode-check-pack-'));
  try {
    const tarballs: string[] = [];
    for (const pkg of PACKAGES) {
      const { stdout } = await run(['npm', 'pack', '--json', '--pack-destination', dir], join(root, pkg));
      const info = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
      const first = info[0];
      if (!first) throw new Error(`npm pack ${pkg}: no tarball reported`);
      const stray = first.files.map((f) => f.path).filter((p) => /^(test|src)\//.test(p) || p.endsWith('.test.js'));
      if (stray.length > 0) throw new Error(`${pkg} tarball carries files it should not: ${stray.join(', ')}`);
      tarballs.push(join(dir, first.filename));
      log(`packed ${first.filename} (${first.files.length} files)`);
    }
    const project = join(dir, 'project');
    await run(['mkdir', project], dir);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'check-pack', version: '0.0.0', private: true, type: 'module' }));
    await run(['npm', 'install', '--no-audit', '--no-fund', ...tarballs], project);
    log('installed both tarballs into an empty project');
    const help = await run([join(project, 'node_modules', '.bin', 'tmcc-proxy'), '--help'], project);
    if (!help.stdout.includes('Usage: tmcc-proxy')) throw new Error(`tmcc-proxy --help printed no usage:\n${help.stdout}${help.stderr}`);
    log('node_modules/.bin/tmcc-proxy --help works');
    const probe = "const m = await import('@tbvnode/tmcc-proxy'); if (typeof m.createProxy !== 'function') process.exit(1);";
    await run([process.execPath, '--input-type=module', '-e', probe], project);
    log('import("@tbvnode/tmcc-proxy") exports createProxy');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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

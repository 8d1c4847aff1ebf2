// What the path-attack tests compare: a host dir's content, and an error's codes.
import * as fsp from 'node:fs/promises';
import path from 'node:path';

/** A host dir's names and file contents, links shown as links. */
export async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fsp.readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, p);
    if (e.isSymbolicLink()) out[rel] = `-> ${await fsp.readlink(p)}`;
    else if (e.isFile()) out[rel] = await fsp.readFile(p, 'utf8');
    else out[rel] = e.isDirectory() ? '<dir>' : '<other>';
  }
  return out;
}

/** Every error code along an error's cause chain. */
export function codesOf(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') out.push(e.code);
  }
  return out;
}

/** A host dir the jail's links point at: files the backend writes or removes in a jail, by the same names. */
export async function makeVictim(dir: string, vnodeId: string): Promise<void> {
  await fsp.mkdir(path.join(dir, `tmcc.${vnodeId}`), { recursive: true });
  for (const [name, text] of Object.entries({ 'rc.conf': 'host rc.conf\n', nodeid: 'host nodeid\n', vrunning: 'host\n', injail: 'host secret\n' })) {
    await fsp.writeFile(path.join(dir, name), text);
  }
  await fsp.writeFile(path.join(dir, `tmcc.${vnodeId}/keep`), 'host cache\n');
}

/** Replace `rel` below a jail root with a link to `to`, as the jail's root can. */
export async function plantLink(rootDir: string, rel: string, to: string): Promise<void> {
  const at = path.join(rootDir, rel);
  await fsp.rm(at, { recursive: true, force: true });
  await fsp.mkdir(path.dirname(at), { recursive: true });
  await fsp.symlink(to, at);
}

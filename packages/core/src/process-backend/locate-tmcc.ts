// Where the `tmcc` command of @tbvnode/tmcc lives, found the way Node resolves a
// package (node_modules dirs upward), because its exports map hides package.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function locateTmccBin(fromUrl: string): string | undefined {
  for (let dir = path.dirname(fileURLToPath(fromUrl)); ; dir = path.dirname(dir)) {
    const pkgJson = path.join(dir, 'node_modules', '@tbvnode', 'tmcc', 'package.json');
    if (existsSync(pkgJson)) {
      const bin = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { bin?: Record<string, string> }).bin?.['tmcc'];
      return bin ? path.join(path.dirname(pkgJson), bin) : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

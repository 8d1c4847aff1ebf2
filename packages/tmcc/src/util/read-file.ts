// Callback fs wrapped in a promise: node:fs is loaded at process start while
// node:fs/promises is not, and tmcc's cold start matters (it runs many times per boot).
import { readFile as readFileCb } from 'node:fs';

export function readFileAsync(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readFileCb(path, (err, data) => (err ? reject(err) : resolve(data)));
  });
}

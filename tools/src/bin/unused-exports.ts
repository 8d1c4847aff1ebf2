// Lists, for each named package (default: core), the exports no other file uses
// and the entries of its index no other package uses.
// `npm run unused-exports -w @tbvnode/tools -- @tbvnode/core @tbvnode/tmcc`
import { fileURLToPath } from 'node:url';
import { exportUses } from '../api/unused-exports.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const names = process.argv.slice(2);
let dead = 0;
for (const pkg of names.length > 0 ? names : ['@tbvnode/core']) {
  const all = exportUses(root, pkg);
  const unused = all.filter((e) => e.inPackage + e.outside === 0);
  const values = unused.filter((e) => e.kind === 'value');
  const internal = all.filter((e) => e.inIndex && e.outside === 0);
  console.log(`${pkg}: ${all.length} exports, ${values.length} values and ${unused.length - values.length} types used by no other file`);
  for (const e of unused) console.log(`  unused ${e.kind.padEnd(5)} ${e.name}  ${e.file}`);
  console.log(`  index: ${all.filter((e) => e.inIndex).length} entries, ${internal.length} used by no other package`);
  for (const e of internal) console.log(`  index-only ${e.kind.padEnd(5)} ${e.name}  ${e.file}`);
  dead += values.length;
}
process.exitCode = dead > 0 ? 1 : 0;

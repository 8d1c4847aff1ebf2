#!/usr/bin/env node
// Stand-in for Emulab's findif (clientside/tmcc/findif.c, a C program tbvnode does
// not replace): `findif [-m] <mac>` prints the interface whose MAC, as 12 hex digits,
// matches (case-insensitively) and exits 0; exit 1 when none does. Reads
// /sys/class/net of the namespace it runs in. Copied into the private root by the test.
import { readdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2).filter((a) => a !== '-m');
const want = (args[0] ?? '').toLowerCase();
for (const name of readdirSync('/sys/class/net')) {
  let mac = '';
  try {
    mac = readFileSync(`/sys/class/net/${name}/address`, 'utf8').trim().replaceAll(':', '').toLowerCase();
  } catch (err) {
    void err; // an interface that vanished meanwhile
  }
  if (mac !== '' && mac === want) {
    process.stdout.write(`${name}\n`);
    process.exit(0);
  }
}
process.exit(1);

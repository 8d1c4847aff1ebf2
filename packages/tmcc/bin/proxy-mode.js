// Emulab's tmcc doubles as the proxy with -x/-X. Here the proxy is its own package
// (@tbvnode/tmcc-proxy, optional), so those flags hand the whole command over to
// it; plain tmcc never loads it. CommonJS like the rest of bin/.
'use strict';

const TAKES_VALUE = new Set(['s', 'p', 'v', 'n', 'k', 'l', 't', 'f', 'o', 'x', 'X']);

// tmcc.bin's explicit mode flag (src/cli/mode.ts BIN_FLAG); the proxy never sees it.
const BIN_FLAG = '--bin';

// True when an option cluster before the first word asks for -x or -X.
function wantsProxy(argv) {
  for (let i = argv[0] === BIN_FLAG ? 1 : 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || !a.startsWith('-') || a === '-') return false;
    for (let j = 1; j < a.length; j++) {
      const flag = a[j];
      if (flag === 'x' || flag === 'X') return true;
      if (TAKES_VALUE.has(flag)) {
        if (j === a.length - 1) i++; // value is the next word
        break;
      }
    }
  }
  return false;
}

function runProxy() {
  if (process.argv[2] === BIN_FLAG) process.argv.splice(2, 1);
  const name = '@tbvnode/tmcc-proxy/bin';
  import(name).catch((err) => {
    if (err && (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND')) {
      process.stderr.write('tmcc: proxy mode (-x/-X) needs @tbvnode/tmcc-proxy: npm install @tbvnode/tmcc-proxy\n');
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`tmcc: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 255;
  });
}

module.exports = { wantsProxy, runProxy };

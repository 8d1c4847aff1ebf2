#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): starts faster than ESM; see load-cached.js.
const proxyMode = require("./proxy-mode.js");
if (proxyMode.wantsProxy(process.argv.slice(2))) proxyMode.runProxy();
else require("./load-cached.js")(require("node:path").join(__dirname, "../dist/bin/tmcc.cjs"));

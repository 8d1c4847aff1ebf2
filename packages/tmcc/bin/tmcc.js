#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): starts faster than ESM; see load-cached.js.
require("./load-cached.js")(require("node:path").join(__dirname, "../dist/bin/tmcc.cjs"));

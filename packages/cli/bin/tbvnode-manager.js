#!/usr/bin/env node
require('./run-bundled.js')('tbvnode-manager');

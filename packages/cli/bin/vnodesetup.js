#!/usr/bin/env node
require('./run-bundled.js')('vnodesetup');

#!/usr/bin/env node
import "../dist/bin/vnodesetup.js";

#!/usr/bin/env node
import "../dist/bin/tbvnode.js";

#!/usr/bin/env node
import "../dist/bin/bootvnodes.js";

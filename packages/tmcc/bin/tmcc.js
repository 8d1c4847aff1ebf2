#!/usr/bin/env node
import "../dist/bin/tmcc.js";

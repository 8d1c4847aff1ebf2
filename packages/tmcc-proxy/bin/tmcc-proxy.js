#!/usr/bin/env node
import "../dist/bin/tmcc-proxy.js";

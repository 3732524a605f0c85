#!/usr/bin/env node
'use strict';
const { main } = require('../out/cli/src/main.js');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // The command is done: an engine request something forgot to close must not keep a terminal or
    // a CI job waiting (the process exits by itself when nothing is left open, as it should).
    setTimeout(() => process.exit(), 5000).unref();
  },
  (err) => {
    process.stderr.write(`podwright: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);

#!/usr/bin/env node
'use strict';
const { main } = require('../out/cli/src/main.js');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`podwright: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);

#!/usr/bin/env node
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

/**
 * `podwright lint` runs from its bundle (dist/lint.js, with a V8 code cache: half the start-up) when
 * `npm run build` made it after the last compile to out/; a bundle older than out/ would be older
 * code, so then (a `tsc` alone since, as `npm test` does) lint runs from out/ like every command.
 */
function lintBundle() {
  try {
    const bundle = statSync(join(__dirname, '..', 'dist', 'lintLoad.js')).mtimeMs;
    let compiled = 0;
    try {
      compiled = statSync(join(__dirname, '..', 'out', 'cli', 'src', 'commands', 'lint.js')).mtimeMs;
    } catch {
      // no out/ (an installed package): the bundle is all there is
    }
    return bundle >= compiled ? join(__dirname, '..', 'dist', 'lintLoad.js') : undefined;
  } catch {
    return undefined; // not bundled
  }
}

const argv = process.argv.slice(2);
const bundle = argv[0] === 'lint' && process.env.PODWRIGHT_NO_BUNDLE !== '1' ? lintBundle() : undefined;
const run = bundle ? () => require(bundle).main(argv.slice(1)) : () => require('../out/cli/src/main.js').main(argv);
run().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`podwright: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);

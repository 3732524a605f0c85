#!/usr/bin/env node
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Every command runs from dist/cli.js, one bundle with a V8 code cache (half the start-up or less),
 * when `npm run build` made it after the last compile to out/. A bundle older than out/ would be
 * older code, so then (a `tsc` alone since, as `npm test` does) the command runs from out/. tsc
 * rewrites every file it emits, so out/cli/src/main.js stands for all of out/.
 * PODWRIGHT_NO_BUNDLE=1 runs from out/ whatever the dates.
 */
function bundle() {
  if (process.env.PODWRIGHT_NO_BUNDLE === '1') return undefined;
  const loader = join(__dirname, '..', 'dist', 'cliLoad.js');
  try {
    const built = statSync(loader).mtimeMs;
    let compiled = 0;
    try {
      compiled = statSync(join(__dirname, '..', 'out', 'cli', 'src', 'main.js')).mtimeMs;
    } catch {
      // no out/ (an installed package): the bundle is all there is
    }
    return built >= compiled ? loader : undefined;
  } catch {
    return undefined; // not bundled
  }
}

const argv = process.argv.slice(2);
const loader = bundle();
const run = loader ? () => require(loader).main(argv) : () => require('../out/cli/src/main.js').main(argv);
run().then(
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

#!/usr/bin/env node
'use strict';
// The Podwright language server for any LSP client: `podwright-language-server --stdio`.
require('../out/server/src/main.js').main();

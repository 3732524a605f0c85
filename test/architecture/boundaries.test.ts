// The boundaries the README promises hold in the code, and the check would catch a breach.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { join } from 'node:path';
import { checkBoundaries, importsOf, productFiles, type SourceFile } from './boundaries';

const ROOT = join(__dirname, '..', '..', '..');

test('the product code keeps every boundary', () => {
  const files = productFiles(ROOT);
  assert.ok(files.length > 100, `found ${files.length} files: is the layout as the check expects?`);
  assert.deepEqual(checkBoundaries(files), []);
});

test('a deliberate violation of each rule is caught, with its file and line', () => {
  const repo = productFiles(ROOT);
  const breach = (path: string, text: string) => checkBoundaries([...repo.filter((f) => f.path !== path), { path, text }]).map((v) => [v.rule, v.file, v.line]);
  assert.deepEqual(breach('analysis/src/extra.ts', "import * as vscode from 'vscode';\n"), [['vscode-only-in-extension', 'analysis/src/extra.ts', 1]]);
  assert.deepEqual(breach('analysis/src/extra.ts', "\nimport type Docker from 'dockerode';\n"), [['docker-only-in-runtime', 'analysis/src/extra.ts', 2]]);
  assert.deepEqual(breach('runtime/src/extra.ts', "import { Connection } from 'vscode-languageserver';\n"), [['lsp-only-in-server', 'runtime/src/extra.ts', 1]]);
  assert.deepEqual(breach('analysis/src/extra.ts', "export { PodRuntime } from '../../runtime/src';\n"), [['analysis-stands-alone', 'analysis/src/extra.ts', 1]]);
  assert.deepEqual(breach('runtime/src/extra.ts', "import { main } from '../../cli/src/main';\n"), [['runtime-uses-only-the-analysis', 'runtime/src/extra.ts', 1]]);
  assert.deepEqual(breach('cli/src/extra.ts', "import { createPod } from '../../runtime/src/create';\n"), [['entry-only', 'cli/src/extra.ts', 1]]);
  assert.deepEqual(breach('server/src/extra.ts', "const x = require('../../analysis/src/yamlModel');\n"), [['entry-only', 'server/src/extra.ts', 1]]);
  assert.deepEqual(breach('cli/src/extra.ts', "import { startServer } from '../../server/src/server';\n"), [['no-way-in', 'cli/src/extra.ts', 1]]);
  assert.deepEqual(breach('client/src/flows/extra.ts', "import { windowPrompts } from '../extension/prompts';\n"), [['no-way-in', 'client/src/flows/extra.ts', 1]]);
  // A value import of the runtime from the code activation loads would put dockerode in the activation bundle.
  const commands = repo.find((f) => f.path === 'client/src/extension/commands.ts');
  assert.ok(commands);
  assert.deepEqual(
    breach(commands.path, `import { PodRuntime } from '../../../runtime/src';\n${commands.text}`).filter(([rule]) => rule === 'activation-stays-small'),
    [['activation-stays-small', 'client/src/extension/commands.ts', 1]],
  );
  // The same import for its types only is fine.
  assert.deepEqual(breach(commands.path, `import type { PodRuntime } from '../../../runtime/src';\n${commands.text}`), []);
});

test('imports are read from every form: import, export from, require, import(), import type', () => {
  const file: SourceFile = {
    path: 'cli/src/x.ts',
    text: [
      "import a from 'dockerode';",
      "import type { B } from './b';",
      "import { type C, type D } from './b';",
      "export { E } from '../../runtime/src';",
      "const f = require('yaml');",
      "const g = import('vscode');",
      "let h: import('ajv').Options;",
    ].join('\n'),
  };
  assert.deepEqual(
    importsOf(file, (p) => p === 'cli/src/b.ts' || p === 'runtime/src/index.ts').map((i) => [i.to, i.typeOnly, i.line]),
    [
      ['dockerode', false, 1],
      ['cli/src/b.ts', true, 2],
      ['cli/src/b.ts', true, 3],
      ['runtime/src/index.ts', false, 4],
      ['yaml', false, 5],
      ['vscode', false, 6],
      ['ajv', true, 7],
    ],
  );
});

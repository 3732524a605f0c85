// The hover on a container's image, command or args shows the process its image will run, from
// the image's real ENTRYPOINT/CMD on the engine, before anything runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';
import { api, open, until } from './helpers';

suite('the process an image will run', () => {
  let a: PodwrightApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    a = await api();
    await a.services.ensureStarted();
    await until('the engine', () => a.services.store.snapshot.kind === 'up', 30_000);
  });

  test('args replace CMD, after the image\'s ENTRYPOINT: the hover on args and on image says so', async function () {
    this.timeout(30_000);
    const document = await open('image-process.yaml');
    const hoverAt = async (needle: string) => {
      const at = document.positionAt(document.getText().indexOf(needle) + 1);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    const onArgs = await until('the process hover', async () => {
      const text = await hoverAt('"from-args"');
      return text.includes('will run') ? text : undefined;
    });
    assert.match(onArgs, /\*\*tool\*\* will run: `echo entrypoint from-args '\$\(MODE\)'`/);
    assert.match(onArgs, /- ENTRYPOINT \["echo", "entrypoint"\] from image `podwright-test\/entrypoint:1`\n- `args` replace the image's CMD \["cmd"\]/);
    assert.match(await hoverAt('podwright-test/entrypoint:1'), /will run: `echo entrypoint from-args/);
  });
});

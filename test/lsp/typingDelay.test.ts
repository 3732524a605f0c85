// The debounce after a change: the whole delay while keystrokes keep coming, half of it after a
// pause; and the default the editor shows is the server's.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { typingDelay } from '../../server/src/scheduler';
import { DEFAULT_DEBOUNCE_MS, DEFAULT_SETTINGS } from '../../server/src/settings';

test('keystrokes that keep coming wait the whole delay; an edit after a pause waits half of it', () => {
  assert.equal(typingDelay(40, 80), 80, 'a keystroke 40 ms after the last one: typing');
  assert.equal(typingDelay(80, 80), 80, 'exactly the delay after the last one: still typing');
  assert.equal(typingDelay(81, 80), 40, 'longer than the delay: a pause, so half');
  assert.equal(typingDelay(undefined, 80), 40, 'the first change of a document');
  assert.equal(typingDelay(5, 0), 0, 'no debounce at all stays none');
  assert.equal(typingDelay(10_000, 1000), 500);
});

test('the default debounce checks a word within 100 ms of its last keystroke, and is what the editor shows', () => {
  // 100 ms felt latency on the 50-pod file of `npm run bench lsp`, re-analysed in about 9 ms.
  assert.equal(DEFAULT_SETTINGS.debounceMs, DEFAULT_DEBOUNCE_MS);
  assert.ok(typingDelay(DEFAULT_DEBOUNCE_MS, DEFAULT_DEBOUNCE_MS) + 9 < 100, `${DEFAULT_DEBOUNCE_MS} ms`);
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  assert.equal(pkg.contributes.configuration.properties['podwright.diagnostics.debounceMs'].default, DEFAULT_DEBOUNCE_MS);
});

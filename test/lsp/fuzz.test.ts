// Fuzz test of the language server: see fuzzRun.ts for what is generated and how it is split
// between the real server process (2,500 documents, the pathological ones and a 10 MB file) and
// in-process calls of the same request functions (7,500 documents).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runFuzz } from './fuzzRun';

test('10,000 generated and mutated documents: every request answered, the server stays up', async () => {
  const report = await runFuzz();
  assert.ok(report.server + report.local >= 10_000, `${report.server} + ${report.local} documents`);
  // Exceptions the analysis threw and the server caught (never shown to the client as errors) are
  // listed so that they get fixed where they belong, not hidden.
  console.log(
    `fuzz: ${report.server} documents through the server, ${report.local} in-process, ${report.seconds.toFixed(0)} s` +
      (report.caught.length ? `; caught analysis failures:\n  ${report.caught.slice(0, 10).join('\n  ')}` : ''),
  );
});

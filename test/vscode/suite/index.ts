// Entry of the extension-host suite: VS Code calls `run()` inside the (remote) extension host when it
// is opened with `extensionTestsPath`; the outcome reaches the harness as the exit code given to
// `codeAutomationExit`. The extension host's console is not the harness's, so the spec reporter's
// lines also go to a file the harness prints (PODWRIGHT_VSCODE_REPORT).
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const lines: string[] = [];
  const report = process.env.PODWRIGHT_VSCODE_REPORT ?? join(__dirname, 'report.txt');
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    lines.push(format(...args));
    original(...args);
  };
  // Tests add measurements to the same file (helpers.note) while the suite runs.
  writeFileSync(report, '');
  const grep = process.env.PODWRIGHT_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  // The harness runs the suite twice: in a trusted workspace (everything but untrusted.test) and in
  // an untrusted one (only untrusted.test).
  const untrusted = process.env.PODWRIGHT_VSCODE_UNTRUSTED === '1';
  // PODWRIGHT_VSCODE_FILES=pods,snippets runs only those suites (each must pass on its own).
  const only = process.env.PODWRIGHT_VSCODE_FILES?.split(',').filter(Boolean);
  const files = readdirSync(__dirname).filter(
    (n) => n.endsWith('.test.js') && (n === 'untrusted.test.js') === untrusted && (!only || only.includes(n.replace(/\.test\.js$/, ''))),
  );
  for (const f of files.sort()) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        base.consoleLog = original;
        appendFileSync(report, lines.join('\n') + '\n');
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (e) {
      appendFileSync(report, `${lines.join('\n')}\n${(e as Error).stack}\n`);
      reject(e);
    }
  });
}

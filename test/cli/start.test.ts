// `npm start` serves VS Code to a person for hours: the page asks for a password printed with the URL
// (anything on this machine can reach 127.0.0.1), and workspace trust stays on.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

test('npm start prints a URL and a password; the page wants the password; trust is not switched off', { timeout: 180_000 }, async (t) => {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, detached: true });
  t.after(() => {
    try {
      process.kill(-(child.pid as number), 'SIGINT');
    } catch {
      // already gone
    }
  });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (/password: \S+/.test(out)) resolve();
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
  });
  await ready;
  const url = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out)?.[1];
  const password = /password: (\S+)/.exec(out)?.[1];
  assert.ok(url && password, out);
  assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), url);
  // Without the password: the login page, not the workbench.
  const anonymous = await fetch(url, { redirect: 'manual' });
  assert.equal(anonymous.status, 302);
  assert.match(anonymous.headers.get('location') ?? '', /login/);
  const wrong = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', body: new URLSearchParams({ password: 'guess' }), redirect: 'manual' });
  assert.notEqual(wrong.status, 302, 'a wrong password does not log in');
  const right = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', body: new URLSearchParams({ password }), redirect: 'manual' });
  assert.equal(right.status, 302);
  assert.match(right.headers.get('set-cookie') ?? '', /code-server-session=/);
  // The server's command line: password auth, trust on, and the password itself not in it (ps shows it to everyone).
  const cmdlines = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
    } catch {
      return [];
    }
  });
  const server = cmdlines.find((c) => c.includes(`127.0.0.1:${port}`) && c.includes('--bind-addr'));
  assert.ok(server, 'the code-server process');
  assert.deepEqual([server.includes('password'), server.includes('--disable-workspace-trust'), server.includes(password)], [true, false, false]);
});

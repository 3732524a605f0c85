// What `podwright cp` writes from an archive out of a container: the copy lands at DEST, and an entry
// that would land anywhere else (`..`, an absolute name), a link, or a device is left out and named.
// The archives are made here as a hostile container's could be: the engine's own are well formed.
import { strict as assert } from 'node:assert';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { pack, type Headers } from 'tar-stream';
import { extractCopy } from '../../runtime/src/copy';

function archive(entries: (Headers & { body?: string })[]): Readable {
  const p = pack();
  for (const { body, ...h } of entries) p.entry(h, body ?? '');
  p.finalize();
  return p as unknown as Readable;
}

test('the copy lands at DEST; escapes, links and devices are left out and named; setuid bits dropped', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-cp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dest = join(dir, 'copy');
  const skipped: string[] = [];
  const written = await extractCopy(
    archive([
      { name: 'site', type: 'directory', mode: 0o755 },
      { name: 'site/index.html', body: 'hello', mode: 0o4755 },
      { name: 'site/sub/a.txt', body: 'a' },
      { name: 'site/../../escape.txt', body: 'x' },
      { name: '/etc/abs.txt', body: 'x' },
      { name: 'site/sub/../../../up.txt', body: 'x' },
      { name: 'site/link', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'site/hard', type: 'link', linkname: 'site/index.html' },
      { name: 'site/null', type: 'character-device', devmajor: 1, devminor: 3 },
      { name: 'site/after.txt', body: 'still copied' },
    ]),
    dest,
    (entry, why) => skipped.push(`${entry}: ${why}`),
  );
  assert.equal(written, 3);
  assert.equal(readFileSync(join(dest, 'index.html'), 'utf8'), 'hello');
  assert.equal(lstatSync(join(dest, 'index.html')).mode & 0o7777, 0o755);
  assert.equal(readFileSync(join(dest, 'sub', 'a.txt'), 'utf8'), 'a');
  assert.equal(readFileSync(join(dest, 'after.txt'), 'utf8'), 'still copied');
  for (const f of [join(dir, 'escape.txt'), join(dest, 'etc', 'abs.txt'), join(dest, 'abs.txt'), join(dir, 'up.txt'), join(dest, 'link'), join(dest, 'hard'), join(dest, 'null')]) assert.equal(existsSync(f), false, f);
  assert.deepEqual(skipped, [
    'site/../../escape.txt: outside the destination',
    '/etc/abs.txt: outside the destination',
    'site/sub/../../../up.txt: outside the destination',
    'site/link: a link (to /etc/passwd), not copied',
    'site/hard: a link (to site/index.html), not copied',
    'site/null: a character-device, not copied',
  ]);
});

test('a file is written as itself, never through a link already at its place', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-cp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'untouched');
  symlinkSync(victim, join(dir, 'conf'));
  // A single file copied to a DEST that is a symlink: refused (ELOOP), the link's target untouched.
  await assert.rejects(extractCopy(archive([{ name: 'nginx.conf', body: 'evil' }]), join(dir, 'conf'), () => undefined), /ELOOP|symbolic link/);
  assert.equal(readFileSync(victim, 'utf8'), 'untouched');
  // A plain file: its content at DEST.
  await extractCopy(archive([{ name: 'nginx.conf', body: 'server {}' }]), join(dir, 'nginx.conf'), () => undefined);
  assert.equal(readFileSync(join(dir, 'nginx.conf'), 'utf8'), 'server {}');
});

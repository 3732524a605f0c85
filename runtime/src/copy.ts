// `podwright cp`: files between this machine and a pod's container, through the engine's archive API
// (no `tar` needed in the image, as kubectl cp needs, and a stopped container's files can be read:
// what a crashed app wrote). kubectl's semantics: DEST names the copy, a file or a folder holding the
// source folder's contents.
//
// What comes out of a container is someone else's data. kubectl cp had four CVEs for archive entries
// that wrote outside the destination (CVE-2018-1002100, CVE-2019-1002101, CVE-2019-11246,
// CVE-2019-11249): here every entry must resolve inside DEST, links are never made (a link could aim
// a later entry, or the person, anywhere), special files are skipped, and modes lose setuid, setgid
// and sticky bits. Each entry left out is reported.
import type Docker from 'dockerode';
import { constants, createReadStream, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, writeSync, closeSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, posix, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { statusOf } from './engine';

/** Loaded by `cp` alone: every pod command loads the runtime, and pays for what it loads at start. */
function tarStream(): typeof import('tar-stream') {
  return require('tar-stream') as typeof import('tar-stream');
}

/** Extracts `archive` (its first path component being the copied file or folder) so that the copy is `dest`. */
export function extractCopy(archive: Readable, dest: string, onSkip: (entry: string, why: string) => void): Promise<number> {
  const root = resolve(dest);
  let written = 0;
  return new Promise((done, fail) => {
    const ex = tarStream().extract();
    ex.on('entry', (header, stream, next) => {
      const finish = (e?: unknown) => (e ? ex.destroy(e as Error) : next());
      const skip = (why: string) => {
        onSkip(header.name, why);
        stream.on('end', () => finish());
        stream.resume();
      };
      // The archive's first component is the source's own name: the copy takes DEST's instead.
      const name = posix.normalize(header.name.replace(/\/+$/, ''));
      const rest = name.split('/').slice(1).join('/');
      const target = rest ? resolve(root, rest) : root;
      if (isAbsolute(header.name) || name.startsWith('..') || name.split('/').includes('..') || (target !== root && !target.startsWith(root + sep))) return skip('outside the destination');
      if (header.type === 'symlink' || header.type === 'link') return skip(`a link (to ${header.linkname ?? '?'}), not copied`);
      const mode = (header.mode ?? 0o644) & 0o777;
      try {
        if (header.type === 'directory') {
          mkdirSync(target, { recursive: true, mode: mode | 0o700 });
          stream.on('end', () => finish());
          stream.resume();
          return;
        }
        if (header.type !== 'file' && header.type !== 'contiguous-file') return skip(`a ${header.type}, not copied`);
        mkdirSync(dirname(target), { recursive: true });
        // Never through a link already there: the file is made, or truncated, only as itself.
        const fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode);
        stream.on('data', (chunk: Buffer) => {
          for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
        });
        stream.on('end', () => {
          closeSync(fd);
          written++;
          finish();
        });
        stream.on('error', (e) => {
          closeSync(fd);
          finish(e);
        });
      } catch (e) {
        finish(e);
      }
    });
    ex.on('finish', () => done(written));
    ex.on('error', fail);
    archive.on('error', fail);
    archive.pipe(ex);
  });
}

/** An archive of the local file or folder `src`, its entries named under `name` (the copy's name in the container). */
export function archiveOf(src: string, name: string): Readable {
  const p = tarStream().pack();
  const add = (path: string, entry: string, st: Stats): Promise<void> =>
    new Promise((ok, fail) => {
      const header = { name: entry, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
      if (st.isSymbolicLink()) p.entry({ ...header, type: 'symlink', linkname: readlinkSync(path) }, (e) => (e ? fail(e) : ok()));
      else if (st.isDirectory()) p.entry({ ...header, type: 'directory' }, (e) => (e ? fail(e) : ok()));
      else if (st.isFile()) {
        const sink = p.entry({ ...header, type: 'file', size: st.size }, (e) => (e ? fail(e) : ok()));
        createReadStream(path).on('error', fail).pipe(sink);
      } else ok(); // sockets, fifos, devices: nothing to copy
    });
  const walk = async (path: string, entry: string): Promise<void> => {
    const st = lstatSync(path);
    await add(path, entry, st);
    if (st.isDirectory()) for (const child of readdirSync(path).sort()) await walk(join(path, child), `${entry}/${child}`);
  };
  walk(src, name).then(
    () => p.finalize(),
    (e: unknown) => p.destroy(e as Error),
  );
  return p;
}

/** The files of one container of a pod (its engine name). */
export class ContainerFiles {
  constructor(
    private readonly docker: Docker,
    private readonly container: string,
    /** The runtime's wording of engine failures (an engine that is down, say). */
    private readonly wrap: (e: unknown) => unknown = (e) => e,
  ) {}

  /** Copies `path` in the container to `dest` here; the entries left out go to `onSkip`. Resolves with the files written. */
  async copyOut(path: string, dest: string, onSkip: (entry: string, why: string) => void): Promise<number> {
    let archive: Readable;
    try {
      archive = (await this.docker.getContainer(this.container).getArchive({ path })) as unknown as Readable;
    } catch (e) {
      throw statusOf(e) === 404 ? new NoSuchPath(`${path}: no such file or folder in the container`) : this.wrap(e);
    }
    return extractCopy(archive, dest, onSkip);
  }

  /** Copies the local `src` so that the copy is `dest` in the container (whose folder must exist). */
  async copyIn(src: string, dest: string): Promise<void> {
    try {
      lstatSync(src); // a missing source is said before the engine is asked
    } catch {
      throw new NoSuchPath(`${src}: no such file or folder`);
    }
    const folder = posix.dirname(dest);
    try {
      await this.docker.getContainer(this.container).putArchive(archiveOf(src, posix.basename(dest)) as unknown as NodeJS.ReadableStream, { path: folder });
    } catch (e) {
      throw statusOf(e) === 404 ? new NoSuchPath(`${folder}: no such folder in the container`) : this.wrap(e);
    }
  }
}

/** A path a copy names that is not there: in the container (for a copy in, its folder), or here. */
export class NoSuchPath extends Error {}


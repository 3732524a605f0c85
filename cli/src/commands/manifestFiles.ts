// The files `-f PATH` names, as kubectl reads them: a file, a folder's .yaml/.yml/.json files in
// name order (with -R, those of its sub-folders too), or `-` for standard input.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CliIO } from '../io';

export interface ManifestFile {
  text: string;
  /** As the user wrote it (or relative to the folder they named): for messages. */
  path: string;
  /** Recorded on what is created, so the editor finds the manifest from anywhere. */
  absolute: string;
}

const MANIFEST = /\.(ya?ml|json)$/i;

function folderFiles(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...folderFiles(full, true));
    } else if (MANIFEST.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

export async function readManifests(paths: readonly string[], recursive: boolean, io: CliIO): Promise<{ files: ManifestFile[] } | { error: string }> {
  const files: ManifestFile[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push({ text: await io.readStdin(), path: '<stdin>', absolute: '' });
      continue;
    }
    const absolute = resolve(io.cwd, path);
    try {
      if (statSync(absolute).isDirectory()) {
        const found = folderFiles(absolute, recursive);
        if (!found.length) return { error: `no .yaml, .yml or .json file in ${path}${recursive ? '' : ' (-R reads the folders inside it)'}` };
        for (const f of found) files.push({ text: readFileSync(f, 'utf8'), path: join(path, relative(absolute, f)), absolute: f });
      } else {
        files.push({ text: readFileSync(absolute, 'utf8'), path, absolute });
      }
    } catch (e) {
      return { error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
  }
  return { files };
}

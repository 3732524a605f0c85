import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: { root: string; version: string } | undefined;

/**
 * The installed package's root folder and version. Found by walking up from this file, because the
 * code runs from out/ after tsc, from dist/ when bundled, and from an extension folder when installed.
 */
export function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'podwright') return (cached = { root: dir, version: pkg.version ?? '0.0.0' });
      } catch {
        // an unreadable manifest is not ours; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (cached = { root: join(__dirname, '..', '..'), version: '0.0.0' });
}

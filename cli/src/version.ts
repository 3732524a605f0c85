// `podwright --version`: the version in the package's manifest, found as the analysis' packageInfo
// finds it (walking up from this file: out/cli/src after tsc, dist/ when bundled). Not through the
// analysis' index: that loads every rule, 163 modules and about 80 ms from out/ and 20 ms in the
// bundle, to print one string.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function cliVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'podwright') return pkg.version ?? '0.0.0';
      } catch {
        // an unreadable manifest is not ours; keep walking up
      }
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}

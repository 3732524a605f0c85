// Links from a diagnostic to its rule's page. By default the page shipped in the installed package
// (docs/rules/<id>.md), found by walking up from this file: the same code runs from out/ (tsc) and
// from a bundle, at different depths.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let installedBase: string | undefined;

function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'podwright') return dir;
      } catch {
        // an unreadable manifest is not ours; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(__dirname, '..', '..', '..', '..');
}

/** `file:///…/docs/rules/` of the installed package. */
export function installedDocsBase(): string {
  installedBase ??= pathToFileURL(join(packageRoot(), 'docs', 'rules') + '/').href;
  return installedBase;
}

/** The page of a rule: `<base><rule>.md`, with the configured base or the installed docs. */
export function ruleUrl(rule: string, configuredBase: string): string {
  let base = configuredBase.trim() || installedDocsBase();
  if (!base.endsWith('/')) base += '/';
  return `${base}${encodeURIComponent(rule)}.md`;
}

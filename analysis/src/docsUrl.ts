// Links from a problem to its rule's page: the configured base, or the docs/rules/<id>.md pages
// shipped in the installed package. Used by the language server and the command line.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageInfo } from './packageRoot';

let installedBase: string | undefined;

/** `file:///…/docs/rules/` of the installed package. */
export function installedDocsBase(): string {
  installedBase ??= pathToFileURL(join(packageInfo().root, 'docs', 'rules') + '/').href;
  return installedBase;
}

/** The page of a rule: `<base><rule>.md`, with the configured base or the installed docs. */
export function ruleUrl(rule: string, configuredBase: string): string {
  let base = configuredBase.trim() || installedDocsBase();
  if (!base.endsWith('/')) base += '/';
  return `${base}${encodeURIComponent(rule)}.md`;
}

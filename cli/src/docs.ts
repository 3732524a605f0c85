import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageInfo } from '../../server/src/packageRoot';

/** The rule's page in the installed package (docs/rules/<id>.md); `''` gives the rules folder. */
export function docsUrl(rule: string): string {
  const dir = join(packageInfo().root, 'docs', 'rules');
  return pathToFileURL(rule ? join(dir, `${rule}.md`) : dir + '/').href;
}

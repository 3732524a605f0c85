// Rewrites the rule table in README.md (between the rules:start/end markers) from the rule registry,
// so that the list can never drift from the code. Run after a build: `node scripts/readmeRules.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { ALL_RULES } = require(`${root}out/analysis/src/index.js`);

const CATEGORY = {
  yaml: 'YAML',
  schema: 'Schema (strict)',
  api: 'Rejected or warned about by the API server',
  lint: 'Accepted, but not what you meant',
  practice: 'Good practice (switchable)',
};
const rows = ['| rule | category | default | what it finds |', '|---|---|---|---|'];
for (const r of ALL_RULES) {
  rows.push(`| [${r.id}](docs/rules/${r.id}.md) | ${CATEGORY[r.category] ?? r.category} | ${r.defaultSeverity} | ${r.description.replace(/\|/g, '\\|')} |`);
}
const readme = readFileSync(`${root}README.md`, 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const a = readme.indexOf(start);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no rules:start/rules:end markers');
writeFileSync(`${root}README.md`, readme.slice(0, a + start.length) + '\n' + rows.join('\n') + '\n' + readme.slice(b));
console.log(`README.md: ${ALL_RULES.length} rules listed`);

// The runtime's table of pod spec fields covers every field of every shipped schema: a field that a
// new Kubernetes version adds is classified (honoured, meaningless on one node, or refused) before a
// manifest can use it, never dropped unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINER_FIELDS, CONTAINER_SECURITY_FIELDS, POD_SECURITY_FIELDS, POD_SPEC_FIELDS } from '../../runtime/src/fields';
import { ROOT } from './helpers';

const TABLES: [definition: string, table: Record<string, unknown>][] = [
  ['io.k8s.api.core.v1.PodSpec', POD_SPEC_FIELDS],
  ['io.k8s.api.core.v1.Container', CONTAINER_FIELDS],
  ['io.k8s.api.core.v1.EphemeralContainer', CONTAINER_FIELDS],
  ['io.k8s.api.core.v1.PodSecurityContext', POD_SECURITY_FIELDS],
  ['io.k8s.api.core.v1.SecurityContext', CONTAINER_SECURITY_FIELDS],
];

for (const version of ['1.31', '1.33', '1.35']) {
  test(`every pod, container and security-context field of the ${version} schema is classified`, () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', `kubernetes-${version}.json`), 'utf8')) as { definitions: Record<string, { properties: Record<string, unknown> }> };
    for (const [definition, table] of TABLES) {
      const fields = Object.keys(schema.definitions[definition].properties);
      assert.deepEqual(fields.filter((f) => !(f in table)), [], `${definition} in ${version}`);
    }
  });
}

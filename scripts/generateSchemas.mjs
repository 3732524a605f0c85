// Generates the shipped JSON schemas (schemas/kubernetes-<v>.json), their ahead-of-time compiled
// ajv validators (schemas/validators-<v>.js) and the shapes of their field paths
// (schemas/fieldPaths-<v>.json) from the Kubernetes OpenAPI v3 documents.
//
//   npm run schemas [-- --openapi DIR] [-- --versions 1.35,1.33,1.31] [-- --out DIR]
//   PODWRIGHT_OPENAPI=DIR npm run schemas
//
// DIR defaults to third_party/kubernetes-openapi (copied in, see its README and NOTICE) and holds
// <version>/api/v1.json and, for 1.35, <version>/apis/{apps,batch}/v1.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { transformSync } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
function option(name) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const openapiDir = resolve(root, option('openapi') ?? positional[0] ?? process.env.PODWRIGHT_OPENAPI ?? 'third_party/kubernetes-openapi');
const versions = (option('versions') ?? '1.35,1.33,1.31').split(',');
const outDir = resolve(root, option('out') ?? 'schemas');
/** The version whose apps/v1 and batch/v1 documents stand in for versions that lack them. */
const WRAPPER_VERSION = '1.35';

// The Kubernetes quantity grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go, suffix.go):
// a signed decimal number, then a binary suffix (Ki…Ei), a decimal suffix (n u m k M G T P E) or
// an exponent (e/E and a signed integer). UnmarshalJSON trims surrounding white space first.
export const QUANTITY_PATTERN =
  '^\\s*[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?\\s*$';
// encoding/json decodes []byte as standard base64 and skips \r and \n (Go's base64 decoder does).
const BASE64_PATTERN = '^[A-Za-z0-9+/\\r\\n]*(?:=[\\r\\n]*){0,2}$';
const INT32 = { minimum: -2147483648, maximum: 2147483647 };

// Enumerations the API server enforces. The published documents carry no `enum` (their descriptions
// lost the "Possible enum values" lists), so the values come from the constants in
// k8s.io/api/{core,apps,batch}/v1/types.go and the checks in pkg/apis/core/validation/validation.go
// (validateRestartPolicy, validateDNSPolicy, validatePullPolicy, validateContainerPorts …),
// pkg/apis/apps/validation and pkg/apis/batch/validation. `empty: true` marks fields where an empty
// string is accepted because defaulting (pkg/apis/core/v1/defaults.go …) replaces it.
const PROTOCOLS = { values: ['TCP', 'UDP', 'SCTP'], empty: true };
const ENUMS = {
  'io.k8s.api.core.v1.PodSpec': {
    restartPolicy: { values: ['Always', 'OnFailure', 'Never'], empty: true },
    dnsPolicy: { values: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], empty: true },
    preemptionPolicy: { values: ['Never', 'PreemptLowerPriority'] },
  },
  'io.k8s.api.core.v1.PodOS': { name: { values: ['linux', 'windows'] } },
  'io.k8s.api.core.v1.Container': {
    imagePullPolicy: { values: ['Always', 'Never', 'IfNotPresent'], empty: true },
    terminationMessagePolicy: { values: ['File', 'FallbackToLogsOnError'], empty: true },
    // validateInitContainerRestartPolicy: only Always (a native sidecar), until KEP-5307 (container
    // restart rules, beta and on by default in 1.35, the version that adds `restartPolicyRules`)
    // allows OnFailure and Never too. See `containerRestartPolicy` below.
    restartPolicy: { values: ['Always'] },
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    imagePullPolicy: { values: ['Always', 'Never', 'IfNotPresent'], empty: true },
    terminationMessagePolicy: { values: ['File', 'FallbackToLogsOnError'], empty: true },
  },
  'io.k8s.api.core.v1.ContainerPort': { protocol: PROTOCOLS },
  'io.k8s.api.core.v1.ServicePort': { protocol: PROTOCOLS },
  'io.k8s.api.core.v1.EndpointPort': { protocol: PROTOCOLS },
  'io.k8s.api.core.v1.ContainerResizePolicy': { restartPolicy: { values: ['NotRequired', 'RestartContainer'] } },
  'io.k8s.api.core.v1.SeccompProfile': { type: { values: ['RuntimeDefault', 'Unconfined', 'Localhost'] } },
  'io.k8s.api.core.v1.AppArmorProfile': { type: { values: ['RuntimeDefault', 'Unconfined', 'Localhost'] } },
  'io.k8s.api.core.v1.SecurityContext': { procMount: { values: ['Default', 'Unmasked'] } },
  'io.k8s.api.core.v1.VolumeMount': {
    mountPropagation: { values: ['None', 'HostToContainer', 'Bidirectional'] },
    recursiveReadOnly: { values: ['Disabled', 'IfPossible', 'Enabled'] },
  },
  'io.k8s.api.core.v1.HTTPGetAction': { scheme: { values: ['HTTP', 'HTTPS'], empty: true } },
  'io.k8s.api.core.v1.Toleration': { effect: { values: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], empty: true } },
  'io.k8s.api.core.v1.NodeSelectorRequirement': {
    operator: { values: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': {
    operator: { values: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    whenUnsatisfiable: { values: ['DoNotSchedule', 'ScheduleAnyway'] },
    nodeAffinityPolicy: { values: ['Honor', 'Ignore'] },
    nodeTaintsPolicy: { values: ['Honor', 'Ignore'] },
  },
  'io.k8s.api.core.v1.HostPathVolumeSource': {
    type: {
      values: ['DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'],
      empty: true,
    },
  },
  'io.k8s.api.core.v1.PodSecurityContext': {
    fsGroupChangePolicy: { values: ['OnRootMismatch', 'Always'] },
    seLinuxChangePolicy: { values: ['MountOption', 'Recursive'] },
    supplementalGroupsPolicy: { values: ['Merge', 'Strict'] },
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: { values: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], empty: true },
    sessionAffinity: { values: ['None', 'ClientIP'], empty: true },
    externalTrafficPolicy: { values: ['Cluster', 'Local'], empty: true },
    internalTrafficPolicy: { values: ['Cluster', 'Local'] },
    ipFamilyPolicy: { values: ['SingleStack', 'PreferDualStack', 'RequireDualStack'] },
    ipFamilies: { values: ['IPv4', 'IPv6'] },
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': {
    accessModes: { values: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] },
    volumeMode: { values: ['Block', 'Filesystem'] },
  },
  'io.k8s.api.core.v1.PersistentVolumeSpec': {
    accessModes: { values: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] },
    volumeMode: { values: ['Block', 'Filesystem'] },
    persistentVolumeReclaimPolicy: { values: ['Retain', 'Delete', 'Recycle'], empty: true },
  },
  // RestartAllContainers: KEP-5532, new in 1.35 (the documentation's restart-all-containers.yaml uses it).
  'io.k8s.api.core.v1.ContainerRestartRule': { action: { values: ['Restart', 'RestartAllContainers'] } },
  'io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes': { operator: { values: ['In', 'NotIn'] } },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: { values: ['Recreate', 'RollingUpdate'], empty: true } },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: { values: ['OrderedReady', 'Parallel'], empty: true } },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: { values: ['RollingUpdate', 'OnDelete'], empty: true } },
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': { type: { values: ['RollingUpdate', 'OnDelete'], empty: true } },
  'io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': {
    whenDeleted: { values: ['Retain', 'Delete'], empty: true },
    whenScaled: { values: ['Retain', 'Delete'], empty: true },
  },
  'io.k8s.api.batch.v1.JobSpec': {
    completionMode: { values: ['NonIndexed', 'Indexed'], empty: true },
    podReplacementPolicy: { values: ['TerminatingOrFailed', 'Failed'] },
  },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { action: { values: ['FailJob', 'FailIndex', 'Ignore', 'Count'] } },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { operator: { values: ['In', 'NotIn'] } },
  'io.k8s.api.batch.v1.CronJobSpec': { concurrencyPolicy: { values: ['Allow', 'Forbid', 'Replace'], empty: true } },
};

/** Definitions that become kinds: the API types of core/v1, apps/v1 and batch/v1. */
const KIND_GROUPS = { 'io.k8s.api.core.v1.': '', 'io.k8s.api.apps.v1.': 'apps', 'io.k8s.api.batch.v1.': 'batch' };

function readDoc(path) {
  return JSON.parse(readFileSync(path, 'utf8')).components.schemas;
}

function loadDefinitions(version) {
  const corePath = join(openapiDir, version, 'api', 'v1.json');
  if (!existsSync(corePath)) throw new Error(`missing ${corePath}`);
  const core = readDoc(corePath);
  const defs = { ...core };
  const borrowed = [];
  for (const group of ['apps', 'batch']) {
    let path = join(openapiDir, version, 'apis', group, 'v1.json');
    if (!existsSync(path)) {
      path = join(openapiDir, WRAPPER_VERSION, 'apis', group, 'v1.json');
      borrowed.push(group);
    }
    const doc = readDoc(path);
    for (const [name, def] of Object.entries(doc)) {
      // The group's own types come from its document; shared core and meta types stay this version's.
      if (name.startsWith(`io.k8s.api.${group}.v1.`) || !(name in defs)) defs[name] = def;
    }
  }
  return { defs, borrowed };
}

function refName(ref) {
  return ref.replace(/^#\/components\/schemas\//, '');
}

/** Converts one OpenAPI schema node into a strict JSON Schema (draft-07) node. */
function convert(node, enumSpec) {
  if (!node || typeof node !== 'object') return node;
  // `allOf: [{$ref}]` only carries a description and a default next to a reference.
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && node.allOf[0].$ref) {
    const out = { $ref: `#/definitions/${refName(node.allOf[0].$ref)}` };
    if (node.description) out.description = node.description;
    return out;
  }
  if (node.$ref) {
    const out = { $ref: `#/definitions/${refName(node.$ref)}` };
    if (node.description) out.description = node.description;
    return out;
  }
  const out = {};
  if (node.description) out.description = node.description;
  if (node['x-kubernetes-int-or-string']) {
    out.type = ['integer', 'string'];
    return out;
  }
  if (node.type) out.type = node.type;
  if (node.format === 'int32') Object.assign(out, INT32);
  if (node.format === 'byte') out.pattern = BASE64_PATTERN;
  if (node.type === 'array' && node.items) out.items = convert(node.items, enumSpec);
  if (enumSpec && node.type === 'string') {
    out.enum = enumSpec.empty ? [...enumSpec.values, ''] : [...enumSpec.values];
  }
  if (node.properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(node.properties)) out.properties[k] = convert(v, undefined);
    const required = (node.required ?? []).filter((r) => r in node.properties);
    if (required.length) out.required = required;
  }
  if (node.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof node.additionalProperties === 'object' ? convert(node.additionalProperties, undefined) : node.additionalProperties;
  } else if (node.properties && !node['x-kubernetes-preserve-unknown-fields']) {
    // Strict decoding (kubectl --validate=strict, the default) rejects fields the type does not declare.
    out.additionalProperties = false;
  }
  return out;
}

function convertDefinition(name, def, version, containerRestartValues) {
  if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') {
    // A string in the quantity grammar, or a JSON number (Quantity.UnmarshalJSON accepts both).
    return { description: def.description, type: ['string', 'number'], pattern: QUANTITY_PATTERN };
  }
  if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') {
    return { description: def.description, type: ['integer', 'string'] };
  }
  const out = convert(def, undefined);
  const enums = ENUMS[name];
  if (enums && out.properties) {
    for (const [prop, spec] of Object.entries(enums)) {
      const source = def.properties?.[prop];
      if (!source) continue;
      const values = name === 'io.k8s.api.core.v1.Container' && prop === 'restartPolicy' ? { values: containerRestartValues } : spec;
      out.properties[prop] = convert(source, values);
    }
  }
  return out;
}

function collectRefs(node, into) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectRefs(n, into);
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') into.push(v.replace(/^#\/definitions\//, ''));
    else if (k !== 'description' && k !== 'enum') collectRefs(v, into);
  }
}

function build(version) {
  const { defs, borrowed } = loadDefinitions(version);
  const kinds = {};
  for (const [name, def] of Object.entries(defs)) {
    const prefix = Object.keys(KIND_GROUPS).find((p) => name.startsWith(p));
    if (!prefix) continue;
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      if (gvk.group !== KIND_GROUPS[prefix] || gvk.version !== 'v1') continue;
      kinds[`${gvk.group ? `${gvk.group}/` : ''}v1/${gvk.kind}`] = name;
    }
  }
  // KEP-5307 container restart rules: the version that has `restartPolicyRules` accepts all three.
  const hasRules = !!defs['io.k8s.api.core.v1.Container']?.properties?.restartPolicyRules;
  const containerRestartValues = hasRules ? ['Always', 'OnFailure', 'Never'] : ['Always'];
  const definitions = {};
  const queue = Object.values(kinds);
  while (queue.length) {
    const name = queue.shift();
    if (name in definitions) continue;
    const def = defs[name];
    if (!def) throw new Error(`${version}: unresolved reference ${name}`);
    definitions[name] = convertDefinition(name, def, version, containerRestartValues);
    const refs = [];
    collectRefs(definitions[name], refs);
    queue.push(...refs);
  }
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  const sortedKinds = Object.fromEntries(Object.keys(kinds).sort().map((k) => [k, kinds[k]]));
  return {
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `kubernetes-${version}`,
      $comment: `Generated by scripts/generateSchemas.mjs from the Kubernetes ${version} OpenAPI v3 documents (Apache-2.0, the Kubernetes Authors). Do not edit.`,
      'x-kinds': sortedKinds,
      definitions: sorted,
    },
    borrowed,
  };
}

/** One definition a line: small diffs when a version changes, and still plain JSON. */
function serialize(schema) {
  const { definitions, ...head } = schema;
  const lines = Object.entries(definitions).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const headText = JSON.stringify(head, null, 1).replace(/\n}$/, '');
  return `${headText},\n"definitions":{\n${lines.join(',\n')}\n}}\n`;
}

/** The schema without descriptions: the validators need none, and ajv embeds what it references. */
function withoutDescriptions(node) {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k === '$comment') continue;
    // `properties` maps field names to schemas: a field may itself be called `description`.
    out[k] = k === 'properties' || k === 'definitions' || k === 'x-kinds'
      ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, withoutDescriptions(s)]))
      : withoutDescriptions(v);
  }
  return out;
}

function compileStandalone(fullSchema) {
  const schema = withoutDescriptions(fullSchema);
  const ajv = new Ajv({
    allErrors: true,
    messages: false, // messages are written by analysis/src/schema/messages.ts
    inlineRefs: false, // each definition compiles once and is shared by every kind
    strict: true,
    allowUnionTypes: true, // int-or-string and quantity are `[integer, string]` and `[string, number]`
    code: { source: true, optimize: true },
  });
  ajv.addVocabulary(['x-kinds']);
  ajv.addSchema(schema);
  const exports = {};
  for (const [kind, def] of Object.entries(schema['x-kinds'])) exports[kind] = `${schema.$id}#/definitions/${def}`;
  // Minified: about a quarter less to parse when the language server or the CLI starts.
  const { code } = transformSync(standaloneCode(ajv, exports), { minify: true, format: 'cjs', target: 'node20' });
  return `// Generated by scripts/generateSchemas.mjs (ajv standalone code). Do not edit.\n${code}`;
}

/**
 * The shapes of field paths, for writing a path the way the API server does
 * (k8s.io/apimachinery/pkg/util/validation/field/path.go: `Child(name)` is `.name`, `Key(k)` is
 * `[k]` for every map key, `Index(i)` is `[i]`). A segment of a decoded document does not say whether
 * it names a field or a map key: the schema does. This is the schema reduced to that answer, small
 * enough to load in a millisecond. A shape is `0` (a scalar), `null` (a free-form object: nothing
 * known), a definition's name (an object: its properties are fields), `[shape]` (a list of that
 * shape) or `{"*": shape}` (a map: every key is a map key, each value that shape). Per definition,
 * the properties that are not scalars; an unlisted property is a field with nothing below it.
 */
function fieldShapes(schema) {
  const structs = {};
  const shapeOf = (node) => {
    if (node.$ref) return structOf(node.$ref.replace(/^#\/definitions\//, ''));
    if (node.items) return [shapeOf(node.items)];
    if (node.additionalProperties && typeof node.additionalProperties === 'object') return { '*': shapeOf(node.additionalProperties) };
    if (node.properties) throw new Error('fieldShapes: an inline object with properties (give it a definition)');
    const types = Array.isArray(node.type) ? node.type : [node.type];
    return types.includes('object') ? null : 0;
  };
  const structOf = (name) => {
    const def = schema.definitions[name];
    if (!def.properties) return shapeOf(def);
    if (!(name in structs)) {
      structs[name] = {}; // a placeholder first: a definition may (indirectly) contain itself
      const fields = {};
      for (const [prop, node] of Object.entries(def.properties)) {
        const shape = shapeOf(node);
        if (shape !== 0) fields[prop] = shape;
      }
      structs[name] = fields;
    }
    return name;
  };
  const kinds = Object.fromEntries(Object.entries(schema['x-kinds']).map(([kind, def]) => [kind, structOf(def)]));
  // Every object of any kind (a CRD too) has ObjectMeta as its `metadata` (apimachinery's ObjectMeta).
  const anyKind = { metadata: structOf('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta') };
  const sorted = Object.fromEntries(Object.keys(structs).sort().map((k) => [k, structs[k]]));
  const lines = Object.entries(sorted).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return (
    `{"$comment":${JSON.stringify(`Generated by scripts/generateSchemas.mjs from kubernetes-${schema.$id.replace('kubernetes-', '')}.json: the shapes of field paths (see fieldShapes there). Do not edit.`)},\n` +
    `"kinds":${JSON.stringify(kinds)},\n"anyKind":${JSON.stringify(anyKind)},\n"structs":{\n${lines.join(',\n')}\n}}\n`
  );
}

function readme(results) {
  const lines = [
    '# Kubernetes JSON schemas',
    '',
    'Generated files; do not edit. Regenerate with `npm run schemas` (which runs `scripts/generateSchemas.mjs`).',
    '',
    '| file | what |',
    '|---|---|',
    ...results.flatMap(({ version, kinds, defs }) => [
      `| \`kubernetes-${version}.json\` | JSON Schema (draft-07) for Kubernetes ${version}: ${kinds} kinds, ${defs} definitions, strict |`,
      `| \`validators-${version}.js\` | the same schema compiled ahead of time (ajv standalone code), one validator per kind |`,
      `| \`fieldPaths-${version}.json\` | the same schema reduced to the shapes of field paths: which segments are map keys (\`metadata.labels[app]\`) |`,
    ]),
    '',
    '## Source and license',
    '',
    'Generated from the Kubernetes API server\'s published OpenAPI v3 documents',
    '(kubernetes/kubernetes `api/openapi-spec/v3/api__v1_openapi.json`, `apis__apps__v1_openapi.json`,',
    '`apis__batch__v1_openapi.json`). Those documents are licensed under the Apache License 2.0,',
    'copyright the Kubernetes Authors; these derived files are under the same license.',
    '',
    ...results
      .filter((r) => r.borrowed.length)
      .map(
        (r) =>
          `- Kubernetes ${r.version}: only \`api/v1\` is available for this version, so the ${r.borrowed.map((g) => `${g}/v1`).join(' and ')} types ` +
          `(Deployment, StatefulSet, DaemonSet, ReplicaSet, ControllerRevision, Job, CronJob) come from the ${WRAPPER_VERSION} documents, ` +
          `combined with ${r.version}'s core/v1 and meta/v1 definitions (the pod template inside them is ${r.version}'s).`,
      ),
    '',
    '## What differs from the OpenAPI documents',
    '',
    '- Strict: every object that declares its properties gets `additionalProperties: false` (objects with',
    '  `additionalProperties` maps, such as labels, keep them).',
    '- int-or-string (`x-kubernetes-int-or-string`) is `integer` or `string`; a quantity',
    '  (`io.k8s.apimachinery.pkg.api.resource.Quantity`) is a number, or a string in the grammar of',
    '  `k8s.io/apimachinery/pkg/api/resource/quantity.go` (`500m`, `1Gi`, `1e3`, `0.5`).',
    '- `int32` fields carry their range; `byte` fields (Secret `data`) must be base64.',
    '- `enum` lists for the fields the API server checks against a fixed set (restartPolicy, protocol,',
    '  imagePullPolicy, dnsPolicy, terminationMessagePolicy, …). The upstream documents have none (and these',
    '  copies lack the "Possible enum values" lists of their descriptions); the',
    '  values come from k8s.io/api types.go and pkg/apis/*/validation. An empty string is allowed where',
    '  defaulting replaces it.',
    '- The validators are plain CommonJS with no `require`: ajv is not needed at run time.',
    '- `null` is not written into the schemas: the validator in `analysis/src/schema` treats a null',
    '  optional field as absent, as the API server does, and a null required field as missing.',
    '- Kinds: every apiVersion/kind of core/v1, apps/v1 and batch/v1 (listed under `x-kinds`). Other',
    '  apiVersions and kinds (CRDs, Ingress …) have no schema here and are not validated.',
    '',
    'Regenerate from another copy of the documents with `npm run schemas -- --openapi DIR` or',
    '`PODWRIGHT_OPENAPI=DIR npm run schemas`; DIR holds `<version>/api/v1.json` and',
    '`<version>/apis/{apps,batch}/v1.json`.',
    '',
  ];
  return lines.join('\n');
}

mkdirSync(outDir, { recursive: true });
const results = [];
for (const version of versions) {
  const { schema, borrowed } = build(version);
  const json = serialize(schema);
  JSON.parse(json); // the one-definition-a-line layout must still be JSON
  writeFileSync(join(outDir, `kubernetes-${version}.json`), json);
  const js = compileStandalone(schema);
  writeFileSync(join(outDir, `validators-${version}.js`), js);
  const shapes = fieldShapes(schema);
  JSON.parse(shapes);
  writeFileSync(join(outDir, `fieldPaths-${version}.json`), shapes);
  const kinds = Object.keys(schema['x-kinds']).length;
  const defs = Object.keys(schema.definitions).length;
  results.push({ version, kinds, defs, borrowed });
  console.log(
    `kubernetes-${version}.json: ${kinds} kinds, ${defs} definitions, ${(json.length / 1024).toFixed(0)} KiB; ` +
      `validators-${version}.js: ${(js.length / 1024).toFixed(0)} KiB${borrowed.length ? `; ${borrowed.join('/')} from ${WRAPPER_VERSION}` : ''}`,
  );
}
writeFileSync(join(outDir, 'README.md'), readme(results));

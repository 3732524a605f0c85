// `podwright explain RESOURCE[.FIELD]...`: a kind's or a field's documentation from the schemas this
// product ships (the Kubernetes OpenAPI documents), offline, laid out as kubectl explain lays it out.
import { DEFAULT_KUBERNETES_VERSION, fieldInfo, knownKinds, minorOf, type FieldInfo, type Segment } from '../../../analysis/src';
import { flag, parseArgs, UsageError, type ParsedArgs } from '../args';
import { CliIO, USAGE_ERROR } from '../io';
import { kindOf } from '../kube';

const HELP = `usage: podwright explain RESOURCE[.FIELD]... [options]

Describes a kind or one of its fields from the shipped Kubernetes schemas, as kubectl explain does:
its type, its documentation and its fields (required ones marked). Nothing is asked of a cluster.

  podwright explain pod.spec.containers.ports
  podwright explain deployment.spec.strategy --recursive

options:
  --recursive                  list every field below, as a tree (types only)
  --api-version GROUP/VERSION  the kind's API version, where several have one (default: the only one)
  --kubernetes-version 1.NN    the schema's version (default ${DEFAULT_KUBERNETES_VERSION})

exit status: 0 explained, 1 no such resource or field, 2 usage error
`;

/** kubectl explain's width for wrapped descriptions. */
const WIDTH = 80;
/** How deep --recursive goes (the shipped kinds nest far less; a guard against a schema cycle). */
const MAX_DEPTH = 15;

export async function main(argv: string[], io: CliIO): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, { recursive: {}, 'api-version': { value: true }, 'kubernetes-version': { value: true }, help: { alias: 'h' } });
    if (!args.flags.has('help') && args.positional.length !== 1) throw new UsageError('name one RESOURCE[.FIELD]..., such as pod.spec.containers');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`podwright explain: ${e.message}\n\n${HELP}`);
    return USAGE_ERROR;
  }
  if (args.flags.has('help')) {
    io.out(HELP);
    return 0;
  }
  const version = flag(args, 'kubernetes-version') ?? DEFAULT_KUBERNETES_VERSION;
  if (!(minorOf(version) >= 0)) {
    io.err(`podwright explain: --kubernetes-version takes 1.NN (got '${version}')\n`);
    return USAGE_ERROR;
  }
  const [resource, ...fields] = args.positional[0].split('.');
  const kinds = knownKinds(version);
  const kind = kindOf(resource) ?? kinds.find((k) => k.kind.toLowerCase() === resource.toLowerCase())?.kind;
  const asked = flag(args, 'api-version');
  const candidates = kinds.filter((k) => k.kind === kind && (asked === undefined || k.apiVersion === asked));
  if (!kind || !candidates.length) {
    io.err(`error: the server doesn't have a resource type "${resource}"${asked ? ` in ${asked}` : ''}\n`);
    return 1;
  }
  const { apiVersion } = candidates[0];
  // kubectl's paths skip list indexes (`containers.ports`): each field is looked for directly, then
  // in the items of the list before it.
  let path: Segment[] = [];
  let info = fieldInfo(apiVersion, kind, path, version) as FieldInfo;
  for (const field of fields) {
    const next = fieldInfo(apiVersion, kind, [...path, field], version) ? [...path, field] : [...path, 0, field];
    const found = fieldInfo(apiVersion, kind, next, version);
    if (!found || !info.properties.some((p) => p.name === field)) {
      io.err(`error: field "${field}" does not exist\n`);
      return 1;
    }
    path = next;
    info = found;
  }
  const lines = [`KIND:       ${kind}`, `VERSION:    ${apiVersion}`, ''];
  if (fields.length) lines.push(`FIELD: ${fields[fields.length - 1]} <${info.type}>${info.enum ? `\nENUM:\n${info.enum.map((v) => `    ${v}`).join('\n')}` : ''}`, '');
  lines.push('DESCRIPTION:', ...wrap(info.description ?? '<empty>', 4), '');
  if (info.properties.length) {
    lines.push('FIELDS:');
    if (args.flags.has('recursive')) lines.push(...tree(apiVersion, kind, path, version, 1));
    else {
      for (const p of info.properties) {
        lines.push(`  ${p.name}\t<${p.type}>${p.required ? ' -required-' : ''}`);
        lines.push(...wrap(p.description ?? '<no description>', 4), '');
      }
    }
  }
  io.out(`${lines.join('\n').trimEnd()}\n\n`);
  return 0;
}

/** The fields below `path`, one line each, indented by depth (kubectl explain --recursive). */
function tree(apiVersion: string, kind: string, path: Segment[], version: string, depth: number): string[] {
  const info = fieldInfo(apiVersion, kind, path, version);
  if (!info || depth > MAX_DEPTH) return [];
  return info.properties.flatMap((p) => {
    const direct: Segment[] = [...path, p.name];
    const below = fieldInfo(apiVersion, kind, direct, version)?.properties.length ? direct : [...path, 0, p.name];
    const line = `${'  '.repeat(depth)}${p.name}\t<${p.type}>${p.required ? ' -required-' : ''}`;
    return [line, ...(/^(\[\])?(map\[|string|integer|number|boolean|int-or-string|quantity|Time|MicroTime)/.test(p.type) ? [] : tree(apiVersion, kind, below, version, depth + 1))];
  });
}

/** The text in lines of at most WIDTH columns, each indented by `indent`. */
function wrap(text: string, indent: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && indent + line.length + 1 + word.length > WIDTH) {
        out.push(' '.repeat(indent) + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(' '.repeat(indent) + line);
  }
  return out.map((l) => l.trimEnd());
}

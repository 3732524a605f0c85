// What an image's configuration says about a container before it runs: the process it will start
// (its `command`/`args` against the image's ENTRYPOINT/CMD), and the ports the image declares.
// Plain code; the extension asks the engine for the facts (never a pull) and shows the result in a
// hover and as diagnostics (imageChecks.ts).
import { isObject, valueAt } from '../../../analysis/src';
import { containerFieldAt } from './runtimePlacement';
import type { ImageFacts } from '../../../runtime/src';

export interface ProcessSpec {
  command?: string[];
  args?: string[];
}

export interface Process {
  argv: string[];
  /** Where the executable and its first words come from, and where the rest does. */
  entrypoint: 'command' | 'image';
  rest: 'args' | 'image CMD' | 'none';
}

/**
 * The Kubernetes rule (the kubelet hands command and args to the runtime as Entrypoint and Cmd, and
 * an Entrypoint set there drops the image's Cmd; "Define a Command and Arguments for a Container"):
 * neither → ENTRYPOINT + CMD; command → command + args (CMD dropped even without args); args only →
 * ENTRYPOINT + args. `$(VAR)` is left as written: the kubelet expands it from the container's env.
 */
export function processOf(spec: ProcessSpec, image: Pick<ImageFacts, 'entrypoint' | 'cmd'>): Process {
  if (spec.command !== undefined) return { argv: [...spec.command, ...(spec.args ?? [])], entrypoint: 'command', rest: spec.args?.length ? 'args' : 'none' };
  if (spec.args !== undefined) return { argv: [...image.entrypoint, ...spec.args], entrypoint: 'image', rest: spec.args.length ? 'args' : 'none' };
  return { argv: [...image.entrypoint, ...image.cmd], entrypoint: 'image', rest: image.cmd.length ? 'image CMD' : 'none' };
}

/** A shell-like rendering: words with spaces or quotes are quoted. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (a === '' || /[\s'"\\$`]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}

const list = (words: readonly string[]) => `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;

/** The hover's text (Markdown): the process, then where each part comes from. */
export function processHover(container: string, image: string, spec: ProcessSpec, facts: Pick<ImageFacts, 'entrypoint' | 'cmd'>): string {
  const p = processOf(spec, facts);
  const lines = [`**${container}** will run: \`${p.argv.length ? formatArgv(p.argv) : '(nothing: the image has no ENTRYPOINT or CMD and no command is set)'}\``, ''];
  const entry = list(facts.entrypoint);
  const cmd = list(facts.cmd);
  if (spec.command !== undefined) {
    lines.push(`- \`command\` replaces the image's ENTRYPOINT ${entry}${facts.cmd.length ? ` and drops its CMD ${cmd}` : ''}`);
    if (spec.args !== undefined) lines.push('- `args` follow the command');
  } else if (spec.args !== undefined) {
    lines.push(`- ENTRYPOINT ${entry} from image \`${image}\``, `- \`args\` replace the image's CMD ${cmd}`);
  } else {
    lines.push(`- ENTRYPOINT ${entry} and CMD ${cmd} from image \`${image}\``);
  }
  if (p.argv.some((a) => /\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(a))) lines.push('- `$(VAR)` is expanded from the container\'s env when it starts');
  return lines.join('\n');
}

/**
 * A containerPort the image does not EXPOSE: worth a look (a typo, the wrong image), never an error
 * (EXPOSE is documentation; the process may listen anywhere). Only when the image exposes some port:
 * most images expose none, and then nothing can be said.
 */
export function unexposedPort(port: { containerPort: number; protocol?: string }, facts: Pick<ImageFacts, 'exposedPorts'>): boolean {
  if (facts.exposedPorts.length === 0) return false;
  return !facts.exposedPorts.includes(`${port.containerPort}/${(port.protocol ?? 'TCP').toLowerCase()}`);
}

/** The container whose `image`, `command` or `args` holds an offset (the hover's question). */
export function processFieldAt(text: string, offset: number): { container: string; image: string; spec: ProcessSpec } | undefined {
  const at = containerFieldAt(text, offset);
  const field = at?.tail[2];
  if (!at || (field !== 'image' && field !== 'command' && field !== 'args')) return undefined;
  const { doc, specPath: spec } = at;
  const [list, index] = at.tail;
  const c = valueAt(doc.value, [...spec, list, index]);
  if (!isObject(c) || typeof c.name !== 'string' || typeof c.image !== 'string' || !c.image) return undefined;
  const words = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x)) : undefined);
  return { container: c.name, image: c.image, spec: { command: words(c.command), args: words(c.args) } };
}

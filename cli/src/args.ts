// A small argument parser: commands declare their flags; unknown flags are usage errors.

export interface FlagSpec {
  /** Takes a value (`--format json` or `--format=json`). */
  value?: boolean;
  /** May be given several times; values are collected. */
  repeat?: boolean;
  alias?: string;
}

export interface ParsedArgs {
  flags: Map<string, string[]>;
  positional: string[];
  /** Everything after a bare `--`. */
  rest: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const aliases = new Map(Object.entries(spec).filter(([, s]) => s.alias).map(([n, s]) => [s.alias as string, n]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return { flags, positional, rest: argv.slice(i + 1) };
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq > 0 ? arg.slice(0, eq) : arg;
    const name = rawName.startsWith('--') ? rawName.slice(2) : aliases.get(rawName.slice(1)) ?? rawName;
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option '${rawName}'`);
    let value = 'true';
    if (s.value) {
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`option '${rawName}' needs a value`);
    } else if (eq > 0) {
      throw new UsageError(`option '${rawName}' takes no value`);
    }
    const list = flags.get(name) ?? [];
    if (list.length > 0 && !s.repeat) throw new UsageError(`option '${rawName}' given twice`);
    list.push(value);
    flags.set(name, list);
  }
  return { flags, positional, rest: [] };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

// A small glob matcher, for the `podwright.files.include` setting and `podwright lint --exclude`:
// `*`, `**`, `?`, `{a,b}`, `[abc]`. A pattern without `/` matches the file's base name, as in
// .gitignore and VS Code's files.associations.
//
// The globs can come from a workspace's own settings (an untrusted one too), so matching takes time
// linear in the path for any pattern: the pattern is run as an automaton over the path's characters,
// never as a backtracking regular expression (`a*a*a*a*a*a*a*a*a*a*b` took 23 s on a 45-character
// path that way). Braces are expanded first, to at most MAX_ALTERNATIVES patterns.

/** Longer patterns, or ones with more brace alternatives, match nothing. */
const MAX_PATTERN = 1024;
const MAX_ALTERNATIVES = 64;

type Token =
  | { kind: 'char'; test: (c: string) => boolean }
  /** `*`: any run of characters but `/`. */
  | { kind: 'star' }
  /** `**` not followed by `/`: any run of characters. */
  | { kind: 'globstar' }
  /** `**` followed by `/`: zero or more whole folders. */
  | { kind: 'folders' };

interface Compiled {
  alternatives: Token[][];
  /** Matched against the base name (no `/` in the pattern). */
  baseName: boolean;
  /** Matched from the path's start only; otherwise from its start or any folder boundary. */
  anchored: boolean;
}

class TooMany extends Error {}

/** The pattern with its brace groups expanded (an unclosed group ends with the pattern, as before). */
function expandBraces(glob: string): string[] {
  let i = 0;
  const product = (heads: string[], tails: string[]) => {
    if (heads.length * tails.length > MAX_ALTERNATIVES) throw new TooMany();
    return heads.flatMap((h) => tails.map((t) => h + t));
  };
  const sequence = (inGroup: boolean): string[] => {
    let out = [''];
    while (i < glob.length) {
      const c = glob[i];
      if (inGroup && (c === ',' || c === '}')) break;
      if (c === '{') {
        i++;
        // NUL marks where the group was: `*{*,x}` is two stars, not the `**` the text would join into.
        out = product(out, group().map((g) => `\0${g}\0`));
      } else if (c === '[') {
        // A class is copied whole: a brace or comma in it is one of its characters.
        const close = glob.indexOf(']', i + 1);
        const end = close > i + 1 ? close + 1 : i + 1;
        const text = glob.slice(i, end);
        out = out.map((o) => o + text);
        i = end;
      } else {
        out = out.map((o) => o + c);
        i++;
      }
    }
    return out;
  };
  const group = (): string[] => {
    const alternatives: string[] = [];
    for (;;) {
      alternatives.push(...sequence(true));
      if (alternatives.length > MAX_ALTERNATIVES) throw new TooMany();
      if (i >= glob.length) return alternatives;
      if (glob[i++] === '}') return alternatives;
    }
  };
  return sequence(false);
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\0') continue; // a group's edge (expandBraces)
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        tokens.push({ kind: slash ? 'folders' : 'globstar' });
        i += slash ? 2 : 1;
      } else tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'char', test: (x) => x !== '/' });
    else if (c === '[' && pattern.indexOf(']', i + 1) > i + 1) {
      const close = pattern.indexOf(']', i + 1);
      const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      // One character against one class: no backtracking. An invalid class throws (matches nothing).
      const re = new RegExp(`^[${body}]$`);
      tokens.push({ kind: 'char', test: (x) => re.test(x) });
      i = close;
    } else tokens.push({ kind: 'char', test: (x) => x === c });
  }
  return tokens;
}

const cache = new Map<string, Compiled | undefined>();

function compile(pattern: string): Compiled | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  let compiled: Compiled | undefined;
  try {
    if (pattern.length > MAX_PATTERN) throw new TooMany();
    compiled = {
      alternatives: expandBraces(pattern).map(tokenize),
      baseName: !pattern.includes('/'),
      anchored: pattern.startsWith('/') || pattern.startsWith('**'),
    };
  } catch {
    compiled = undefined; // too large, or a class that cannot be compiled: matches nothing
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/**
 * Runs the tokens as a nondeterministic automaton over `text`: state k is "the first k tokens
 * matched", and state tokens.length + k "inside token k's folders". Time: text length × tokens.
 */
function run(tokens: Token[], text: string, anchored: boolean): boolean {
  const n = tokens.length;
  let active = new Uint8Array(2 * n + 1);
  // The skips a state allows without a character (a star's empty run, no folders), forwards only.
  const close = (set: Uint8Array) => {
    for (let k = 0; k < n; k++) if (set[k] && tokens[k].kind !== 'char') set[k + 1] = 1;
  };
  active[0] = 1;
  close(active);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = new Uint8Array(2 * n + 1);
    for (let k = 0; k < n; k++) {
      const t = tokens[k];
      if (active[k]) {
        if (t.kind === 'char') {
          if (t.test(c)) next[k + 1] = 1;
        } else if (t.kind === 'star') {
          if (c !== '/') next[k] = 1;
        } else if (t.kind === 'globstar') next[k] = 1;
        else {
          next[n + 1 + k] = 1;
          if (c === '/') next[k + 1] = 1;
        }
      }
      if (active[n + 1 + k]) {
        next[n + 1 + k] = 1;
        if (c === '/') next[k + 1] = 1;
      }
    }
    // A relative pattern also starts after each folder boundary.
    if (!anchored && c === '/') next[0] = 1;
    close(next);
    active = next;
  }
  return active[n] === 1;
}

export function matchesGlob(filePath: string, glob: string): boolean {
  const path = filePath.replace(/\\/g, '/');
  const pattern = glob.trim().replace(/\\/g, '/');
  if (!pattern) return false;
  const compiled = compile(pattern);
  if (!compiled) return false;
  const text = compiled.baseName ? path.slice(path.lastIndexOf('/') + 1) : path;
  const anchored = compiled.baseName || compiled.anchored;
  return compiled.alternatives.some((tokens) => run(tokens, text, anchored));
}

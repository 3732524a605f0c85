// A small glob matcher, for the `podwright.files.include` setting and `podwright lint --exclude`: `*`, `**`, `?`, `{a,b}`, `[abc]`.
// A pattern without `/` matches the file's base name, as in .gitignore and VS Code's files.associations.

const cache = new Map<string, RegExp>();

function toRegExp(glob: string): RegExp {
  let re = '';
  let inGroup = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches everything below.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inGroup++;
      re += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      re += ')';
    } else if (c === ',' && inGroup > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i + 1) {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      } else re += '\\[';
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  while (inGroup-- > 0) re += ')';
  return new RegExp(`^${re}$`);
}

export function matchesGlob(filePath: string, glob: string): boolean {
  const path = filePath.replace(/\\/g, '/');
  const pattern = glob.trim().replace(/\\/g, '/');
  if (!pattern) return false;
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = toRegExp(pattern);
    } catch {
      re = /$^/; // a pattern that cannot be compiled matches nothing
    }
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  if (!pattern.includes('/')) return re.test(path.slice(path.lastIndexOf('/') + 1));
  // A relative pattern (`deploy/*.yaml`) matches at any folder boundary of the absolute path.
  if (!pattern.startsWith('/') && !pattern.startsWith('**')) {
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      if (re.test(path.slice(i + 1))) return true;
    }
    return re.test(path);
  }
  return re.test(path);
}

// `$(VAR)` expansion as the kubelet does it (third_party/forked/golang/expansion/expand.go):
// `$$` is an escaped `$`, `$(NAME)` is replaced when NAME is defined and kept verbatim otherwise,
// and a `$` before anything else stays as it is.
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = lookup(name);
      out += value === undefined ? `$(${name})` : value;
      i = close + 1;
    } else {
      out += '$' + next;
      i += 2;
    }
  }
  return out;
}

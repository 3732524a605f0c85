// A minimal ustar writer: the runtime builds its infra image and fills configMap/secret volumes
// from archives it makes in memory, so it needs no `tar` program and no registry.

export interface TarEntry {
  path: string;
  /** File content; absent for directories and symlinks. */
  data?: Buffer;
  mode?: number;
  type?: 'file' | 'dir' | 'symlink';
  linkTarget?: string;
  uid?: number;
  gid?: number;
}

function field(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

function octal(buf: Buffer, offset: number, length: number, value: number): void {
  field(buf, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

function header(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  let name = e.path.replace(/^\/+/, '');
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long names at a slash into prefix (155) and name (100).
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for tar: ${e.path}`);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  const type = e.type ?? 'file';
  field(h, 0, 100, name);
  octal(h, 100, 8, e.mode ?? (type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644));
  octal(h, 108, 8, e.uid ?? 0);
  octal(h, 116, 8, e.gid ?? 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 0);
  field(h, 148, 8, '        ');
  field(h, 156, 1, type === 'dir' ? '5' : type === 'symlink' ? '2' : '0');
  if (e.linkTarget) field(h, 157, 100, e.linkTarget);
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  field(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

export function makeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = e.type === 'file' || e.type === undefined ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    parts.push(header(e, data.length), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

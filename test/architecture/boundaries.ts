// The boundaries the README draws, checked over the import graph of the product code (tests and
// scripts are not product code). Every import counts, type-only ones included, except in the one
// rule about what the activation bundle loads, which follows value imports only.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import * as ts from 'typescript';

export interface SourceFile {
  /** Repository-relative path with forward slashes: `runtime/src/plan.ts`. */
  path: string;
  text: string;
}

export interface Import {
  from: string;
  /** A repository path for a relative import, else the package name (`vscode`, `dockerode`). */
  to: string;
  typeOnly: boolean;
  line: number;
}

export interface Violation {
  rule: string;
  file: string;
  line: number;
  message: string;
}

/** The product's packages, by folder. */
const PACKAGES: [prefix: string, name: string][] = [
  ['analysis/src/', 'analysis'],
  ['runtime/src/', 'runtime'],
  ['server/src/', 'server'],
  ['cli/src/', 'cli'],
  ['client/src/extension/', 'extension'],
  ['client/src/', 'extension-model'],
];

/** A package's one front door, where others may enter it. */
const ENTRIES: Record<string, string> = {
  analysis: 'analysis/src/index.ts',
  runtime: 'runtime/src/index.ts',
};

export function packageOf(path: string): string | undefined {
  return PACKAGES.find(([prefix]) => path.startsWith(prefix))?.[1];
}

const LSP = ['vscode-languageserver', 'vscode-languageserver-textdocument', 'vscode-languageserver-protocol', 'vscode-jsonrpc'];
const CLIENT = ['vscode', 'vscode-languageclient'];
const DOCKER = ['dockerode', 'docker-modem'];

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The imports of one file: import/export declarations, require() and import() with a literal. */
export function importsOf(file: SourceFile, exists: (path: string) => boolean): Import[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (specifier: string, typeOnly: boolean, node: ts.Node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    let to = packageName(specifier);
    if (specifier.startsWith('.')) {
      const base = normalize(join(dirname(file.path), specifier)).replace(/\\/g, '/');
      to = [`${base}.ts`, `${base}.d.ts`, `${base}/index.ts`, base].find(exists) ?? `${base}.ts`;
    }
    out.push({ from: file.path, to, typeOnly, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly, node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier.text, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)), node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node.isTypeOnly, node);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0].text, false, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The files under the product folders of a checkout. */
export function productFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) out.push({ path: relative(root, p).replace(/\\/g, '/'), text: readFileSync(p, 'utf8') });
    }
  };
  for (const dir of ['analysis/src', 'runtime/src', 'server/src', 'cli/src', 'client/src']) walk(join(root, dir));
  return out;
}

/** The module whose value imports activation may follow: everything else loads later, by path. */
export const ACTIVATION_ENTRY = 'client/src/extension/extension.ts';

export function checkBoundaries(files: SourceFile[]): Violation[] {
  const paths = new Set(files.map((f) => f.path));
  const imports = files.flatMap((f) => importsOf(f, (p) => paths.has(p)));
  const violations: Violation[] = [];
  const flag = (rule: string, i: Import, message: string) => violations.push({ rule, file: i.from, line: i.line, message });
  for (const i of imports) {
    const from = packageOf(i.from);
    if (!from) continue;
    if (CLIENT.includes(i.to) && from !== 'extension') {
      flag('vscode-only-in-extension', i, `${from} imports '${i.to}': only the extension's glue (client/src/extension) may`);
    }
    if (LSP.includes(i.to) && from !== 'server') {
      flag('lsp-only-in-server', i, `${from} imports '${i.to}': only the language server's adapter (server/src) may`);
    }
    if (DOCKER.includes(i.to) && from !== 'runtime') {
      flag('docker-only-in-runtime', i, `${from} imports '${i.to}': only the runtime may talk to Docker`);
    }
    const to = packageOf(i.to);
    if (!to || to === from) continue;
    if (from === 'analysis') flag('analysis-stands-alone', i, `the analysis imports ${i.to}: it depends on no other part of the product`);
    else if (from === 'runtime' && to !== 'analysis') flag('runtime-uses-only-the-analysis', i, `the runtime imports ${i.to}`);
    else if (ENTRIES[to] === undefined && !(from === 'extension' && to === 'extension-model')) {
      flag('no-way-in', i, `${from} imports ${i.to}, a part of ${to} that other parts may not use`);
    } else if (ENTRIES[to] !== undefined && i.to !== ENTRIES[to]) {
      flag('entry-only', i, `${from} imports ${i.to}: use ${ENTRIES[to]}, the ${to}'s one entry`);
    }
  }
  // Activation stays small: what extension.ts loads through value imports never reaches the
  // runtime, Docker or the analysis (they are bundles of their own, required on first use).
  const valueImports = new Map<string, Import[]>();
  for (const i of imports) if (!i.typeOnly) valueImports.set(i.from, [...(valueImports.get(i.from) ?? []), i]);
  const seen = new Set<string>([ACTIVATION_ENTRY]);
  const queue = [ACTIVATION_ENTRY];
  while (queue.length) {
    const file = queue.shift() as string;
    for (const i of valueImports.get(file) ?? []) {
      const to = packageOf(i.to);
      if (to === 'runtime' || to === 'analysis' || DOCKER.includes(i.to) || LSP.includes(i.to) || i.to === 'yaml' || i.to === 'vscode-languageclient') {
        flag('activation-stays-small', i, `activation (${ACTIVATION_ENTRY}) would load ${i.to} through ${file}; load it on first use instead`);
      } else if (paths.has(i.to) && !seen.has(i.to)) {
        seen.add(i.to);
        queue.push(i.to);
      }
    }
  }
  return violations;
}

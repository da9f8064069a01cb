// The module graph of the repository's TypeScript, read with the TypeScript parser: which file
// imports which (static, dynamic and type-only imports, re-exports), and which names each file
// exports and which of them some other file uses. Used by imports.test.ts to keep tools/ free of
// circles, upward imports and dead exports.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Every file under `dir` (relative to the root) whose name ends in one of `exts`, declarations excluded. */
export function sourceFiles(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'fixtures' && !e.name.startsWith('.')) walk(p);
      } else if (exts.some((x) => e.name.endsWith(x)) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** One import of a module: its target (repository-relative .ts path) and the names taken, or `*` for all. */
export interface ModuleImport {
  target: string;
  names: Set<string>;
  line: number;
}

export interface ModuleInfo {
  file: string;
  imports: ModuleImport[];
  /** Names this file declares as exported (`export function f`, `export { a as b }`, `export default`). */
  exports: Map<string, number>;
  /** Modules whose every export this file re-exports (`export * from`). */
  reexportAll: string[];
  /** Exported interfaces and type aliases that the file itself uses too (in a signature, say). */
  typesUsedInFile: Set<string>;
}

/** Maps an import specifier to a .ts file of the repository (`dist/tools/x.js` from scripts too), or undefined for packages. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  let target = relative(ROOT, resolve(ROOT, dirname(from), spec));
  if (target.startsWith('dist/')) target = target.slice('dist/'.length);
  const candidates = [target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}/index.ts`];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(join(ROOT, c)));
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** Parses one file's imports and exports. */
export function readModule(file: string): ModuleInfo {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const info: ModuleInfo = { file, imports: [], exports: new Map(), reexportAll: [], typesUsedInFile: new Set() };
  const exportedTypes = new Set<string>();
  const addImport = (spec: string, names: Set<string>, node: ts.Node): void => {
    const target = resolveSpecifier(file, spec);
    if (target) info.imports.push({ target, names, line: lineOf(sf, node) });
  };

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const names = new Set<string>();
      const clause = stmt.importClause;
      if (clause?.name) names.add('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add('*');
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) names.add((el.propertyName ?? el.name).text);
      }
      addImport(stmt.moduleSpecifier.text, names, stmt);
    } else if (ts.isExportDeclaration(stmt)) {
      const spec = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      const clause = stmt.exportClause;
      if (!clause) {
        // export * from './m.js'
        const target = spec && resolveSpecifier(file, spec);
        if (target) info.reexportAll.push(target);
        if (spec) addImport(spec, new Set(['*']), stmt);
      } else if (ts.isNamedExports(clause)) {
        const names = new Set<string>();
        for (const el of clause.elements) {
          info.exports.set(el.name.text, lineOf(sf, el));
          names.add((el.propertyName ?? el.name).text);
        }
        if (spec) addImport(spec, names, stmt);
      } else if (spec) {
        // export * as ns from './m.js'
        info.exports.set(clause.name.text, lineOf(sf, stmt));
        addImport(spec, new Set(['*']), stmt);
      }
    } else if (ts.isExportAssignment(stmt)) {
      info.exports.set('default', lineOf(sf, stmt));
    } else if (hasExportModifier(stmt)) {
      if (isDefault(stmt)) info.exports.set('default', lineOf(sf, stmt));
      else if (ts.isVariableStatement(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) info.exports.set(d.name.text, lineOf(sf, d));
        }
      } else {
        const name = (stmt as ts.DeclarationStatement).name;
        if (name && ts.isIdentifier(name)) info.exports.set(name.text, lineOf(sf, stmt));
        if (name && ts.isIdentifier(name) && (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt))) exportedTypes.add(name.text);
      }
    }
  }

  // Dynamic imports (`const { a } = await import('./m.js')` takes a and b; any other form takes all)
  // and type queries (`import('./m.js').T`).
  const identifierCount = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) identifierCount.set(node.text, (identifierCount.get(node.text) ?? 0) + 1);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) {
        let names = new Set(['*']);
        const parent = ts.isAwaitExpression(node.parent) ? node.parent.parent : undefined;
        if (parent && ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
          names = new Set(parent.name.elements.map((el) => ((el.propertyName ?? el.name) as ts.Identifier).text));
        }
        addImport(arg.text, names, node);
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const q = node.qualifier;
      const first = q && (ts.isIdentifier(q) ? q.text : leftmost(q));
      addImport(node.argument.literal.text, new Set([first ?? '*']), node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const t of exportedTypes) if ((identifierCount.get(t) ?? 0) > 1) info.typesUsedInFile.add(t);
  return info;
}

function leftmost(q: ts.QualifiedName): string {
  let n: ts.EntityName = q;
  while (ts.isQualifiedName(n)) n = n.left;
  return n.text;
}

/** The strongly connected components with more than one file (or a file importing itself): the circles. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

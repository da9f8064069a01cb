// The toolkit's structure, as README.md's architecture section draws it: no import circles in tools/,
// dependencies only pointing down the layers, and no export that no other file uses.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cycles, readModule, sourceFiles, type ModuleInfo } from './module-graph.js';

/**
 * The layers of tools/ (README.md, "Architecture"): a folder may import its own files and folders of a
 * lower layer only. gocompat depends on nothing; the engine, the chart vendoring and the Kubernetes
 * object model on gocompat; Tanka evaluation, validation, Tilt data and diff on those; the CLI composes.
 */
const LAYERS: Record<string, number> = {
  gocompat: 0,
  jsonnet: 1,
  charts: 1,
  k8s: 1,
  tanka: 2,
  validate: 2,
  tilt: 2,
  diff: 2,
  cli: 3,
};

const toolsFiles = sourceFiles('tools', ['.ts']);
const tools = new Map(toolsFiles.map((f) => [f, readModule(f)]));

function folderOf(file: string): string {
  return file.split('/')[1];
}

describe('tools/ import graph', () => {
  it('finds the files and their imports', () => {
    // Guards the parser: the CLI imports the Tanka layer, the engine its own parser.
    expect(toolsFiles.length).toBeGreaterThan(100);
    expect(tools.get('tools/jsonnet/engine.ts')!.imports.map((i) => i.target)).toContain('tools/jsonnet/parser.ts');
    expect(tools.get('tools/cli/tanka.ts')!.imports.map((i) => i.target)).toContain('tools/tanka/index.ts');
  });

  it('has no import circles', () => {
    const graph = new Map([...tools].map(([f, m]) => [f, m.imports.map((i) => i.target)]));
    expect(cycles(graph)).toEqual([]);
  });

  it('knows the layer of every folder', () => {
    const unknown = [...new Set(toolsFiles.map(folderOf))].filter((f) => !(f in LAYERS));
    expect(unknown, 'a new folder in tools/: give it a layer here and in README.md').toEqual([]);
  });

  it('imports only within a folder or down the layers, never from tests/ or bench/', () => {
    const upward: string[] = [];
    for (const m of tools.values()) {
      const from = folderOf(m.file);
      for (const imp of m.imports) {
        if (!imp.target.startsWith('tools/')) {
          upward.push(`${m.file}:${imp.line} imports ${imp.target}`);
          continue;
        }
        const to = folderOf(imp.target);
        if (to !== from && !(LAYERS[to] < LAYERS[from])) upward.push(`${m.file}:${imp.line} (${from}) imports ${imp.target} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });
});

describe('dead exports', () => {
  // A type the module uses in its own signatures may stay exported for callers to name.
  it('every export of tools/ is used by another file (tools, tests, benchmarks or scripts)', () => {
    const users: ModuleInfo[] = [
      ...tools.values(),
      ...['tests', 'bench'].flatMap((d) => sourceFiles(d, ['.ts']).map(readModule)),
      ...sourceFiles('scripts', ['.mjs']).map(readModule),
    ];
    const used = new Map<string, Set<string>>();
    const mark = (file: string, name: string): void => {
      const m = tools.get(file);
      if (!m) return;
      const names = used.get(file) ?? new Set<string>();
      if (names.has(name)) return;
      names.add(name);
      used.set(file, names);
      // A name this file does not declare itself comes through its `export *`.
      if (name === '*' || !m.exports.has(name)) for (const src of m.reexportAll) mark(src, name);
    };
    for (const u of users) for (const imp of u.imports) if (imp.target !== u.file) for (const n of imp.names) mark(imp.target, n);

    // The loaders scripts/bundle.mjs generates run an entry module's main() when the bundle is older than
    // tsc's output (`m.main?.()` in the loader's text, which no import names).
    for (const entry of ['tools/cli/tkts-jsonnet.ts']) {
      expect(readFileSync('scripts/bundle.mjs', 'utf8'), 'bundle.mjs still calls main()').toContain('m.main?.()');
      mark(entry, 'main');
    }
    const dead: string[] = [];
    for (const m of tools.values()) {
      const names = used.get(m.file) ?? new Set();
      if (names.has('*')) continue;
      for (const [name, line] of m.exports) if (!names.has(name) && !m.typesUsedInFile.has(name)) dead.push(`${m.file}:${line} ${name}`);
    }
    expect(dead, 'exported but imported nowhere: drop the export (or the code)').toEqual([]);
  });
});

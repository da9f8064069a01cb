#!/usr/bin/env node
// Second step of `npm run build` (after `tsc -p .`): makes the Jsonnet command start fast. Node 20 spends
// ~40 ms resolving and linking the ~30 ES modules `tkts-jsonnet -e 1` loads and ~20 ms compiling them,
// and has no compile cache for ES modules (module.enableCompileCache is Node 22). So each entry below
// becomes one CommonJS bundle (esbuild) plus V8's code cache of it, and tsc's compiled entry file is
// replaced by a small loader that compiles the bundle with that cache (node:vm) and runs it. The
// entry paths stay what tests and workers run; `tsc -p .` alone puts the unbundled modules back. The
// Jsonnet command also gets a CommonJS loader beside it (tkts-jsonnet.cjs), the one users run: Node
// starts a CommonJS entry faster (see cjsLoaderText).
//
//   node scripts/bundle.mjs [--outdir DIR]     (default: dist; DIR must lie inside this repository so
//                                               that the bundles find node_modules)
//
// The loader reads TKTS_CODE_CACHE: `write:<entry name>` makes that entry's loader save the cache
// after the run (used below to record it from training runs, so functions compiled lazily are in it
// too), `report` prints whether V8 accepted it. A cache V8 rejects (another Node version or V8 flags) only costs the compilation.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const TRAINING_PROGRAM = `
local base = { kind: 'ConfigMap', metadata: { name: 'x', labels: { app: 'a' } }, data+: {} };
local withLabel(o, k, v) = o + { metadata+: { labels+: { [k]: v } } };
local objs = [withLabel(base, 'n', std.toString(i)) + { data: { ['k%d' % j]: 'v' + j for j in std.range(1, 3) } } for i in std.range(1, 3)];
{
  yaml: std.manifestYamlDoc({ items: objs, s: 'a\\nb\\n', n: [1.5, -2, true, null] }),
  stream: std.manifestYamlStream(objs),
  json: std.manifestJsonEx(objs[0], '  ') + std.manifestJson({ a: 1 }) + std.toString([1, 'x']),
  strs: std.join(',', std.map(function(o) o.metadata.name, std.filter(function(o) std.objectHas(o, 'data'), objs))),
  fmt: '%s-%05.2f-%x' % ['a', 3.14159, 255] + std.format('%(a)s', { a: 1 }),
  sorted: std.sort(std.objectFields(objs[0].data) + std.split('c,b', ','), function(x) x),
  misc: [std.length(objs), std.foldl(function(a, b) a + b, std.range(1, 5), 0), std.type(null), std.md5('x'), std.base64('x'), std.parseJson('{"a": [1]}'), std.stripChars(' a ', ' '), std.member([1, 2], 2), std.flattenArrays([[1], [2]]), std.startsWith('abc', 'a'), std.substr('abc', 1, 1), std.asciiLower('A'), std.uniq([1, 1]), std.set([2, 1]), std.mapWithKey(function(k, v) v, { a: 1 }), std.get({ a: 1 }, 'b', 2), std.escapeStringJson('"'), std.isString(''), std.floor(1.5), std.max(1, 2), std.abs(-1), std.mod(5, 2), std.range(1, 2) == [1, 2], 'a' < 'b', std.objectValues({ a: 1 }), std.reverse([1, 2]), std.repeat('a', 2)],
  // super and self in fields, arithmetic, known-value arguments, tail calls: compiled at run time otherwise.
  inherit: { a: 3, b: { c: 2 } } + { a: super.a - 1, b+: { d: self.c * 2, e: 'e' in super } },
  tail: local f(n, acc) = if n == 0 then acc else f(n - 1, acc + n / 2) tailstrict; f(3, 0),
  arr: std.foldl(function(acc, i) acc + [i * 2 % 3], std.range(1, 3), []),
  assert std.length(objs) == 3,
}`;

/** Each bundled entry, and the runs that record its code cache. */
const ENTRIES = [
  {
    source: 'tools/cli/tkts-jsonnet.ts',
    // Also a CommonJS loader, tkts-jsonnet.cjs: the bin and `npm run jsonnet` (see cjsLoaderText).
    cjs: true,
    // The Jsonnet CLI makes no TLS connection, so the bin starts Node without the extra CA bundle a
    // machine may name in NODE_EXTRA_CA_CERTS: Node reads and parses that bundle before any of our code
    // runs (with Debian's bundle, 510 M instructions of `node -e 1`'s 600 M, about 60 ms of its start).
    unsetEnv: ['NODE_EXTRA_CA_CERTS'],
    // One run (each run writes the whole cache): the code a real program runs, from objects and
    // inheritance to comprehensions and the common std functions, is then in it, not compiled lazily.
    training: [['-e', TRAINING_PROGRAM]],
  },
  {
    // The deep-stack worker: --max-stack above what the main thread holds moves the run onto it.
    source: 'tools/cli/jsonnet-worker.ts',
    cjs: true, // started from tkts-jsonnet.cjs's runs
    trainVia: 'tools/cli/tkts-jsonnet.ts',
    training: [['--max-stack', '2000', '-e', 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(1000)']],
  },
];

/**
 * What both loaders of an entry do once they know their folder (`here`, ending in a slash) and the URL
 * the bundle takes for its own (`moduleUrl`): compile the bundle with its code cache and run it.
 * Built-in modules come through process.getBuiltinModule: in an ES module it costs less than an import.
 */
function runBundleText(name, bundleName, cacheName) {
  return `const fs = process.getBuiltinModule('node:fs');
const { Script } = process.getBuiltinModule('node:vm');
const { createRequire } = process.getBuiltinModule('node:module');
const bundle = here + '${bundleName}';
const cacheFile = here + '${cacheName}';
const mode = process.env.TKTS_CODE_CACHE;
const write = mode === 'write:${name}';
let cachedData;
try {
  cachedData = write ? undefined : fs.readFileSync(cacheFile);
} catch {
  // no cache: compile as usual
}
const wrapped = '(function (exports, require, module, __filename, __dirname, __tktsModuleUrl) {' + fs.readFileSync(bundle, 'utf8') + '\\n})';
const script = new Script(wrapped, { filename: bundle, cachedData });
if (mode === 'report') process.stderr.write(\`code cache: \${cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted'}\\n\`);
if (write) process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, here, moduleUrl);`;
}

const MARK = 'Generated by scripts/bundle.mjs';

/** The ES module loader that replaces tsc's output for an entry (the path tests and workers run). */
function loaderText(entry, name, bundleName, cacheName) {
  return `#!/usr/bin/env node
// ${MARK} (npm run build) for ${entry}: compiles ${bundleName}, its one-file
// bundle, with V8's code cache of it and runs it as this module. \`tsc -p .\` writes the unbundled module here.
const { fileURLToPath } = process.getBuiltinModule('node:url');
const here = fileURLToPath(new URL('.', import.meta.url));
const moduleUrl = import.meta.url;
${runBundleText(name, bundleName, cacheName)}
`;
}

/**
 * The CommonJS loader of an entry (<name>.cjs beside <name>.js, what users run): Node starts a CommonJS entry about
 * 10 ms sooner than an ES module one, which has to set up its ES module loader first. When `tsc -p .`
 * has run since the build, <name>.js is the unbundled module again and the bundle is older than it:
 * then that module runs instead (its main(), as it is not the entry Node started).
 */
function cjsLoaderText(entry, name, bundleName, cacheName, unsetEnv = []) {
  const shebang = unsetEnv.length ? `#!/usr/bin/env -S ${unsetEnv.map((v) => `-u ${v} `).join('')}node` : '#!/usr/bin/env node';
  return `${shebang}
// ${MARK.replace('Generated', 'Also generated')} (npm run build) for ${entry}: the CommonJS entry that runs
// ${bundleName} as ${name}.js does, or, when \`tsc -p .\` has replaced that loader since, the module tsc wrote.
'use strict';
const here = __dirname + '/';
const moduleUrl = require('node:url').pathToFileURL(__filename).href;
function bundleIsCurrent() {
  const { openSync, readSync, closeSync } = require('node:fs');
  const head = Buffer.alloc(200);
  let fd;
  try {
    fd = openSync(here + '${name}.js', 'r');
    readSync(fd, head, 0, head.length, 0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return head.includes('${MARK}');
}
if (!bundleIsCurrent()) {
  // The command's module runs through its main(); the worker's runs when loaded.
  import(require('node:url').pathToFileURL(here + '${name}.js').href).then((m) => m.main?.());
} else {
${runBundleText(name, bundleName, cacheName).replace(/^/gm, '  ')}
}
`;
}

const { build } = await import('esbuild').catch(() => {
  console.error('scripts/bundle.mjs: the devDependency esbuild is not installed: run npm ci');
  process.exit(2);
});

/**
 * esbuild wraps each namespace import of a CommonJS module (`import * as fs from 'node:fs'`) in
 * __toESM, which copies every export of the module onto a new object through a getter: a few ms
 * of start-up for the seven imports of fs and path. A namespace import of a Node built-in only
 * reads named exports, which the module object itself has, so the wrapper goes wherever the
 * variable it fills is never read as `.default` (the one thing the wrapper adds).
 */
function withoutBuiltinWrappers(code) {
  return code.replace(/\b(\w+) = __toESM\((require\("node:[\w/]+"\)), 1\)/g, (all, name, req) =>
    new RegExp(`\\b${name}\\.default\\b`).test(code) ? all : `${name} = ${req}`,
  );
}

async function bundleEntry(outdir, entry) {
  const stem = entry.source.replace(/\.ts$/, '');
  const dir = join(outdir, dirname(stem));
  const name = basename(stem);
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, entry.source)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    // import() of a package or built-in becomes require(): a vm.Script has no module loader.
    supported: { 'dynamic-import': false },
    // The bundle runs inside the loader's function: import.meta.url is the loader's URL, so paths
    // relative to the entry (the worker entry, node_modules for createRequire) stay right.
    define: { 'import.meta.url': '__tktsModuleUrl' },
    write: false,
    logLevel: 'warning',
  });
  // The loader wraps the bundle in a function: a #! line would be a syntax error there.
  const code = withoutBuiltinWrappers(result.outputFiles[0].text.replace(/^#!.*\n/, ''));
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  const bundleName = `${name}.bundle.cjs`;
  const cacheName = `${name}.bundle.${hash}.cache`;
  for (const f of readdirSync(dir)) if (f.startsWith(`${name}.bundle.`)) rmSync(join(dir, f));
  writeFileSync(join(dir, bundleName), code);
  const loader = join(dir, `${name}.js`);
  writeFileSync(loader, loaderText(entry.source, name, bundleName, cacheName));
  chmodSync(loader, 0o755);
  rmSync(`${loader}.map`, { force: true }); // tsc's map describes the unbundled module
  if (!entry.cjs) return { loader, size: code.length };
  const cjsLoader = join(dir, `${name}.cjs`);
  writeFileSync(cjsLoader, cjsLoaderText(entry.source, name, bundleName, cacheName, entry.unsetEnv));
  chmodSync(cjsLoader, 0o755);
  return { loader: cjsLoader, size: code.length };
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outdir');
  const outdir = resolve(at >= 0 ? args[at + 1] : join(root, 'dist'));
  if (relative(root, outdir).startsWith('..')) throw new Error(`--outdir ${outdir} is outside ${root}: the bundles would not find node_modules`);
  const loaders = new Map();
  for (const entry of ENTRIES) {
    const { loader, size } = await bundleEntry(outdir, entry);
    loaders.set(entry.source, loader);
    console.log(`bundled ${entry.source} -> ${relative(root, loader)} (${(size / 1024).toFixed(0)} KiB)`);
  }
  // Record each code cache from its training runs (after all loaders exist: one entry may start another).
  for (const entry of ENTRIES) {
    const via = loaders.get(entry.trainVia ?? entry.source);
    for (const argv of entry.training) {
      execFileSync(process.execPath, [via, ...argv], {
        env: { ...process.env, TKTS_CODE_CACHE: `write:${basename(entry.source, '.ts')}` },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
  }
}

await main();

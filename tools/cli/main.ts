#!/usr/bin/env node
// `tkts`: the toolkit's command line. `show`, `export`, `eval` and `env list`
// accept tk's arguments and flags; `vendor`/`charts` and `validate` are
// dispatched to their own modules. Exit codes: 0 ok, 1 failure, 2 usage or
// internal error.

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExtValue, JsonValue } from '../jsonnet/api.js';
import { reportUnexpected } from './errors.js';
import { bool, list, parseFlags, str, UsageError, type FlagSpec, type Parsed } from './flags.js';

const JSONNET_FLAGS: Record<string, FlagSpec> = {
  'ext-str': { short: 'V', kind: 'list' },
  'ext-code': { kind: 'list' },
  'ext-str-file': { kind: 'list' },
  'ext-code-file': { kind: 'list' },
  'tla-str': { short: 'A', kind: 'list' },
  'tla-code': { kind: 'list' },
  'tla-str-file': { kind: 'list' },
  'tla-code-file': { kind: 'list' },
  'max-stack': { kind: 'string' },
  'jsonnet-implementation': { kind: 'string' },
  name: { kind: 'string' },
  'no-cache': { kind: 'bool' },
  'log-level': { kind: 'string' },
  help: { short: 'h', kind: 'bool' },
};

const ENV_FLAGS: Record<string, FlagSpec> = {
  ...JSONNET_FLAGS,
  target: { short: 't', kind: 'list', commaSplit: true },
};

const USAGE = `Usage: tkts <command> [flags]

Commands (flags as tk's):
  show <path>                   print the environment's Kubernetes objects as YAML
  export <outputDir> <path>...  write one file per object (-r for every environment under the paths)
  eval <path>                   print the raw JSON of the environment's Jsonnet (-e <expr>)
  env list [<path>]             list environments (--json, --names, -l <selector>)
  vendor, charts                vendor Helm charts (see tkts charts --help)
  validate [<path>...]          validate every environment's objects
  tilt <path>                   print what the Tiltfile needs (YAML, resources, kinds, images) as JSON
  diff <a> <b>                  semantic diff of two environments (or --manifests files/folders)

Common flags: -t/--target kind/name (repeatable, comma-separated, ! excludes), --name,
  -V/--ext-str k=v, --ext-code k=code, -A/--tla-str k=v, --tla-code k=code,
  --ext-str-file/--ext-code-file/--tla-str-file/--tla-code-file k=file, --max-stack n,
  --no-cache (do not use the on-disk Helm output cache)
Export flags: --format, --extension, -p/--parallel, --merge-strategy (fail-on-conflicts|replace-envs),
  --merge-deleted-envs, --skip-manifest, -r/--recursive
`;

function splitKeyValue(flag: string, s: string, what: string): [string, string] {
  const eq = s.indexOf('=');
  if (eq < 0) throw new UsageError(`${flag} argument has wrong format: \`${s}\`. Expected \`key=<${what}>\``);
  return [s.slice(0, eq), s.slice(eq + 1)];
}

function verbatim(file: string): string {
  return '@"' + file.replace(/"/g, '""') + '"';
}

function extValues(p: Parsed, prefix: 'ext' | 'tla'): Record<string, ExtValue> {
  const out: Record<string, ExtValue> = {};
  for (const s of list(p, `${prefix}-str`)) {
    const [k, v] = splitKeyValue(`${prefix}-str`, s, 'value');
    out[k] = { kind: 'string', value: v };
  }
  for (const s of list(p, `${prefix}-code`)) {
    const [k, v] = splitKeyValue(`${prefix}-code`, s, 'code');
    out[k] = { kind: 'code', value: v };
  }
  for (const s of list(p, `${prefix}-str-file`)) {
    const [k, v] = splitKeyValue(`${prefix}-str-file`, s, 'filename');
    out[k] = { kind: 'code', value: `importstr ${verbatim(v)}` };
  }
  for (const s of list(p, `${prefix}-code-file`)) {
    const [k, v] = splitKeyValue(`${prefix}-code-file`, s, 'filename');
    out[k] = { kind: 'code', value: `import ${verbatim(v)}` };
  }
  return out;
}

function loadOptions(p: Parsed) {
  const maxStack = str(p, 'max-stack');
  const n = maxStack === undefined ? undefined : Number(maxStack);
  if (n !== undefined && !Number.isInteger(n)) throw new UsageError(`invalid argument "${maxStack}" for "--max-stack" flag`);
  return {
    extVars: extValues(p, 'ext'),
    tlas: extValues(p, 'tla'),
    targets: list(p, 'target'),
    maxStack: n !== undefined && n > 0 ? n : undefined,
    noCache: bool(p, 'no-cache'),
  };
}

function exactlyArgs(p: Parsed, n: number, usage: string): void {
  if (p.args.length !== n) throw new UsageError(`expected ${n} argument${n === 1 ? '' : 's'}, got ${p.args.length}\nUsage: tkts ${usage}`);
}

async function show(argv: string[]): Promise<number> {
  const p = parseFlags(argv, { ...ENV_FLAGS, 'dangerous-allow-redirect': { kind: 'bool' } });
  if (bool(p, 'help')) return help('show <path>');
  exactlyArgs(p, 1, 'show <path>');
  const { loadEnvironment } = await import('../tanka/index.js');
  const { encodeStreamV2 } = await import('../tanka/yaml/v2.js');
  const { manifests } = await loadEnvironment(p.args[0], { ...loadOptions(p), name: str(p, 'name') });
  process.stdout.write(encodeStreamV2(manifests as JsonValue[]));
  return 0;
}

async function evalCommand(argv: string[]): Promise<number> {
  const p = parseFlags(argv, { ...JSONNET_FLAGS, eval: { short: 'e', kind: 'string' } });
  if (bool(p, 'help')) return help('eval <path> [-e <expr>]');
  exactlyArgs(p, 1, 'eval <path>');
  const { evalJsonnet, goMarshal } = await import('../tanka/index.js');
  const raw = await evalJsonnet(p.args[0], { ...loadOptions(p), name: str(p, 'name'), expr: str(p, 'eval') });
  // No trailing newline, as tk eval prints it.
  process.stdout.write(goMarshal(raw, '  '));
  return 0;
}

async function exportCommand(argv: string[]): Promise<number> {
  const p = parseFlags(argv, {
    ...ENV_FLAGS,
    format: { kind: 'string' },
    extension: { kind: 'string' },
    parallel: { short: 'p', kind: 'string' },
    'cache-path': { short: 'c', kind: 'string' },
    'cache-envs': { short: 'e', kind: 'list', commaSplit: true },
    'mem-ballast-size-bytes': { kind: 'string' },
    merge: { kind: 'bool' },
    'merge-strategy': { kind: 'string' },
    'merge-deleted-envs': { kind: 'list', commaSplit: true },
    'skip-manifest': { kind: 'bool' },
    recursive: { short: 'r', kind: 'bool' },
    selector: { short: 'l', kind: 'string' },
  });
  if (bool(p, 'help')) return help('export <outputDir> <path>... [-r]');
  if (p.args.length < 2) throw new UsageError('expected <outputDir> and at least one <path>\nUsage: tkts export <outputDir> <path>...');
  const { exportEnvironments, defaultParallelism } = await import('../tanka/index.js');
  let parallel = defaultParallelism();
  if (str(p, 'parallel') !== undefined) {
    const n = Number(str(p, 'parallel'));
    if (!Number.isInteger(n)) throw new UsageError(`invalid argument "${str(p, 'parallel')}" for "-p, --parallel" flag`);
    parallel = n > 0 ? n : defaultParallelism();
  }
  let strategy = str(p, 'merge-strategy') ?? (bool(p, 'merge') ? 'fail-on-conflicts' : '');
  if (!['', 'fail-on-conflicts', 'replace-envs'].includes(strategy)) {
    throw new UsageError(`invalid --merge-strategy "${strategy}": expected fail-on-conflicts or replace-envs`);
  }
  await exportEnvironments({
    outDir: p.args[0],
    paths: p.args.slice(1),
    recursive: bool(p, 'recursive'),
    name: str(p, 'name'),
    format: str(p, 'format'),
    extension: str(p, 'extension'),
    mergeStrategy: strategy as '' | 'fail-on-conflicts' | 'replace-envs',
    mergeDeletedEnvs: list(p, 'merge-deleted-envs'),
    skipManifest: bool(p, 'skip-manifest'),
    parallel,
    load: loadOptions(p),
  });
  return 0;
}

/** A Kubernetes label selector, equality-based: `a=b,c!=d,e,!f`. */
function matchesSelector(selector: string, labels: Record<string, string>): boolean {
  for (const term of selector.split(',').map((t) => t.trim()).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^([^!=\s]+)\s*!=\s*(.*)$/.exec(term))) {
      if (labels[m[1]] === m[2]) return false;
    } else if ((m = /^([^!=\s]+)\s*==?\s*(.*)$/.exec(term))) {
      if (labels[m[1]] !== m[2]) return false;
    } else if ((m = /^!\s*(\S+)$/.exec(term))) {
      if (m[1] in labels) return false;
    } else if (!(term in labels)) return false;
  }
  return true;
}

function tabwrite(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  // Go's tabwriter with padding 4 and every cell tab-terminated, the last one too.
  return rows.map((r) => r.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length + 4)).join('') + '\n').join('');
}

async function envCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'list') {
    if (sub === undefined || sub === '--help' || sub === '-h') return help('env list [<path>] [--json|--names] [-l selector]');
    throw new UsageError(`unknown env subcommand "${sub}" (this toolkit supports: env list)`);
  }
  const p = parseFlags(rest, { ...JSONNET_FLAGS, json: { kind: 'bool' }, names: { kind: 'bool' }, selector: { short: 'l', kind: 'string' } });
  if (bool(p, 'help')) return help('env list [<path>]');
  if (p.args.length > 1) throw new UsageError('expected at most one <path>');
  const { findEnvironments, environmentToGo, goMarshal } = await import('../tanka/index.js');
  let envs = (await findEnvironments(p.args[0] ?? '.', loadOptions(p))).map((f) => f.env);
  const selector = str(p, 'selector');
  if (selector) envs = envs.filter((e) => matchesSelector(selector, e.metadata.labels));
  // A static environment keeps the data of its spec.json (inline ones were listed without); no match is Go's nil slice.
  if (bool(p, 'json')) process.stdout.write((envs.length === 0 ? 'null' : goMarshal(envs.map((e) => environmentToGo(e, true)))) + '\n');
  else if (bool(p, 'names')) process.stdout.write(envs.map((e) => e.metadata.name + '\n').join(''));
  else process.stdout.write(tabwrite([['NAME', 'NAMESPACE', 'SERVER'], ...envs.map((e) => [e.metadata.name, e.spec.namespace, e.spec.apiServer])]));
  return 0;
}

function help(usage?: string): number {
  process.stdout.write(usage ? `Usage: tkts ${usage}\n\n${USAGE}` : USAGE);
  return 0;
}

/** Runs a subcommand that lives in another module (`export async function run(argv)`). */
async function delegate(module: string, argv: string[]): Promise<number> {
  let mod: { run?: (argv: string[]) => Promise<number> };
  try {
    mod = (await import(module)) as typeof mod;
  } catch (e) {
    process.stderr.write(`Error: this command is not available: could not load ${module}: ${(e as Error).message}\n`);
    return 2;
  }
  if (typeof mod.run !== 'function') {
    process.stderr.write(`Error: ${module} does not export run(argv)\n`);
    return 2;
  }
  return mod.run(argv);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'show': return await show(rest);
      case 'export': return await exportCommand(rest);
      case 'eval': return await evalCommand(rest);
      case 'env': return await envCommand(rest);
      case 'vendor': return await delegate('./vendor.js', rest);
      case 'charts': return await delegate('./charts.js', rest);
      case 'validate': return await delegate('./validate.js', rest);
      case 'tilt': return await delegate('./tilt.js', rest);
      case 'diff': return await delegate('./diff.js', rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h': return help();
      default:
        throw new UsageError(`unknown command "${command}" for "tkts"\n\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`Error: ${e.message}\n`);
      return 2;
    }
    return reportUnexpected(e, (s) => process.stderr.write(s));
  }
}

function invokedDirectly(): boolean {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

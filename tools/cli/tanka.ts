// The commands that take tk's arguments and flags: `show`, `eval`, `export` and `env list`
// (tools/tanka does the work). Flags tk has that change nothing here warn (flags.ts, tkOnly).

import type { ExtValue, JsonValue } from '../jsonnet/api.js';
import { MAIN_THREAD_FRAMES } from '../jsonnet/deep-stack.js';
import type { Command, CommandGroup } from './command.js';
import { expectArgs } from './command.js';
import { rerunOnDeepStack, serveOnDeepStack } from './deep-rerun.js';
import { UsageError } from './errors.js';
import { bool, list, str, type FlagSpec, type Parsed } from './flags.js';

const NO_CACHE_HERE = 'tkts keeps no evaluation cache (Helm output is cached on disk by content; see --no-cache)';

const JSONNET_FLAGS: Record<string, FlagSpec> = {
  'ext-str': { short: 'V', kind: 'list', value: 'k=v', help: 'external variable (string), repeatable' },
  'ext-code': { kind: 'list', value: 'k=code', help: 'external variable (Jsonnet code), repeatable' },
  'ext-str-file': { kind: 'list', value: 'k=file', help: 'external variable read from a file (string)' },
  'ext-code-file': { kind: 'list', value: 'k=file', help: 'external variable read from a file (Jsonnet code)' },
  'tla-str': { short: 'A', kind: 'list', value: 'k=v', help: 'top-level argument (string), repeatable' },
  'tla-code': { kind: 'list', value: 'k=code', help: 'top-level argument (Jsonnet code), repeatable' },
  'tla-str-file': { kind: 'list', value: 'k=file', help: 'top-level argument read from a file (string)' },
  'tla-code-file': { kind: 'list', value: 'k=file', help: 'top-level argument read from a file (Jsonnet code)' },
  'max-stack': { kind: 'string', value: 'n', help: 'Jsonnet stack frames allowed (default 500)' },
  'jsonnet-implementation': {
    kind: 'string',
    help: 'the Jsonnet implementation to use',
    tkOnly: { inert: 'go', why: 'it always evaluates with its own engine, which behaves as go-jsonnet' },
    check: (v) => {
      if (v !== 'go' && !v.startsWith('binary:')) throw new UsageError(`unknown jsonnet implementation: ${v}`);
    },
  },
  name: { kind: 'string', help: 'the environment of an inline (main.jsonnet) environment to use, by its metadata.name' },
  'no-cache': { kind: 'bool', help: 'do not use the on-disk Helm output cache' },
  'log-level': { kind: 'string', help: 'how much to log', tkOnly: { inert: 'info', why: 'it writes no log' } },
};

const ENV_FLAGS: Record<string, FlagSpec> = {
  ...JSONNET_FLAGS,
  target: { short: 't', kind: 'list', commaSplit: true, value: 'kind/name', help: 'only these objects (regular expressions; ! excludes; repeatable, comma-separated)' },
};

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

/** `-l`: a label selector, or a usage error naming what is wrong with it. */
async function selectorOf(p: Parsed) {
  const text = str(p, 'selector');
  if (text === undefined) return undefined;
  const { parseSelector, SelectorError } = await import('../tanka/label-selector.js');
  try {
    return parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorError) throw new UsageError(`could not parse selector (-l) "${text}": ${e.message}`);
    throw e;
  }
}

export const show: Command = {
  name: 'show',
  summary: "print the environment's Kubernetes objects as YAML",
  help: 'Usage: tkts show <path>\n\nPrints the Kubernetes objects of an environment as YAML, as tk show does.',
  flags: { ...ENV_FLAGS, 'dangerous-allow-redirect': { kind: 'bool', help: 'allow redirecting the output to a file or pipe (tkts always allows it)' } },
  run: (p) => onLargeEnoughStack('show', p),
};

export const evalCommand: Command = {
  name: 'eval',
  summary: "print the raw JSON of the environment's Jsonnet (-e <expr>)",
  help: "Usage: tkts eval <path> [-e <expr>]\n\nPrints the JSON of an environment's Jsonnet, as tk eval does.",
  flags: { ...JSONNET_FLAGS, eval: { short: 'e', kind: 'string', value: 'expr', help: 'print only this field of the result (`.a.b` or `a.b`)' } },
  run: (p) => onLargeEnoughStack('eval', p),
};

/**
 * What show and eval print, made whole before anything is written (so that a rerun on another
 * thread repeats nothing). `warn` replaces the warnings' output.
 */
const OUTPUTS = {
  async show(p: Parsed, warn?: (msg: string) => void): Promise<string> {
    const [path] = expectArgs(p, 1, 1, 'show <path>');
    const { loadEnvironment } = await import('../tanka/index.js');
    const { encodeStreamV2 } = await import('../gocompat/yaml/marshal.js');
    const { manifests } = await loadEnvironment(path, { ...loadOptions(p), name: str(p, 'name'), warn });
    return encodeStreamV2(manifests as JsonValue[]);
  },
  async eval(p: Parsed, warn?: (msg: string) => void): Promise<string> {
    const [path] = expectArgs(p, 1, 1, 'eval <path>');
    const { evalJsonnet, goMarshal } = await import('../tanka/index.js');
    const raw = await evalJsonnet(path, { ...loadOptions(p), name: str(p, 'name'), expr: str(p, 'eval'), warn });
    // No trailing newline, as tk eval prints it.
    return goMarshal(raw, '  ');
  },
};

/** What a deep-stack worker gets (see onLargeEnoughStack). */
interface DeepStackRun {
  command: keyof typeof OUTPUTS;
  parsed: Parsed;
  /** The first attempt already printed the warnings. */
  quiet: boolean;
}

/**
 * Runs show or eval where the stack is large enough for it: in this thread, unless --max-stack asks
 * for more Jsonnet frames than this thread holds, or the work runs out of this thread's stack before
 * the Jsonnet limit (data nested thousands of levels deep, as tk reads and prints up to Go's 10,000);
 * then on a worker thread with a stack sized for --max-stack (jsonnet/deep-stack.ts).
 */
async function onLargeEnoughStack(command: DeepStackRun['command'], p: Parsed): Promise<number> {
  const frames = loadOptions(p).maxStack ?? MAIN_THREAD_FRAMES;
  const here = frames <= MAIN_THREAD_FRAMES;
  if (here) {
    try {
      process.stdout.write(await OUTPUTS[command](p));
      return 0;
    } catch (e) {
      const { isStackExhaustion } = await import('../tanka/index.js');
      if (!isStackExhaustion(e)) throw e;
    }
  }
  const run: DeepStackRun = { command, parsed: p, quiet: here };
  return rerunOnDeepStack(import.meta.url, 'tktsTankaRun', run, frames);
}

// On the deep-stack worker that onLargeEnoughStack starts: the same command.
serveOnDeepStack('tktsTankaRun', async ({ command, parsed, quiet }: DeepStackRun) => {
  process.stdout.write(await OUTPUTS[command](parsed, quiet ? () => {} : undefined));
  return 0;
});

export const exportCommand: Command = {
  name: 'export',
  summary: 'write one file per object (-r for every environment under the paths)',
  help: 'Usage: tkts export <outputDir> <path>... [-r]\n\nWrites one file per object, as tk export does, into <outputDir>.',
  flags: {
    ...ENV_FLAGS,
    format: { kind: 'string', value: 'template', help: 'file names as a Go template (default {{.apiVersion}}.{{.kind}}-{{or .metadata.name .metadata.generateName}})' },
    extension: { kind: 'string', help: 'file extension (default yaml)' },
    parallel: { short: 'p', kind: 'string', value: 'n', help: 'environments evaluated at once (default: one per core)' },
    'cache-path': { short: 'c', kind: 'string', help: "tk's evaluation cache", tkOnly: { why: NO_CACHE_HERE } },
    'cache-envs': { short: 'e', kind: 'list', commaSplit: true, help: 'environments to cache', tkOnly: { why: NO_CACHE_HERE } },
    'mem-ballast-size-bytes': { kind: 'string', help: "Go's memory ballast", tkOnly: { inert: '0', why: 'Node sizes its heap itself' } },
    merge: { kind: 'bool', help: 'deprecated: --merge-strategy=fail-on-conflicts' },
    'merge-strategy': { kind: 'string', value: 'strategy', help: 'into a non-empty folder: fail-on-conflicts or replace-envs' },
    'merge-deleted-envs': { kind: 'list', commaSplit: true, value: 'paths', help: 'environments whose files to remove (with --merge-strategy)' },
    'skip-manifest': { kind: 'bool', help: 'do not write manifest.json' },
    recursive: { short: 'r', kind: 'bool', help: 'export every environment under the paths' },
    selector: { short: 'l', kind: 'string', value: 'selector', help: "only environments whose labels match (kubectl's syntax)" },
  },
  async run(p) {
    if (p.args.length < 2) throw new UsageError('expected <outputDir> and at least one <path>\nUsage: tkts export <outputDir> <path>...');
    const { exportEnvironments, defaultParallelism } = await import('../tanka/index.js');
    let parallel = defaultParallelism();
    if (str(p, 'parallel') !== undefined) {
      const n = Number(str(p, 'parallel'));
      if (!Number.isInteger(n)) throw new UsageError(`invalid argument "${str(p, 'parallel')}" for "-p, --parallel" flag`);
      parallel = n > 0 ? n : defaultParallelism();
    }
    const strategy = str(p, 'merge-strategy') ?? (bool(p, 'merge') ? 'fail-on-conflicts' : '');
    if (!['', 'fail-on-conflicts', 'replace-envs'].includes(strategy)) {
      throw new UsageError(`invalid --merge-strategy "${strategy}": expected fail-on-conflicts or replace-envs`);
    }
    await exportEnvironments({
      outDir: p.args[0],
      paths: p.args.slice(1),
      recursive: bool(p, 'recursive'),
      name: str(p, 'name'),
      selector: await selectorOf(p),
      format: str(p, 'format'),
      extension: str(p, 'extension'),
      mergeStrategy: strategy as '' | 'fail-on-conflicts' | 'replace-envs',
      mergeDeletedEnvs: list(p, 'merge-deleted-envs'),
      skipManifest: bool(p, 'skip-manifest'),
      parallel,
      load: loadOptions(p),
    });
    return 0;
  },
};

function tabwrite(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  // Go's tabwriter with padding 4 and every cell tab-terminated, the last one too.
  return rows.map((r) => r.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length + 4)).join('') + '\n').join('');
}

const envList: Command = {
  name: 'env list',
  summary: 'list environments (--json, --names, -l <selector>)',
  help: 'Usage: tkts env list [<path>] [--json|--names] [-l <selector>]\n\nLists the environments under <path> (default .), as tk env list does.',
  flags: {
    ...JSONNET_FLAGS,
    json: { kind: 'bool', help: 'the environments as JSON' },
    names: { kind: 'bool', help: 'names only, one a line' },
    selector: { short: 'l', kind: 'string', value: 'selector', help: "label selector, as kubectl's: a=b, a!=b, a in (x,y), a notin (x), a, !a, a>1, a<3" },
  },
  async run(p) {
    if (p.args.length > 1) throw new UsageError('expected at most one <path>');
    const selects = await selectorOf(p);
    const { findEnvironments, environmentToGo, goMarshal } = await import('../tanka/index.js');
    let envs = (await findEnvironments(p.args[0] ?? '.', loadOptions(p))).map((f) => f.env);
    if (selects) envs = envs.filter((e) => selects(e.metadata.labels));
    // A static environment keeps the data of its spec.json (inline ones were listed without); no match is Go's nil slice.
    if (bool(p, 'json')) process.stdout.write((envs.length === 0 ? 'null' : goMarshal(envs.map((e) => environmentToGo(e, true)))) + '\n');
    else if (bool(p, 'names')) process.stdout.write(envs.map((e) => e.metadata.name + '\n').join(''));
    else process.stdout.write(tabwrite([['NAME', 'NAMESPACE', 'SERVER'], ...envs.map((e) => [e.metadata.name, e.spec.namespace, e.spec.apiServer])]));
    return 0;
  },
};

export const env: CommandGroup = {
  name: 'env',
  summary: 'env list [<path>]: list environments',
  help: `Usage: tkts env list [<path>]\n\nCommands:\n  list   ${envList.summary}\n`,
  subcommands: [envList],
};

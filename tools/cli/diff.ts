// `tkts diff <a> <b>` / `npm run diff -- environments/dev environments/staging`:
// a semantic diff of two environments' objects (or of exported YAML).
// Exit codes like diff(1): 0 identical, 1 different, 2 usage or input error.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../diff/index.js';
import type { Command } from './command.js';
import { onDeepStack, ranOutOfStack, rerunOnDeepStack, serveOnDeepStack } from './deep-rerun.js';
import { UsageError } from './errors.js';
import { MAIN_THREAD_FRAMES } from '../jsonnet/deep-stack.js';
import { bool, list, str, type Parsed } from './flags.js';

const DIFF_USAGE = `Usage: tkts diff [flags] <a> <b>

Compares the Kubernetes objects of two environments (as \`tkts show\` renders them),
matched by API group, kind, namespace and name. Each side is an environment folder
(spec.json + main.jsonnet) or, with --manifests or when it is not one, a YAML/JSON file
or a folder of them (e.g. a \`tk export\` output), so a render can be compared with an export.

`;

const DIFF_NOTES = `Values under a Secret's data/stringData are masked. Exit codes: 0 identical, 1 different, 2 error.
`;

function isEnvironmentDir(p: string): boolean {
  try {
    if (statSync(p).isFile()) return p.endsWith('.jsonnet');
  } catch {
    return false;
  }
  return existsSync(join(p, 'main.jsonnet'));
}

async function loadSide(path: string, forceManifests: boolean, targets: string[], maxStack: number | undefined): Promise<Json[]> {
  if (!forceManifests && isEnvironmentDir(path)) {
    const { loadEnvironment } = await import('../tanka/index.js');
    const { manifests } = await loadEnvironment(path, { targets, maxStack });
    return manifests as unknown as Json[];
  }
  const [{ DiffInputError }, { loadManifestObjects }] = await Promise.all([import('../diff/index.js'), import('../diff/load.js')]);
  if (!existsSync(path)) throw new DiffInputError(`${path}: no such file or folder`);
  return loadManifestObjects(path);
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'semantic diff of two environments (or --manifests files/folders)',
  help: DIFF_USAGE,
  helpNotes: DIFF_NOTES,
  flags: {
    summary: { kind: 'bool', help: 'counts per kind instead of field-level changes' },
    json: { kind: 'bool', help: 'machine-readable output' },
    manifests: { kind: 'bool', help: 'both sides are manifest files or folders' },
    target: { short: 't', kind: 'list', commaSplit: true, value: 'kind/name', help: "only objects matching (as tk's --target; repeatable)" },
    'no-color': { kind: 'bool', help: 'no ANSI colors (also when NO_COLOR is set or output is not a terminal)' },
    'env-label': { kind: 'bool', help: "also compare the tanka.dev/environment label (ignored by default: it holds a hash of the environment's name, so it always differs)" },
    'max-stack': { kind: 'string', value: 'n', help: 'Jsonnet stack frames allowed when evaluating an environment (default 500, as tk)' },
  },
  // Exit 1 means "different", so an input that cannot be compared is 2, as in diff(1).
  failureExit: 2,
  async run(p) {
    if (p.args.length !== 2) throw new UsageError(`expected two arguments, got ${p.args.length}\n\n${DIFF_USAGE}`);
    const run: DiffRun = { parsed: p, color: !bool(p, 'no-color') && !process.env.NO_COLOR && process.stdout.isTTY === true };
    const frames = maxStackOf(p) ?? 0;
    // More Jsonnet frames than this thread's stack holds: straight to a worker with a stack for them.
    if (frames > MAIN_THREAD_FRAMES) return rerunOnDeepStack(import.meta.url, 'tktsDiffRun', run, frames);
    try {
      return await diff(run);
    } catch (e) {
      // Input nested deeper than this thread's stack holds (within Go's limit of 10,000 levels).
      if (onDeepStack || !ranOutOfStack(e)) throw e;
      return rerunOnDeepStack(import.meta.url, 'tktsDiffRun', run);
    }
  },
};

interface DiffRun {
  parsed: Parsed;
  /** Decided by the main thread: a worker's stdout is no terminal. */
  color: boolean;
}

/** --max-stack as tk reads it: an integer; 0 or less is the default. */
function maxStackOf(p: Parsed): number | undefined {
  const text = str(p, 'max-stack');
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`invalid argument "${text}" for "--max-stack" flag`);
  return n > 0 ? n : undefined;
}

async function diff({ parsed: p, color }: DiffRun): Promise<number> {
  const [a, b] = p.args;
  const maxStack = maxStackOf(p);
  const objects = await Promise.all([a, b].map((side) => loadSide(side, bool(p, 'manifests'), list(p, 'target'), maxStack)));
  const [{ diffManifests, ENV_LABEL_PATH, isIdentical }, { formatJson, formatText }] = await Promise.all([import('../diff/index.js'), import('../diff/format.js')]);
  const result = diffManifests(objects[0], objects[1], { ignorePaths: bool(p, 'env-label') ? [] : [ENV_LABEL_PATH] });
  const opts = { labels: [a, b] as [string, string], summary: bool(p, 'summary'), color };
  process.stdout.write(bool(p, 'json') ? formatJson(result, opts) : formatText(result, opts));
  return isIdentical(result) ? 0 : 1;
}

// On the deep-stack worker that run() starts for deeply nested input: the same diff.
serveOnDeepStack('tktsDiffRun', diff, 2);

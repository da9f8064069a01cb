// Loading a Tanka environment: static (spec.json) or inline
// (Environment objects in main.jsonnet), evaluated with Tanka's importer,
// natives and ext var, then run through the processing pipeline.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExtValue, JsonValue } from '../jsonnet/api.js';
import { Engine } from '../jsonnet/engine.js';
import { BUNDLED_HELM_VERSION, helmBinary } from '../charts/helm-binary.js';
import { cacheDir as chartsCacheDir } from '../charts/paths.js';
import { createImporter, resolvePaths, type FileCache, type ProjectPaths } from './jpath.js';
import { tankaNatives } from './natives/index.js';
import { HELM_HOWTO } from './natives/helm.js';
import { environmentsMetadataScript, patternScript, singleEnvironmentScript, wrapEntrypoint } from './evalscripts.js';
import { INLINE_ENV_EXT_CODE, parseEnvironment, parseSpecFile, SpecError, staticEnvExtCode, type Environment } from './spec.js';
import { isStackOverflow, pathErrorText } from '../gocompat/errors.js';
import { goJsonDepthError } from '../gocompat/json.js';
import { extractManifests, processManifestsWithPaths, unwrapLists, type ExtractedManifest, type Manifest } from './process/index.js';
import type { SourceLocation, Value } from '../jsonnet/value.js';
import type { InputRecord } from './input-record.js';

export type { Environment } from './spec.js';
export type { Manifest } from './process/index.js';

export interface LoadOptions {
  /** Select an inline environment by name (substring; an exact match wins). */
  name?: string;
  extVars?: Record<string, ExtValue>;
  tlas?: Record<string, ExtValue>;
  /** `-t` target expressions (`kind/name` regexes, `!` to exclude). */
  targets?: string[];
  maxStack?: number;
  /** Turn off the on-disk helm output cache. */
  noCache?: boolean;
  /** Cache folder (default TKTS_CACHE_DIR, else <root>/.cache/tkts). */
  cacheDir?: string;
  /** File contents shared between environments of one run. */
  fileCache?: FileCache;
  /** Receives warnings (deprecated spec keys). Default: stderr. */
  warn?: (msg: string) => void;
  /** Receives what the natives read (result-cache.ts). */
  inputs?: InputRecord;
}

/** An error with the environment it happened in; `message` is ready to print. */
export class EnvironmentError extends Error {
  constructor(
    message: string,
    readonly environment: string,
    readonly file: string,
    /** The JavaScript stack ran out before the Jsonnet limit: a thread with a larger stack may succeed. */
    readonly stackExhausted = false,
  ) {
    super(message);
  }
}

/** Whether `e` says this thread's stack ran out where a thread with a larger one may succeed. */
export function isStackExhaustion(e: unknown): boolean {
  if (e instanceof EnvironmentError) return e.stackExhausted;
  return isStackOverflow(e) || (e as { jsStackOverflow?: unknown } | null)?.jsStackOverflow === true;
}

export class MultipleEnvironmentsError extends Error {}
export class NoEnvironmentError extends Error {}

const defaultWarn = (msg: string) => process.stderr.write(msg + '\n');

// --- helm binary: natives are synchronous, so it is found before evaluation. The cheap
// checks (TANKA_HELM_PATH, HELM_BIN, PATH, an already unpacked bundled helm) are stats;
// only when they all fail is helmBinary() awaited (it unpacks and verifies the bundled one).
let helmResolution: Promise<{ bin?: string; error?: string }> | undefined;

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function quickHelm(): string | null {
  if (process.env.TANKA_HELM_PATH) return process.env.TANKA_HELM_PATH;
  const explicit = process.env.HELM_BIN;
  if (explicit) return isExecutable(explicit) ? explicit : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'helm'))) return path.join(dir, 'helm');
  }
  const bundled = path.join(chartsCacheDir(), 'helm', BUNDLED_HELM_VERSION, 'helm');
  return isExecutable(bundled) ? bundled : null;
}

async function resolveHelm(): Promise<{ bin?: string; error?: string }> {
  const quick = quickHelm();
  if (quick) return { bin: quick };
  helmResolution ??= helmBinary().then(
    (bin) => ({ bin }),
    (e: unknown) => {
      helmResolution = undefined;
      return { error: `${(e as Error).message}\n${HELM_HOWTO}` };
    },
  );
  return helmResolution;
}

export function cacheRoot(root: string, opts: Pick<LoadOptions, 'cacheDir'>): string {
  if (opts.cacheDir) return opts.cacheDir;
  const env = process.env.TKTS_CACHE_DIR;
  return env ? path.resolve(env) : path.join(root, '.cache', 'tkts');
}

interface Evaluator {
  engine: Engine;
  paths: ProjectPaths;
}

async function makeEngine(paths: ProjectPaths, envExtCode: string, opts: LoadOptions): Promise<Engine> {
  const helm = await resolveHelm();
  const helmBin = () => {
    if (helm.bin) return helm.bin;
    throw new Error(`helmTemplate: helm binary not found: ${helm.error}`);
  };
  const cacheDir = opts.noCache ? null : path.join(cacheRoot(paths.root, opts), 'helm', 'template');
  return new Engine({
    importer: createImporter(paths.root, paths.base, opts.fileCache),
    extVars: { ...(opts.extVars ?? {}), 'tanka.dev/environment': { kind: 'code', value: envExtCode } },
    tlas: opts.tlas,
    natives: tankaNatives({ helmBin, cacheDir, inputs: opts.inputs }),
    maxStack: opts.maxStack,
  });
}

/** An error's text as tk prints it (go-jsonnet's formatted error as it is, trailing newline included). */
function describe(e: unknown): string {
  if (e && typeof e === 'object' && 'formatted' in e && typeof (e as { formatted: unknown }).formatted === 'string') {
    return (e as { formatted: string }).formatted;
  }
  return pathErrorText(e);
}

/** tk's prefix of an evaluation error: the entrypoint evaluated as it is, or a script around it. */
const EVAL_FILE = 'evaluating jsonnet';
const evalScriptPrefix = (pathArg: string) => `evaluating jsonnet in path '${pathArg}'`;

function evalError(prefix: string, what: string, file: string, e: unknown): EnvironmentError {
  if (e instanceof EnvironmentError) return e;
  return new EnvironmentError(`${prefix}: ${describe(e)}`, what, file, isStackExhaustion(e));
}

/**
 * tk reads the evaluation's JSON text back with encoding/json, which refuses more than 10,000 levels
 * of nesting (with no prefix in the message).
 */
function readBackAsGo(data: JsonValue, what: string, file: string): JsonValue {
  const tooDeep = goJsonDepthError(data);
  if (tooDeep !== null) throw new EnvironmentError(tooDeep, what, file);
  return data;
}

function rel(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}

/** Where an argument points: the project paths, or (for a missing path) the same resolved from '.'. */
function locate<T extends LoadOptions>(p: string, opts: T): { paths: ProjectPaths; opts: T } {
  if (!fs.existsSync(p)) {
    // Tanka: a path that does not exist is taken as an environment name, looked up from '.'.
    (opts.warn ?? defaultWarn)(`Path "${p}" does not exist, trying to use it as an environment name`);
    return { paths: resolvePaths('.'), opts: { ...opts, name: p } };
  }
  return { paths: resolvePaths(p), opts };
}

function isStatic(paths: ProjectPaths): boolean {
  return fs.existsSync(path.join(paths.base, 'spec.json'));
}

function staticEnvironment(paths: ProjectPaths, opts: LoadOptions): Environment {
  const specFile = path.join(paths.base, 'spec.json');
  let text: string;
  try {
    // A fifo or a device would block or never end: refused before it is opened.
    const st = fs.statSync(specFile);
    if (!st.isFile() && !st.isDirectory()) throw new SpecError(`read ${specFile}: not a regular file`);
    text = fs.readFileSync(specFile, 'utf8');
  } catch (e) {
    if (e instanceof SpecError) throw e;
    // A read has no path in Node's error; Tanka says `read <file>: is a directory`.
    throw new SpecError(pathErrorText(e, specFile));
  }
  const env = parseSpecFile(text, specFile, opts.warn ?? defaultWarn);
  env.metadata.name = rel(paths.root, paths.base);
  env.metadata.namespace = rel(paths.root, paths.entrypoint);
  return env;
}

/**
 * Evaluates an inline entrypoint, as a whole or through `script`, and returns the Environment
 * objects among its Kubernetes objects (Tanka's extractEnvs: every object is extracted and checked,
 * Lists unwrapped, then kind `Environment` kept, any case).
 */
function evaluateInline(ev: Evaluator, opts: LoadOptions, pathArg: string, script?: string): { [k: string]: JsonValue }[] {
  const { engine, paths } = ev;
  const entry = paths.entrypoint;
  let data: JsonValue;
  if (script === undefined) {
    try {
      data = engine.toJson(engine.evaluateFile(entry));
    } catch (e) {
      throw evalError(EVAL_FILE, pathArg, entry, e);
    }
    readBackAsGo(data, pathArg, entry);
  } else {
    try {
      const isFunction = engine.toJson(engine.evaluateSnippet(paths.base, `std.isFunction(import ${JSON.stringify(entry)})`)) === true;
      data = engine.toJson(engine.evaluateSnippet(paths.base, wrapEntrypoint(entry, isFunction, Object.keys(opts.tlas ?? {}), script)));
    } catch (e) {
      throw evalError(evalScriptPrefix(pathArg), pathArg, entry, e);
    }
    readBackAsGo(data, pathArg, entry);
  }
  let extracted: ExtractedManifest[];
  try {
    extracted = unwrapLists(extractManifests(data));
  } catch (e) {
    throw new EnvironmentError(describe(e), pathArg, entry, isStackExhaustion(e));
  }
  return extracted.map((e) => e.manifest).filter((m) => typeof m.kind === 'string' && m.kind.toLowerCase() === 'environment');
}

function toEnvironment(raw: { [k: string]: JsonValue }, paths: ProjectPaths, opts: LoadOptions): Environment {
  const env = parseEnvironment(raw, opts.warn ?? defaultWarn);
  env.metadata.namespace = rel(paths.root, paths.entrypoint);
  return env;
}

function selectOne(envs: Environment[], name: string | undefined, where: string): Environment {
  if (envs.length === 0) {
    throw new NoEnvironmentError(`found no matching environments; run 'tk env list ${where}' to view available options`);
  }
  if (envs.length === 1) return envs[0];
  if (name) {
    const exact = envs.filter((e) => e.metadata.name === name);
    if (exact.length === 1) return exact[0];
    throw new MultipleEnvironmentsError(
      `found multiple Environments in "${where}" matching "${name}". Provide a more specific name that matches a single one: \n` +
        envs.map((e) => ` - ${e.metadata.name}`).sort().join('\n'),
    );
  }
  throw new MultipleEnvironmentsError(
    `found multiple Environments in "${where}". Use \`--name\` to select a single one: \n` +
      envs.map((e) => ` - ${e.metadata.name}`).sort().join('\n'),
  );
}

export interface EvaluatedEnvironment {
  env: Environment;
  /** What the resources are extracted from: main's output (static) or the env's `data` (inline). */
  raw: JsonValue;
  paths: ProjectPaths;
  /** Where the value at a path of `raw` was defined in Jsonnet (static environments). */
  locate?: (steps: readonly (string | number)[]) => SourceLocation | null;
}

/** Evaluates an environment's Jsonnet (no processing). */
export async function evaluateEnvironmentJsonnet(p: string, options: LoadOptions = {}): Promise<EvaluatedEnvironment> {
  const { paths, opts } = locate(p, options);
  if (isStatic(paths)) {
    const env = staticEnvironment(paths, opts);
    const engine = await makeEngine(paths, staticEnvExtCode(env), opts);
    let raw: JsonValue;
    let root: Value;
    try {
      root = engine.evaluateFile(paths.entrypoint);
      raw = engine.toJson(root);
    } catch (e) {
      throw evalError(EVAL_FILE, env.metadata.name, paths.entrypoint, e);
    }
    readBackAsGo(raw, env.metadata.name, paths.entrypoint);
    return { env, raw, paths, locate: (steps) => engine.fieldLocation(root, steps) };
  }
  const engine = await makeEngine(paths, INLINE_ENV_EXT_CODE, opts);
  // As tk: without --name the whole entrypoint is evaluated; with it, only the environments whose name contains it.
  const found = evaluateInline({ engine, paths }, opts, p, opts.name ? singleEnvironmentScript(opts.name) : undefined);
  const env = selectOne(found.map((raw) => toEnvironment(raw, paths, opts)), opts.name, p);
  const raw = env.data ?? null;
  return { env, raw, paths };
}

export interface LoadedEnvironment {
  env: Environment;
  manifests: Manifest[];
  /** Per manifest, the Jsonnet field that defined it (file, line, column), when known. */
  sources?: (ManifestSource | null)[];
}

export interface ManifestSource {
  file: string;
  line: number;
  column: number;
}

/**
 * Loads an environment and runs Tanka's pipeline (`tk show` semantics, including the
 * check that no Environment object is left among the resources unless `forExport`).
 */
export async function loadEnvironment(p: string, opts: LoadOptions & { forExport?: boolean } = {}): Promise<LoadedEnvironment> {
  const { env, raw, paths, locate } = await evaluateEnvironmentJsonnet(p, opts);
  let extracted: ExtractedManifest[];
  try {
    extracted = processManifestsWithPaths(raw, env, { targets: opts.targets });
  } catch (e) {
    throw new EnvironmentError(describe(e), env.metadata.name, paths.entrypoint, isStackExhaustion(e));
  }
  const manifests = extracted.map((e) => e.manifest);
  if (!opts.forExport && manifests.some((m) => m.kind === 'Environment')) {
    throw new EnvironmentError(
      "found a tanka Environment resource. Check that you aren't using a spec.json and inline environments simultaneously",
      env.metadata.name,
      paths.entrypoint,
    );
  }
  const { data: _data, ...withoutData } = env;
  const sources = locate
    ? extracted.map((e) => {
        const loc = locate(e.steps);
        return loc && { file: loc.file, line: loc.line, column: loc.column };
      })
    : undefined;
  return { env: withoutData, manifests, sources };
}

/** `tk eval`: the raw output of main (or of `main.<expr>`), no processing. */
export async function evalJsonnet(p: string, options: LoadOptions & { expr?: string } = {}): Promise<JsonValue> {
  const { paths, opts } = locate(p, options);
  const staticEnv = isStatic(paths) ? staticEnvironment(paths, opts) : null;
  const engine = await makeEngine(paths, staticEnv ? staticEnvExtCode(staticEnv) : INLINE_ENV_EXT_CODE, opts);
  const what = staticEnv ? staticEnv.metadata.name : p;
  let data: JsonValue;
  if (!opts.expr && !(opts.name && !staticEnv)) {
    try {
      data = engine.toJson(engine.evaluateFile(paths.entrypoint));
    } catch (e) {
      throw evalError(EVAL_FILE, what, paths.entrypoint, e);
    }
  } else {
    try {
      const isFunction = engine.toJson(engine.evaluateSnippet(paths.base, `std.isFunction(import ${JSON.stringify(paths.entrypoint)})`)) === true;
      const body = opts.expr ? patternScript(opts.expr) : singleEnvironmentScript(opts.name!);
      data = engine.toJson(engine.evaluateSnippet(paths.base, wrapEntrypoint(paths.entrypoint, isFunction, Object.keys(opts.tlas ?? {}), body)));
    } catch (e) {
      throw evalError(evalScriptPrefix(p), what, paths.entrypoint, e);
    }
  }
  return readBackAsGo(data, what, paths.entrypoint);
}

export interface FoundEnvironment {
  /** The environment without data (metadata.namespace is the entry file relative to the root). */
  env: Environment;
  /** The environment's base directory (absolute). */
  dir: string;
  /** Whether it is inline (so loading it needs its name). */
  inline: boolean;
}

/**
 * The environments one entrypoint defines (static: from spec.json, never evaluated; inline: metadata
 * only). `pathArg` is how errors name the entrypoint (tk: the path as found from the user's argument).
 */
export async function listEnvironments(p: string, opts: LoadOptions = {}, pathArg = p): Promise<FoundEnvironment[]> {
  const paths = resolvePaths(p);
  if (isStatic(paths)) return [{ env: staticEnvironment(paths, opts), dir: paths.base, inline: false }];
  const engine = await makeEngine(paths, INLINE_ENV_EXT_CODE, opts);
  const found = evaluateInline({ engine, paths }, opts, pathArg, environmentsMetadataScript());
  return found.map((raw) => {
    const env = toEnvironment(raw, paths, opts);
    delete env.data;
    return { env, dir: paths.base, inline: true };
  });
}

// The evaluation half of the `jsonnet` command (jsonnet.ts holds its flags): evaluates as
// configured and writes go-jsonnet's outputs (JSON, -S, -y, -m, -o), moving to a thread with a
// larger stack when --max-stack asks for more than this one holds (jsonnet/deep-stack.ts). A module
// of its own so that `tkts` loads the engine only when this command runs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathErrorText } from '../gocompat/errors.js';
import type { EngineOptions, ExtValue } from '../jsonnet/api.js';
import { MAIN_THREAD_FRAMES, runOnDeepStack, stackSizeMbFor } from '../jsonnet/deep-stack.js';
import { Engine } from '../jsonnet/engine.js';
import { serializeJson } from '../jsonnet/manifest/index.js';
import { JArray, JObject, compareStrings, typeOf, type Value } from '../jsonnet/value.js';
import { writeStderr, writeStdout } from './output.js';

/** What the command line asked for. */
export interface CliConfig {
  input: string;
  inputIsCode: boolean;
  outputFile: string;
  multiDir: string | null;
  createDirs: boolean;
  yamlStream: boolean;
  stringOutput: boolean;
  jpath: string[];
  extVars: Record<string, ExtValue>;
  tlas: Record<string, ExtValue>;
  maxStack?: number;
  maxTrace?: number;
  maxArrayLength?: number;
  maxStringLength?: number;
  maxImportSize?: number;
}

/** An error that ends the command with a message and an exit code. */
class CliExit extends Error {
  constructor(
    readonly stderr: string,
    readonly code: number,
    readonly stdout = '',
  ) {
    super(stderr);
  }
}

/** Output streams, replaceable for in-process use. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => string;
  /** Where std.trace lines go (default: stderr). */
  trace?: (line: string) => void;
  /**
   * Set when the caller can rerun the command on a thread with a larger stack
   * (see deep-stack.ts): runCli then returns NEEDS_DEEPER_STACK instead of
   * failing when the JavaScript stack runs out before the Jsonnet limit, or
   * at once when --max-stack asks for more frames than this thread holds.
   */
  canUseDeeperStack?: boolean;
}

/** runCli's answer when the command must run again on a larger stack (never a process exit code). */
const NEEDS_DEEPER_STACK = -1;


class DeeperStackNeeded extends Error {}

/** A runtime error raised while manifesting the result, in go-jsonnet's format. */
function manifestationError(message: string): CliExit {
  return new CliExit(`RUNTIME ERROR: ${message}\n\tDuring manifestation\t\n\n`, 1);
}

/** Go's %T of the decoded JSON form of a (manifestable) value. */
function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (v instanceof JArray) return '[]interface {}';
  if (v instanceof JObject) return 'map[string]interface {}';
  return typeof v === 'number' ? 'float64' : typeof v === 'boolean' ? 'bool' : 'string';
}

function writeOutputFile(file: string, content: string, createDirs: boolean): void {
  try {
    if (createDirs) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  } catch (e) {
    throw new CliExit(pathErrorText(e, file, 'open') + '\n', 1);
  }
}

/** Runs the command as configured; returns the exit code. Output goes through `io`. */
function runCli(config: CliConfig, io: CliIo): number {
  try {
    if (io.canUseDeeperStack && (config.maxStack ?? 0) > MAIN_THREAD_FRAMES) return NEEDS_DEEPER_STACK;

    // Read the input first, as go-jsonnet does, so a missing file is reported before evaluation.
    let filename = config.input;
    let code: string;
    if (config.inputIsCode) {
      code = filename;
      filename = '<cmdline>';
    } else if (filename === '-') {
      code = io.readStdin();
      filename = '<stdin>';
    } else {
      try {
        code = fs.readFileSync(filename, 'utf8');
      } catch (e) {
        throw new CliExit(`Opening input file: ${pathErrorText(e, filename, '').slice(1)}\n`, 1);
      }
    }

    const opts: EngineOptions = {
      jpath: config.jpath,
      extVars: config.extVars,
      tlas: config.tlas,
      maxStack: config.maxStack,
      maxTrace: config.maxTrace,
      maxArrayLength: config.maxArrayLength,
      maxStringLength: config.maxStringLength,
      maxImportSize: config.maxImportSize,
      traceOut: (line) => (io.trace ?? io.stderr)(line.endsWith('\n') ? line : line + '\n'),
    };
    const engine = new Engine(opts);
    let result: Value;
    try {
      result =
        config.inputIsCode || config.input === '-' ? engine.evaluateSnippet(filename, code, true) : engine.evaluateFile(filename);
    } catch (e) {
      throw asJsonnetExit(e, io);
    }

    if (config.multiDir !== null) writeMulti(engine, result, config, io);
    else if (config.yamlStream) writeStream(engine, result, config, io);
    else {
      let out: string;
      if (config.stringOutput) {
        if (typeof result !== 'string') throw manifestationError(`expected string result, got: ${typeOf(result)}`);
        out = result + '\n';
      } else {
        try {
          out = engine.manifestJson(result);
        } catch (e) {
          throw asJsonnetExit(e, io);
        }
      }
      if (config.outputFile === '') io.stdout(out);
      else writeOutputFile(config.outputFile, out, config.createDirs);
    }
    return 0;
  } catch (e) {
    if (e instanceof DeeperStackNeeded) return NEEDS_DEEPER_STACK;
    if (e instanceof CliExit) {
      if (e.stdout) io.stdout(e.stdout);
      io.stderr(e.stderr);
      return e.code;
    }
    io.stderr(`INTERNAL ERROR: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

/** A Jsonnet error as the command prints it (go-jsonnet's formatted text, then a newline). */
function asJsonnetExit(e: unknown, io?: CliIo): CliExit {
  if (io?.canUseDeeperStack && (e as { jsStackOverflow?: unknown })?.jsStackOverflow === true) throw new DeeperStackNeeded();
  const formatted = (e as { formatted?: unknown })?.formatted;
  if (typeof formatted === 'string') return new CliExit(formatted + '\n', 1);
  throw e;
}

/**
 * Manifests the whole result once inside the engine, as go-jsonnet does before
 * it splits the output: every error (asserts, functions, failing fields) comes
 * out formatted; afterwards all fields are computed and cached.
 */
function forceAll(engine: Engine, v: Value, io: CliIo): void {
  try {
    engine.manifestJson(v);
  } catch (e) {
    throw asJsonnetExit(e, io);
  }
}

/** -m: one file per field of the top-level object; their paths are listed in sorted order. */
function writeMulti(engine: Engine, result: Value, config: CliConfig, io: CliIo): void {
  forceAll(engine, result, io);
  if (!(result instanceof JObject)) {
    throw manifestationError(
      `multi mode: top-level object was a ${typeOf(result)}, should be an object whose keys are filenames and values hold the JSON for that file.`,
    );
  }
  const files = new Map<string, string>();
  for (const name of result.visibleFields()) {
    const v = result.get(name);
    if (config.stringOutput) {
      if (typeof v !== 'string') {
        throw manifestationError(
          `multi mode: top-level object's key ${name} has a value of type ${goTypeName(v)}, should be a string`,
        );
      }
      files.set(name, v);
    } else files.set(name, serializeJson(v, true) + '\n');
  }
  let listing = '';
  const flushListing = () => {
    if (config.outputFile === '') io.stdout(listing);
    else writeOutputFile(config.outputFile, listing, false);
  };
  for (const name of [...files.keys()].sort(compareStrings)) {
    const file = config.multiDir + name;
    const content = files.get(name)!;
    listing += file + '\n';
    try {
      // Leave an unchanged file alone so its timestamp does not trigger rebuilds.
      if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    } catch (e) {
      flushListing();
      throw new CliExit(pathErrorText(e, file, 'read') + '\n', 1);
    }
    try {
      if (config.createDirs) fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    } catch (e) {
      flushListing();
      throw new CliExit(pathErrorText(e, file, 'open') + '\n', 1);
    }
  }
  flushListing();
}

/** -y: each element of the top-level array as a JSON document after `---`, then `...`. */
function writeStream(engine: Engine, result: Value, config: CliConfig, io: CliIo): void {
  forceAll(engine, result, io);
  if (!(result instanceof JArray)) {
    throw manifestationError(
      `stream mode: top-level object was a ${typeOf(result)}, should be an array whose elements hold the JSON for each document in the stream.`,
    );
  }
  let out = '';
  for (let i = 0; i < result.length; i++) out += '---\n' + serializeJson(result.get(i), true) + '\n';
  if (result.length > 0) out += '...\n';
  if (config.outputFile === '') io.stdout(out);
  else writeOutputFile(config.outputFile, out, false);
}

function readAllStdin(): string {
  try {
    return fs.readFileSync(0, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return '';
    throw e;
  }
}

/** What the main thread hands a deep-stack worker (see deep-stack.ts). */
export interface DeepStackRun {
  config: CliConfig;
  /** Standard input, when the first attempt already read it. */
  stdin: string | undefined;
  /** std.trace lines the first attempt already printed (evaluation is deterministic, so they repeat). */
  skipTraces: number;
}

function processIo(readStdin: () => string, trace: (line: string) => void): CliIo {
  return { stdout: writeStdout, stderr: writeStderr, env: process.env, readStdin, trace };
}


/** Runs the evaluation as configured, on a deep-stack worker when this thread's stack is too small. */
export async function runJsonnet(config: CliConfig): Promise<number> {
  // process.uptime, not performance.now: the first use of `performance` loads perf_hooks (a few ms).
  const ready = process.uptime() * 1000;
  const code = await evaluate(config);
  // For bench:jsonnet, which separates start-up from evaluation (times in ms since the process started).
  if (process.env.TKTS_JSONNET_TIMING === '1') writeStderr(`tkts-jsonnet timing: ready ${ready.toFixed(1)} ms, evaluated ${(process.uptime() * 1000 - ready).toFixed(1)} ms\n`);
  return code;
}

async function evaluate(config: CliConfig): Promise<number> {
  let stdin: string | undefined;
  let traces = 0;
  const io = processIo(
    () => (stdin = readAllStdin()),
    (line) => {
      traces++;
      writeStderr(line);
    },
  );
  const code = runCli(config, { ...io, canUseDeeperStack: true });
  if (code !== NEEDS_DEEPER_STACK) return code;
  // This thread's stack is too small: run again on a worker with one sized for --max-stack.
  const work: DeepStackRun = { config, stdin, skipTraces: traces };
  return runOnDeepStack(WORKER_ENTRY, work, stackSizeMbFor(config.maxStack ?? MAIN_THREAD_FRAMES));
}

/**
 * The tiny entry a deep-stack worker starts on (it answers with deepStackWorkerMain): the CommonJS
 * loader when this run started from one (`npm run build` writes both, see scripts/bundle.mjs).
 */
const WORKER_ENTRY = new URL(import.meta.url.endsWith('.cjs') ? './jsonnet-worker.cjs' : './jsonnet-worker.js', import.meta.url);

/** On a deep-stack worker: runs the evaluation the main thread could not; returns its exit code. */
export function deepStackWorkerMain(work: DeepStackRun): number {
  let skip = work.skipTraces;
  const io = processIo(
    () => work.stdin ?? readAllStdin(),
    (line) => {
      if (skip > 0) skip--;
      else writeStderr(line);
    },
  );
  return runCli(work.config, io);
}

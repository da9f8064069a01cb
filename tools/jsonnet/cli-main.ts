// `tkts-jsonnet`: a command compatible with go-jsonnet's `jsonnet`: same
// options, output formats, messages and exit codes (0 success, 1 for Jsonnet
// errors and for usage errors, as go-jsonnet does).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { EngineOptions, ExtValue } from './api.js';
import { runOnDeepStack, stackSizeMbFor } from './deep-stack.js';
import { pathErrorText } from '../gocompat/errors.js';
import { Engine } from './engine.js';
import { serializeJson } from './manifest/index.js';
import { JArray, JObject, compareStrings, typeOf, type Value } from './value.js';

const VERSION = 'v0.21.0';

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
export class CliExit extends Error {
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
export const NEEDS_DEEPER_STACK = -1;

/** Jsonnet frames the default JavaScript stack of a thread safely holds (go-jsonnet's default limit). */
const MAIN_THREAD_FRAMES = 500;

class DeeperStackNeeded extends Error {}

export function usage(): string {
  return `Jsonnet commandline interpreter (TypeScript implementation, go-jsonnet compatible) ${VERSION}

jsonnet {<option>} <filename>

Available options:
  -h / --help                This message
  -e / --exec                Treat filename as code
  -J / --jpath <dir>         Specify an additional library search dir
                             (right-most wins)
  -o / --output-file <file>  Write to the output file rather than stdout
  -m / --multi <dir>         Write multiple files to the directory, list files
                             on stdout
  -c / --create-output-dirs  Automatically creates all parent directories for
                             files
  -y / --yaml-stream         Write output as a YAML stream of JSON documents
  -S / --string              Expect a string, manifest as plain text
  -s / --max-stack <n>       Number of allowed stack frames
  -t / --max-trace <n>       Max length of stack trace before cropping
  --max-array-length <n>     Longest array one operation may build (default 10000000)
  --max-string-length <n>    Longest string one operation may build (default 100000000)
  --max-import-size <n>      Largest file an import may read, in bytes (default 104857600)
  --version                  Print version

Available options for specifying values of 'external' variables:
  Provide the value as a string:
  -V / --ext-str <var>[=<val>]      If <val> is omitted, get from environment
                                    var <var>
       --ext-str-file <var>=<file>  Read the string from the file
  Provide a value as Jsonnet code:
  --ext-code <var>[=<code>]         If <code> is omitted, get from environment
                                    var <var>
  --ext-code-file <var>=<file>      Read the code from the file

Available options for specifying values of 'top-level arguments':
  Provide the value as a string:
  -A / --tla-str <var>[=<val>]      If <val> is omitted, get from environment
                                    var <var>
       --tla-str-file <var>=<file>  Read the string from the file
  Provide a value as Jsonnet code:
  --tla-code <var>[=<code>]         If <code> is omitted, get from environment
                                    var <var>
  --tla-code-file <var>=<file>      Read the code from the file

Environment variables:
  JSONNET_PATH is a colon (semicolon on Windows) separated list of directories
  added in reverse order before the paths specified by --jpath (i.e. left-most
  wins). E.g. these are equivalent:
    JSONNET_PATH=a:b jsonnet -J c -J d
    JSONNET_PATH=d:c:a:b jsonnet
    jsonnet -J b -J a -J c -J d

In all cases:
  <filename> can be - (stdin)
  Multichar options are expanded e.g. -abc becomes -a -b -c.
  The -- option suppresses option processing for subsequent arguments.
  Note that since filenames and jsonnet programs can begin with -, it is
  advised to use -- if the argument is unknown, e.g. jsonnet -- "$FILENAME".
`;
}

function versionLine(): string {
  return `Jsonnet commandline interpreter (TypeScript implementation, go-jsonnet compatible) ${VERSION}\n`;
}

/** `-abc` becomes `-a -b -c` (before any `--`), as go-jsonnet does. */
function simplifyArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (a.length > 2 && a[0] === '-' && a[1] !== '-') for (const c of a.slice(1)) out.push('-' + c);
    else out.push(a);
  }
  return out;
}

/** Go's strconv.Atoi, or the command's "Invalid integer" exit. */
function safeInt(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new CliExit(`Invalid integer "${s}"\n`, 1);
  return Number(s);
}

/** Parses the arguments; returns null when the command is done (help, version). */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): { config: CliConfig } | { done: string } {
  const args = simplifyArgs(argv);
  const config: CliConfig = {
    input: '',
    inputIsCode: false,
    outputFile: '',
    multiDir: null,
    createDirs: false,
    yamlStream: false,
    stringOutput: false,
    jpath: [],
    extVars: {},
    tlas: {},
  };
  // JSONNET_PATH entries come first, reversed, so that the left-most wins.
  const envPath = env.JSONNET_PATH ? env.JSONNET_PATH.split(path.delimiter) : [];
  for (let i = envPath.length - 1; i >= 0; i--) config.jpath.push(envPath[i]);

  const rest: string[] = [];
  let i = 0;
  const next = (): string => {
    i++;
    if (i >= args.length) throw new CliExit('Expected another commandline argument.\n', 1);
    return args[i];
  };
  const fail = (msg: string): never => {
    throw new CliExit(`ERROR: ${msg}\n`, 1);
  };
  const varVal = (kind: 'string' | 'code', into: Record<string, ExtValue>) => {
    const arg = next();
    const eq = arg.indexOf('=');
    if (eq < 0) {
      const fromEnv = env[arg];
      if (fromEnv === undefined) fail(`environment variable ${arg} was undefined`);
      into[arg] = { kind, value: fromEnv as string };
    } else into[arg.slice(0, eq)] = { kind, value: arg.slice(eq + 1) };
  };
  // Like go-jsonnet: a file-valued variable is the code `importstr @'file'` (or `import`), read when used.
  const varFile = (imp: 'importstr' | 'import', into: Record<string, ExtValue>) => {
    const arg = next();
    const eq = arg.indexOf('=');
    if (eq < 0) fail(`argument not in form <var>=<file> "${arg}"`);
    into[arg.slice(0, eq)] = { kind: 'code', value: `${imp} @'${arg.slice(eq + 1).replaceAll("'", "''")}'` };
  };

  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') return { done: usage() };
    else if (a === '-v' || a === '--version') return { done: versionLine() };
    else if (a === '-e' || a === '--exec') config.inputIsCode = true;
    else if (a === '-o' || a === '--output-file') {
      config.outputFile = next();
      if (config.outputFile === '') fail('-o argument was empty string');
    } else if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    } else if (a === '-s' || a === '--max-stack') {
      const n = safeInt(next());
      if (n < 1) fail(`invalid --max-stack value: ${n}`);
      config.maxStack = n;
    } else if (a === '-J' || a === '--jpath') {
      const dir = next();
      if (dir === '') fail('-J argument was empty string');
      config.jpath.push(dir);
    } else if (a === '-V' || a === '--ext-str') varVal('string', config.extVars);
    else if (a === '--ext-str-file') varFile('importstr', config.extVars);
    else if (a === '--ext-code') varVal('code', config.extVars);
    else if (a === '--ext-code-file') varFile('import', config.extVars);
    else if (a === '-A' || a === '--tla-str') varVal('string', config.tlas);
    else if (a === '--tla-str-file') varFile('importstr', config.tlas);
    else if (a === '--tla-code') varVal('code', config.tlas);
    else if (a === '--tla-code-file') varFile('import', config.tlas);
    else if (a === '--max-array-length' || a === '--max-string-length' || a === '--max-import-size') {
      const n = safeInt(next());
      if (n < 1) fail(`invalid ${a} value: ${n}`);
      if (a === '--max-array-length') config.maxArrayLength = n;
      else if (a === '--max-string-length') config.maxStringLength = n;
      else config.maxImportSize = n;
    } else if (a === '-t' || a === '--max-trace') {
      const n = safeInt(next());
      if (n < 0) fail(`invalid --max-trace value: ${n}`);
      config.maxTrace = n;
    } else if (a === '-m' || a === '--multi') {
      let dir = next();
      if (dir === '') fail('-m argument was empty string');
      if (!dir.endsWith('/')) dir += '/';
      config.multiDir = dir;
    } else if (a === '-c' || a === '--create-output-dirs') config.createDirs = true;
    else if (a === '-y' || a === '--yaml-stream') config.yamlStream = true;
    else if (a === '-S' || a === '--string') config.stringOutput = true;
    else if (a.length > 1 && a[0] === '-') fail(`unrecognized argument: ${a}`);
    else rest.push(a);
  }
  const want = config.inputIsCode ? 'code' : 'filename';
  if (rest.length === 0) throw new CliExit(`ERROR: must give ${want}\n\n${usage()}`, 1);
  if (rest.length > 1) fail(`only one ${want} is allowed`);
  config.input = rest[0];
  return { config };
}

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

/** Runs the command; returns the exit code. Output goes through `io`. */
export function runCli(argv: string[], io: CliIo): number {
  try {
    const parsed = parseArgs(argv, io.env);
    if ('done' in parsed) {
      io.stdout(parsed.done);
      return 0;
    }
    const config = parsed.config;
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
interface DeepStackRun {
  tktsJsonnetCli: true;
  argv: string[];
  /** Standard input, when the first attempt already read it. */
  stdin: string | undefined;
  /** std.trace lines the first attempt already printed (evaluation is deterministic, so they repeat). */
  skipTraces: number;
}

function processIo(readStdin: () => string, trace: (line: string) => void): CliIo {
  return { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env, readStdin, trace };
}

function main(entry: URL): void {
  // A closed pipe (`... | head`) ends the command quietly instead of with a Node stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const argv = process.argv.slice(2);
  let stdin: string | undefined;
  let traces = 0;
  const io = processIo(
    () => (stdin = readAllStdin()),
    (line) => {
      traces++;
      process.stderr.write(line);
    },
  );
  const code = runCli(argv, { ...io, canUseDeeperStack: true });
  if (code !== NEEDS_DEEPER_STACK) {
    process.exitCode = code;
    return;
  }
  // This thread's stack is too small: run again on a worker with one sized for --max-stack.
  const parsed = parseArgs(argv, process.env);
  const maxStack = 'config' in parsed ? (parsed.config.maxStack ?? MAIN_THREAD_FRAMES) : MAIN_THREAD_FRAMES;
  const run: DeepStackRun = { tktsJsonnetCli: true, argv, stdin, skipTraces: traces };
  void runOnDeepStack(entry, run, stackSizeMbFor(maxStack)).then((exitCode) => {
    process.exitCode = exitCode;
  });
}

function deepStackWorkerMain(run: DeepStackRun): void {
  let skip = run.skipTraces;
  const io = processIo(
    () => run.stdin ?? readAllStdin(),
    (line) => {
      if (skip > 0) skip--;
      else process.stderr.write(line);
    },
  );
  parentPort!.postMessage({ exitCode: runCli(run.argv, io) });
}

/** Runs the command, or (on the deep-stack worker that `entry` starts) its evaluation. */
export function start(entry: URL): void {
  if (!isMainThread && (workerData as DeepStackRun | null)?.tktsJsonnetCli === true) deepStackWorkerMain(workerData as DeepStackRun);
  else main(entry);
}

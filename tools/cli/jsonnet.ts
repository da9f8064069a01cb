// `tkts-jsonnet` (and `tkts jsonnet`): a command compatible with go-jsonnet's `jsonnet`: same
// options, output formats, messages and exit codes (0 success, 1 for Jsonnet errors and for usage
// errors, as go-jsonnet does). Its flags are read by flags.ts in go-jsonnet's dialect; jsonnet-run.ts
// evaluates and writes the output.

import * as path from 'node:path';
import type { Command } from './command.js';
import { UsageError } from './errors.js';
import { bool, list, str, type FlagSpec, type Parsed } from './flags.js';
import { writeStdout } from './output.js';
import type { CliConfig } from './jsonnet-run.js';

const VERSION = 'v0.21.0';

function usage(): string {
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

/** A usage error in go-jsonnet's words: printed as it is, exit 1. */
function usageError(text: string): never {
  throw new UsageError(text, 'go-jsonnet');
}

/** Go's strconv.Atoi, at least `min`. */
function intAtLeast(min: number, flag: string) {
  return (s: string) => {
    if (!/^[+-]?[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) usageError(`Invalid integer "${s}"\n`);
    if (Number(s) < min) usageError(`ERROR: invalid ${flag} value: ${Number(s)}\n`);
  };
}

function nonEmpty(flag: string) {
  return (s: string) => {
    if (s === '') usageError(`ERROR: ${flag} argument was empty string\n`);
  };
}

/** `<var>=<value>`, or `<var>` alone: the value of that environment variable. */
function varValue(s: string) {
  if (!s.includes('=') && process.env[s] === undefined) usageError(`ERROR: environment variable ${s} was undefined\n`);
}

function varFile(s: string) {
  if (!s.includes('=')) usageError(`ERROR: argument not in form <var>=<file> "${s}"\n`);
}

/** go-jsonnet's options (usage() describes them), each value checked as go-jsonnet checks it. */
const FLAGS: Record<string, FlagSpec> = {
  help: { short: 'h', kind: 'bool', final: true },
  version: { short: 'v', kind: 'bool', final: true },
  exec: { short: 'e', kind: 'bool' },
  jpath: { short: 'J', kind: 'list', check: nonEmpty('-J') },
  'output-file': { short: 'o', kind: 'string', check: nonEmpty('-o') },
  multi: { short: 'm', kind: 'string', check: nonEmpty('-m') },
  'create-output-dirs': { short: 'c', kind: 'bool' },
  'yaml-stream': { short: 'y', kind: 'bool' },
  string: { short: 'S', kind: 'bool' },
  'max-stack': { short: 's', kind: 'string', check: intAtLeast(1, '--max-stack') },
  'max-trace': { short: 't', kind: 'string', check: intAtLeast(0, '--max-trace') },
  'max-array-length': { kind: 'string', check: intAtLeast(1, '--max-array-length') },
  'max-string-length': { kind: 'string', check: intAtLeast(1, '--max-string-length') },
  'max-import-size': { kind: 'string', check: intAtLeast(1, '--max-import-size') },
  'ext-str': { short: 'V', kind: 'list', check: varValue },
  'ext-str-file': { kind: 'list', check: varFile },
  'ext-code': { kind: 'list', check: varValue },
  'ext-code-file': { kind: 'list', check: varFile },
  'tla-str': { short: 'A', kind: 'list', check: varValue },
  'tla-str-file': { kind: 'list', check: varFile },
  'tla-code': { kind: 'list', check: varValue },
  'tla-code-file': { kind: 'list', check: varFile },
};

/** What the parsed (and checked) command line asks for. */
function configFrom(p: Parsed, env: NodeJS.ProcessEnv): CliConfig {
  const int = (flag: string): number | undefined => (str(p, flag) === undefined ? undefined : Number(str(p, flag)));
  const multi = str(p, 'multi');
  const config: CliConfig = {
    input: '',
    inputIsCode: bool(p, 'exec'),
    outputFile: str(p, 'output-file') ?? '',
    multiDir: multi === undefined ? null : multi.endsWith('/') ? multi : multi + '/',
    createDirs: bool(p, 'create-output-dirs'),
    yamlStream: bool(p, 'yaml-stream'),
    stringOutput: bool(p, 'string'),
    // JSONNET_PATH entries come first, reversed, so that the left-most wins.
    jpath: [...(env.JSONNET_PATH ? env.JSONNET_PATH.split(path.delimiter) : []).reverse(), ...list(p, 'jpath')],
    extVars: {},
    tlas: {},
    maxStack: int('max-stack'),
    maxTrace: int('max-trace'),
    maxArrayLength: int('max-array-length'),
    maxStringLength: int('max-string-length'),
    maxImportSize: int('max-import-size'),
  };
  // In argument order, so that the last value given for a variable wins, whatever its kind.
  for (const [flag, arg] of p.given) {
    const m = /^(ext|tla)-(str|code)(-file)?$/.exec(flag);
    if (!m) continue;
    const into = m[1] === 'ext' ? config.extVars : config.tlas;
    const eq = arg.indexOf('=');
    // Like go-jsonnet: a file-valued variable is the code `importstr @'file'` (or `import`), read when used.
    if (m[3]) into[arg.slice(0, eq)] = { kind: 'code', value: `${m[2] === 'str' ? 'importstr' : 'import'} @'${arg.slice(eq + 1).replaceAll("'", "''")}'` };
    else if (eq < 0) into[arg] = { kind: m[2] === 'str' ? 'string' : 'code', value: env[arg] ?? '' };
    else into[arg.slice(0, eq)] = { kind: m[2] === 'str' ? 'string' : 'code', value: arg.slice(eq + 1) };
  }
  const want = config.inputIsCode ? 'code' : 'filename';
  if (p.args.length === 0) usageError(`ERROR: must give ${want}\n\n${usage()}`);
  if (p.args.length > 1) usageError(`ERROR: only one ${want} is allowed\n`);
  config.input = p.args[0];
  return config;
}

async function run(p: Parsed): Promise<number> {
  if (bool(p, 'version')) {
    writeStdout(versionLine());
    return 0;
  }
  const config = configFrom(p, process.env);
  const { runJsonnet } = await import('./jsonnet-run.js');
  return runJsonnet(config);
}

export const jsonnetCommand: Command = {
  name: 'jsonnet',
  summary: "evaluate Jsonnet as go-jsonnet's jsonnet command does (also the tkts-jsonnet command)",
  get help() {
    return usage();
  },
  flags: FLAGS,
  dialect: 'go-jsonnet',
  run,
};

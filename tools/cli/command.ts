// The shape every `tkts` subcommand has, and the one place that runs it: parse the flags
// (flags.ts), answer --help, warn about tk-only flags that do nothing here, and turn a thrown
// error into a message and an exit code (errors.ts). Commands stay thin: they call the library
// (tanka, charts, validate, diff, tilt) and print.

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportError, UsageError, type Dialect } from './errors.js';
import { bool, flagTable, noEffectWarnings, parseFlags, type FlagSpec, type Parsed } from './flags.js';

export interface Command {
  /** As typed after `tkts`: `show`, `env list`, `charts add`. */
  name: string;
  /** One line for `tkts --help`. */
  summary: string;
  /**
   * The `--help` text before the flags, starting with its `Usage:` line; the flag table is generated
   * from `flags` (helpText). The go-jsonnet dialect prints this text alone: it is go-jsonnet's usage.
   */
  help: string;
  /** Printed after the flag table (notes, configuration files, exit codes). */
  helpNotes?: string;
  flags: Record<string, FlagSpec>;
  /** How the command line is read (default pflag's, as tk's; go-jsonnet's for the jsonnet command). */
  dialect?: Dialect;
  /** Exit code of a failure that stops the run: 2 where exit 1 already means findings or differences. */
  failureExit?: 1 | 2;
  /** Runs with the parsed flags and arguments; returns the exit code, or throws (see errors.ts). */
  run(parsed: Parsed): Promise<number>;
}

/** A command with subcommands (`env list`, `charts add`): the first argument picks one. */
export interface CommandGroup {
  name: string;
  summary: string;
  help: string;
  subcommands: Command[];
}

const HELP_FLAG: FlagSpec = { short: 'h', kind: 'bool', help: 'this text' };

/** A command's whole `--help` text: its usage, the flags generated from their specs, its notes. */
export function helpText(command: Command): string {
  if (command.dialect === 'go-jsonnet') return command.help;
  const notes = command.helpNotes ? `\n${command.helpNotes}` : '';
  return `${command.help.trimEnd()}\n\nFlags:\n${flagTable({ ...command.flags, help: HELP_FLAG })}${notes}`;
}

/** Runs a command on its arguments (those after its name) and returns the exit code. */
export async function execute(command: Command | CommandGroup, argv: string[]): Promise<number> {
  const stderr = (s: string) => process.stderr.write(s);
  let failureExit: 1 | 2 = 1;
  try {
    if ('subcommands' in command) {
      const [name, ...rest] = argv;
      if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
        process.stdout.write(command.help);
        return 0;
      }
      const sub = command.subcommands.find((c) => c.name === `${command.name} ${name}`);
      if (!sub) throw new UsageError(`unknown command "${name}" for "tkts ${command.name}" (see tkts ${command.name} --help)`);
      return await execute(sub, rest);
    }
    failureExit = command.failureExit ?? 1;
    const parsed = parseFlags(argv, { help: HELP_FLAG, ...command.flags }, command.dialect);
    if (bool(parsed, 'help')) {
      process.stdout.write(helpText(command));
      return 0;
    }
    for (const w of noEffectWarnings(parsed, command.flags)) stderr(w);
    return await command.run(parsed);
  } catch (e) {
    return reportError(e, stderr, failureExit);
  }
}

/** The arguments, or a usage error naming how many the command takes. */
export function expectArgs(p: Parsed, min: number, max: number, usage: string): string[] {
  if (p.args.length < min || p.args.length > max) {
    const want = min === max ? `${min} argument${min === 1 ? '' : 's'}` : max === Infinity ? `at least ${min} arguments` : `${min} to ${max} arguments`;
    throw new UsageError(`expected ${want}, got ${p.args.length}\nUsage: tkts ${usage}`);
  }
  return p.args;
}

/** True when `moduleUrl` is the script Node was started with (not an import of it). */
export function isEntryPoint(moduleUrl: string): boolean {
  if (!process.argv[1]) return false;
  try {
    const file = fileURLToPath(moduleUrl);
    // Node gives the script's absolute path: compare links only when the names differ.
    return process.argv[1] === file || fs.realpathSync(process.argv[1]) === fs.realpathSync(file);
  } catch {
    return false;
  }
}

/** Runs a command line as the whole process: its exit code becomes the process's. */
export function runAsProcess(run: () => Promise<number>): void {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void run().then((code) => {
    process.exitCode = code;
  });
}

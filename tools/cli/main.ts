#!/usr/bin/env node
// `tkts`: the toolkit's command line, one entry for every subcommand. Each subcommand is a
// Command (command.ts): its flags on the pflag-compatible parser (flags.ts), its help text, and
// run(), which calls the library. Exit codes (errors.ts): 0 ok, 1 a failure the user can fix,
// 2 a usage or internal error.

import { charts } from './charts.js';
import { execute, isEntryPoint, runAsProcess, type Command, type CommandGroup } from './command.js';
import { diffCommand } from './diff.js';
import { jsonnetCommand } from './jsonnet.js';
import { reportError, UsageError } from './errors.js';
import { env, evalCommand, exportCommand, show } from './tanka.js';
import { tiltCommand } from './tilt.js';
import { validateCommand } from './validate.js';
import { vendorCommand } from './vendor.js';

export const COMMANDS: (Command | CommandGroup)[] = [show, exportCommand, evalCommand, env, vendorCommand, charts, validateCommand, tiltCommand, diffCommand, jsonnetCommand];

function usage(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}\n`).join('');
  return `Usage: tkts <command> [flags]

Commands:
${rows}
tkts <command> --help shows a command's flags. show, export, eval and env list take tk's arguments and flags.
`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return reportError(new UsageError(`unknown command "${name}" for "tkts"\n\n${usage()}`), (s) => process.stderr.write(s));
  return execute(command, rest);
}

if (isEntryPoint(import.meta.url)) runAsProcess(() => main(process.argv.slice(2)));

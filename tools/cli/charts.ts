// `tkts charts`: edit chartfile.yaml like `tk tool charts` (init, add, add-repo, config)
// and run the vendor step (vendor, check). Exit codes: 0 ok, 1 failure, 2 usage.
// The library is imported when a subcommand runs: every `tkts` start loads this module.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { ChartsError } from '../charts/errors.js';
import type { Command, CommandGroup } from './command.js';
import { UsageError } from './errors.js';
import { bool, type Parsed } from './flags.js';
import { flagTable } from './flags.js';
import { runCheck, runVendor, vendorOptions, VENDOR_FLAGS, VENDOR_NOTES, type VendorCliOptions } from './vendor.js';

const CHARTS_USAGE = `Usage: tkts charts <command> [flags]

Commands:
  init                         write a new chartfile.yaml
  add <repo/chart@version[:dir]>...
                               add (or re-pin) charts in chartfile.yaml, then vendor them
                               (--no-vendor to only edit the file)
  add-repo <name> <url>        add a repository (http(s):// or oci://)
  config                       print the parsed chartfile
  vendor [flags]               same as \`tkts vendor\`
  check                        same as \`tkts vendor --check\`

Flags of every command (add also takes --no-vendor):
${flagTable(VENDOR_FLAGS)}
${VENDOR_NOTES}`;

// Tanka's syntax for `tk tool charts add`.
const ADD_ARG = /^([\w+\-/.]+)@([^:\n\s]+)(?::([\w\-. ]+))?$/;

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

function addCommand(): Command {
  return {
    name: 'charts add',
    summary: 'add (or re-pin) charts in chartfile.yaml, then vendor them',
    help: 'Usage: tkts charts add <repo/chart@version[:dir]>...\n\nAdds (or re-pins) charts in chartfile.yaml, then vendors them.',
    helpNotes: VENDOR_NOTES,
    flags: { ...VENDOR_FLAGS, 'no-vendor': { kind: 'bool', help: 'only edit chartfile.yaml' } },
    async run(p) {
      const opts = vendorOptions(p);
      const path = opts.chartfile;
      if (p.args.length === 0) throw new UsageError('add needs at least one repo/chart@version');
      const [{ addRequirement, parseChartfile }, { parseVersion }] = await Promise.all([import('../charts/chartfile.js'), import('../charts/semver.js')]);
      let text = await readFile(path, 'utf8');
      for (const arg of p.args) {
        const m = ADD_ARG.exec(arg);
        if (!m) throw new UsageError(`"${arg}" is not repo/chart@version[:directory]`);
        if (!parseVersion(m[2]!)) throw new UsageError(`"${m[2]}" in "${arg}" is not a semantic version (MAJOR.MINOR.PATCH)`);
        text = addRequirement(text, path, { chart: m[1]!, version: m[2]!, directory: m[3] });
      }
      parseChartfile(text, path); // refuse to write a chartfile that does not validate
      await writeAtomic(path, text);
      process.stderr.write(`added ${p.args.join(', ')} to ${path}\n`);
      if (bool(p, 'no-vendor')) return 0;
      return await runVendor(opts, bool(p, 'quiet'));
    },
  };
}

/** A `charts` subcommand that takes the vendor flags and no arguments beyond `args`. */
function sub(name: string, summary: string, args: [number, number], run: (p: Parsed, opts: VendorCliOptions) => Promise<number>): Command {
  return {
    name: `charts ${name}`,
    summary,
    help: `Usage: tkts charts ${name}${args[1] === 2 ? ' <name> <url>' : ''}\n\n${summary[0].toUpperCase()}${summary.slice(1)}.`,
    helpNotes: VENDOR_NOTES,
    flags: VENDOR_FLAGS,
    run: async (p) => {
      if (p.args.length < args[0] || p.args.length > args[1]) {
        throw new UsageError(args[1] === 0 ? `unexpected argument "${p.args[0]}"` : `${name} needs ${args[0] === args[1] ? args[0] : `${args[0]} to ${args[1]}`} arguments (see tkts charts --help)`);
      }
      return run(p, vendorOptions(p));
    },
  };
}

export const charts: CommandGroup = {
  name: 'charts',
  summary: 'edit chartfile.yaml (init, add, add-repo, config) and vendor (see tkts charts --help)',
  help: CHARTS_USAGE,
  subcommands: [
    sub('init', 'write a new chartfile.yaml', [0, 0], async (_p, opts) => {
      if (existsSync(opts.chartfile)) throw new ChartsError(`chartfile at '${opts.chartfile}' already exists. Aborting`);
      const { initialChartfile } = await import('../charts/chartfile.js');
      await writeFile(opts.chartfile, initialChartfile());
      process.stderr.write(`wrote ${opts.chartfile}\n`);
      return 0;
    }),
    addCommand(),
    sub('add-repo', 'add a repository (http(s):// or oci://)', [2, 2], async (p, opts) => {
      const [name, url] = p.args as [string, string];
      const { addRepository, parseChartfile, REPO_NAME } = await import('../charts/chartfile.js');
      if (!REPO_NAME.test(name)) throw new UsageError(`repository name "${name}" must match ${REPO_NAME.source}`);
      const text = addRepository(await readFile(opts.chartfile, 'utf8'), opts.chartfile, name, url);
      parseChartfile(text, opts.chartfile);
      await writeAtomic(opts.chartfile, text);
      process.stderr.write(`added repository ${name} (${url}) to ${opts.chartfile}\n`);
      return 0;
    }),
    sub('config', 'print the parsed chartfile', [0, 0], async (_p, opts) => {
      const [{ loadChartfile }, { stringify }] = await Promise.all([import('../charts/chartfile.js'), import('yaml')]);
      const cf = await loadChartfile(opts.chartfile);
      process.stdout.write(stringify({
        version: cf.version,
        directory: cf.directory,
        repositories: cf.repositories.map(({ line: _l, ...r }) => r),
        requires: cf.requires.map(({ line: _l, repo: _r, name: _n, ...r }) => r),
      }));
      return 0;
    }),
    sub('vendor', 'same as `tkts vendor`', [0, 0], (p, opts) => (bool(p, 'check') ? runCheck(opts) : runVendor(opts, bool(p, 'quiet')))),
    sub('check', 'same as `tkts vendor --check`', [0, 0], (_p, opts) => runCheck(opts)),
  ],
};

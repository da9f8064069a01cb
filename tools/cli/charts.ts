// `tkts charts`: edit chartfile.yaml like `tk tool charts` (init, add, add-repo, config)
// and run the vendor step (vendor, check). Exit codes: 0 ok, 1 failure, 2 usage.
import { existsSync, realpathSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { addRepository, addRequirement, initialChartfile, loadChartfile, parseChartfile, REPO_NAME } from '../charts/chartfile.js';
import { ChartsError } from '../charts/errors.js';
import { parseVersion } from '../charts/semver.js';
import {
  parseArgs, reportError, runCheck, runVendor, UsageError, vendorOptions, VENDOR_BOOLS, VENDOR_VALUED, VENDOR_USAGE,
} from './vendor.js';

export const CHARTS_USAGE = `Usage: tkts charts <command> [flags]

Commands:
  init                         write a new chartfile.yaml
  add <repo/chart@version[:dir]>...
                               add (or re-pin) charts in chartfile.yaml, then vendor them
                               (--no-vendor to only edit the file)
  add-repo <name> <url>        add a repository (http(s):// or oci://)
  config                       print the parsed chartfile
  vendor [flags]               same as \`tkts vendor\`
  check                        same as \`tkts vendor --check\`

${VENDOR_USAGE}`;

// Tanka's syntax for `tk tool charts add`.
const ADD_ARG = /^([\w+\-/.]+)@([^:\n\s]+)(?::([\w\-. ]+))?$/;

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export async function run(argv: string[]): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
      process.stdout.write(CHARTS_USAGE);
      return cmd === undefined ? 2 : 0;
    }
    const bools = new Set([...VENDOR_BOOLS, 'no-vendor']);
    const { flags, positional } = parseArgs(rest, VENDOR_VALUED, bools);
    if (flags.has('help')) {
      process.stdout.write(CHARTS_USAGE);
      return 0;
    }
    const opts = vendorOptions(flags);
    const path = opts.chartfile;
    switch (cmd) {
      case 'init': {
        if (existsSync(path)) throw new ChartsError(`chartfile at '${path}' already exists. Aborting`);
        await writeFile(path, initialChartfile());
        process.stderr.write(`wrote ${path}\n`);
        return 0;
      }
      case 'add': {
        if (positional.length === 0) throw new UsageError('add needs at least one repo/chart@version');
        let text = await readFile(path, 'utf8');
        for (const arg of positional) {
          const m = ADD_ARG.exec(arg);
          if (!m) throw new UsageError(`"${arg}" is not repo/chart@version[:directory]`);
          if (!parseVersion(m[2]!)) throw new UsageError(`"${m[2]}" in "${arg}" is not a semantic version (MAJOR.MINOR.PATCH)`);
          text = addRequirement(text, path, { chart: m[1]!, version: m[2]!, directory: m[3] });
        }
        parseChartfile(text, path); // refuse to write a chartfile that does not validate
        await writeAtomic(path, text);
        process.stderr.write(`added ${positional.join(', ')} to ${path}\n`);
        if (flags.has('no-vendor')) return 0;
        return await runVendor(opts, flags.has('quiet'));
      }
      case 'add-repo': {
        if (positional.length !== 2) throw new UsageError('add-repo needs <name> <url>');
        const [name, url] = positional as [string, string];
        if (!REPO_NAME.test(name)) throw new UsageError(`repository name "${name}" must match ${REPO_NAME.source}`);
        const text = addRepository(await readFile(path, 'utf8'), path, name, url);
        parseChartfile(text, path);
        await writeAtomic(path, text);
        process.stderr.write(`added repository ${name} (${url}) to ${path}\n`);
        return 0;
      }
      case 'config': {
        const cf = await loadChartfile(path);
        process.stdout.write(stringify({
          version: cf.version,
          directory: cf.directory,
          repositories: cf.repositories.map(({ line: _l, ...r }) => r),
          requires: cf.requires.map(({ line: _l, repo: _r, name: _n, ...r }) => r),
        }));
        return 0;
      }
      case 'vendor':
        return flags.has('check') ? await runCheck(opts) : await runVendor(opts, flags.has('quiet'));
      case 'check':
        return await runCheck(opts);
      default:
        throw new UsageError(`unknown command "${cmd}" (see tkts charts --help)`);
    }
  } catch (err) {
    return reportError(err);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

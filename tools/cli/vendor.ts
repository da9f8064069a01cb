// `tkts vendor`: vendor the Helm charts chartfile.yaml pins (see tools/charts/vendor.ts) and the
// Jsonnet dependencies jsonnetfile.json names (tools/charts/jsonnet-vendor.ts).
// Exit codes: 0 ok, 1 failure or --check findings, 2 usage or internal error.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChartsError, ChartsErrors } from '../charts/errors.js';
import { streamReporter } from '../charts/progress.js';
import { checkJsonnet, vendorJsonnet } from '../charts/jsonnet-vendor.js';
import { check, vendor, type VendorOptions } from '../charts/vendor.js';
import { reportUnexpected } from './errors.js';

export const VENDOR_USAGE = `Usage: tkts vendor [flags]

Makes the charts folder hold exactly the charts chartfile.yaml pins, with their dependencies,
verified against chartfile.lock.json, and vendor/ the Jsonnet dependencies jsonnetfile.json
names (as jsonnet-bundler's jb install does), verified against jsonnetfile.lock.json. Lock
files are written when requirements change.

Flags:
  --chartfile FILE   chartfile to use (default ./chartfile.yaml); jsonnetfile.json is beside it
  --mirror DIR       read charts from an offline mirror folder (default: env CHART_MIRROR)
  --jsonnet-mirror DIR  read Jsonnet dependencies from an offline mirror (default: env
                     JSONNET_MIRROR; else git remotes through the git command)
  --check            verify charts/ and vendor/ against the locks, offline, changing nothing
  --prune            remove charts and vendor/ folders no longer required
  --frozen           fail instead of changing the lock file (CI)
  --update           re-resolve every chart and dependency, ignoring the lock
  --parallel N       concurrent downloads (default 4)
  --timeout SECONDS  per-request timeout (default 60)
  --plain-http       talk plain http to OCI registries (loopback registries always do)
  -q, --quiet        print errors only
Credentials for a repository NAME come from the environment only:
  TKTS_REPO_<NAME>_USERNAME / TKTS_REPO_<NAME>_PASSWORD (basic) or TKTS_REPO_<NAME>_TOKEN (bearer).
`;

export class UsageError extends Error {}

interface Parsed {
  flags: Map<string, string | true>;
  positional: string[];
}

/** Parses `--flag`, `--flag value`, `--flag=value`; `valued` names flags that take a value. */
export function parseArgs(argv: string[], valued: Set<string>, bools: Set<string>): Parsed {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (a === '-h') { flags.set('help', true); continue; }
    if (a === '-q') { flags.set('quiet', true); continue; }
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (valued.has(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, v);
    } else if (bools.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown flag --${name}`);
    }
  }
  return { flags, positional };
}

function positiveNumber(v: string | true | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number`);
  return n;
}

export const VENDOR_VALUED = new Set(['chartfile', 'mirror', 'jsonnet-mirror', 'parallel', 'timeout']);
export const VENDOR_BOOLS = new Set(['check', 'prune', 'frozen', 'update', 'plain-http', 'quiet', 'help']);

export interface VendorCliOptions extends VendorOptions {
  jsonnetMirror?: string;
  /** chartfile.yaml exists (or was named): vendor charts too. */
  charts: boolean;
}

export function vendorOptions(flags: Map<string, string | true>): VendorCliOptions {
  const parallel = positiveNumber(flags.get('parallel'), 'parallel');
  const timeout = positiveNumber(flags.get('timeout'), 'timeout');
  return {
    chartfile: resolve(String(flags.get('chartfile') ?? 'chartfile.yaml')),
    mirror: typeof flags.get('mirror') === 'string' ? String(flags.get('mirror')) : undefined,
    jsonnetMirror: typeof flags.get('jsonnet-mirror') === 'string' ? String(flags.get('jsonnet-mirror')) : undefined,
    charts: flags.has('chartfile') || existsSync(resolve('chartfile.yaml')),
    prune: flags.has('prune'),
    frozen: flags.has('frozen'),
    update: flags.has('update'),
    plainHttp: flags.has('plain-http'),
    parallel: parallel === undefined ? undefined : Math.floor(parallel),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    reporter: streamReporter(process.stderr, flags.has('quiet')),
  };
}

/** Prints an error (each collected error on its own line) and returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    return 2;
  }
  if (err instanceof ChartsErrors) {
    for (const e of err.errors) process.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  if (err instanceof ChartsError) {
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  return reportUnexpected(err, (s) => process.stderr.write(s), 'error: ');
}

export async function runCheck(opts: VendorCliOptions): Promise<number> {
  const started = Date.now();
  const res = opts.charts ? await check(opts) : { problems: [], warnings: [] };
  const jb = await checkJsonnet({ root: dirname(opts.chartfile) });
  const warnings = [...res.warnings, ...jb.warnings];
  const problems = [...res.problems, ...jb.problems];
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  for (const p of problems) process.stderr.write(`error: ${p}\n`);
  if (problems.length > 0) return 1;
  process.stderr.write(`charts and Jsonnet dependencies match the locks (${Date.now() - started} ms)\n`);
  return 0;
}

function summary(parts: [number, string][], lockChanged: boolean): string {
  const out = parts.filter(([n, what]) => n > 0 || what !== 'pruned').map(([n, what]) => `${n} ${what}`);
  if (lockChanged) out.push('lock file updated');
  return out.join(', ');
}

export async function runVendor(opts: VendorCliOptions, quiet: boolean): Promise<number> {
  let started = Date.now();
  if (opts.charts) {
    const res = await vendor(opts);
    if (!quiet) process.stderr.write(`charts: ${summary([[res.vendored.length, 'vendored'], [res.unchanged.length, 'unchanged'], [res.pruned.length, 'pruned']], res.lockChanged)} (${Date.now() - started} ms)\n`);
  }
  started = Date.now();
  const jb = await vendorJsonnet({
    root: dirname(opts.chartfile),
    mirror: opts.jsonnetMirror,
    frozen: opts.frozen,
    update: opts.update,
    prune: opts.prune,
    parallel: opts.parallel,
    timeoutMs: opts.timeoutMs,
    reporter: opts.reporter,
    env: opts.env,
  });
  if (!quiet && jb.installed.length + jb.unchanged.length + jb.pruned.length > 0) {
    process.stderr.write(`jsonnet: ${summary([[jb.installed.length, 'vendored'], [jb.unchanged.length, 'unchanged'], [jb.pruned.length, 'pruned']], jb.lockChanged)} (${Date.now() - started} ms)\n`);
  }
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  try {
    const { flags, positional } = parseArgs(argv, VENDOR_VALUED, VENDOR_BOOLS);
    if (flags.has('help')) {
      process.stdout.write(VENDOR_USAGE);
      return 0;
    }
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const opts = vendorOptions(flags);
    if (flags.has('check')) return await runCheck(opts);
    return await runVendor(opts, flags.has('quiet'));
  } catch (err) {
    return reportError(err);
  }
}

// Runnable directly: node dist/tools/cli/vendor.js [flags]
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

// `tkts vendor`: vendor the Helm charts chartfile.yaml pins (see tools/charts/vendor.ts) and the
// Jsonnet dependencies jsonnetfile.json names (tools/charts/jsonnet-vendor.ts).
// Exit codes: 0 ok, 1 failure or --check findings, 2 usage or internal error.
// The library is imported when the command runs: every `tkts` start loads this module.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { streamReporter } from '../charts/progress.js';
import type { VendorOptions } from '../charts/vendor.js';
import type { Command } from './command.js';
import { UsageError } from './errors.js';
import { bool, str, type FlagSpec, type Parsed } from './flags.js';

const VENDOR_USAGE = `Usage: tkts vendor [flags]

Makes the charts folder hold exactly the charts chartfile.yaml pins, with their dependencies,
verified against chartfile.lock.json, and vendor/ the Jsonnet dependencies jsonnetfile.json
names (as jsonnet-bundler's jb install does), verified against jsonnetfile.lock.json. Lock
files are written when requirements change.

`;

export const VENDOR_NOTES = `Credentials for a repository NAME come from the environment only:
  TKTS_REPO_<NAME>_USERNAME / TKTS_REPO_<NAME>_PASSWORD (basic) or TKTS_REPO_<NAME>_TOKEN (bearer).
`;

/** The flags of `vendor` and of every `charts` subcommand. */
export const VENDOR_FLAGS: Record<string, FlagSpec> = {
  chartfile: { kind: 'string', value: 'FILE', help: 'chartfile to use (default ./chartfile.yaml); jsonnetfile.json is beside it' },
  mirror: { kind: 'string', value: 'DIR', help: 'read charts from an offline mirror folder (default: env CHART_MIRROR)' },
  'jsonnet-mirror': { kind: 'string', value: 'DIR', help: 'read Jsonnet dependencies from an offline mirror (default: env JSONNET_MIRROR; else git remotes through the git command)' },
  parallel: { kind: 'string', value: 'N', help: 'concurrent downloads (default 4)' },
  timeout: { kind: 'string', value: 'SECONDS', help: 'per-request timeout (default 60)' },
  check: { kind: 'bool', help: 'verify charts/ and vendor/ against the locks, offline, changing nothing' },
  prune: { kind: 'bool', help: 'remove charts and vendor/ folders no longer required' },
  frozen: { kind: 'bool', help: 'fail instead of changing the lock file (CI)' },
  update: { kind: 'bool', help: 're-resolve every chart and dependency, ignoring the lock' },
  'plain-http': { kind: 'bool', help: 'talk plain http to OCI registries (loopback registries always do)' },
  quiet: { short: 'q', kind: 'bool', help: 'print errors only' },
};

function positiveNumber(p: Parsed, name: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number`);
  return n;
}

export interface VendorCliOptions extends VendorOptions {
  jsonnetMirror?: string;
  /** chartfile.yaml exists (or was named): vendor charts too. */
  charts: boolean;
}

export function vendorOptions(p: Parsed): VendorCliOptions {
  const parallel = positiveNumber(p, 'parallel');
  const timeout = positiveNumber(p, 'timeout');
  return {
    chartfile: resolve(str(p, 'chartfile') ?? 'chartfile.yaml'),
    mirror: str(p, 'mirror'),
    jsonnetMirror: str(p, 'jsonnet-mirror'),
    charts: str(p, 'chartfile') !== undefined || existsSync(resolve('chartfile.yaml')),
    prune: bool(p, 'prune'),
    frozen: bool(p, 'frozen'),
    update: bool(p, 'update'),
    plainHttp: bool(p, 'plain-http'),
    parallel: parallel === undefined ? undefined : Math.floor(parallel),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    reporter: streamReporter(process.stderr, bool(p, 'quiet')),
  };
}

export async function runCheck(opts: VendorCliOptions): Promise<number> {
  const started = Date.now();
  const [{ check }, { checkJsonnet }] = await Promise.all([import('../charts/vendor.js'), import('../charts/jsonnet-vendor.js')]);
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
    const { vendor } = await import('../charts/vendor.js');
    const res = await vendor(opts);
    if (!quiet) process.stderr.write(`charts: ${summary([[res.vendored.length, 'vendored'], [res.unchanged.length, 'unchanged'], [res.pruned.length, 'pruned']], res.lockChanged)} (${Date.now() - started} ms)\n`);
  }
  started = Date.now();
  const { vendorJsonnet } = await import('../charts/jsonnet-vendor.js');
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

export const vendorCommand: Command = {
  name: 'vendor',
  summary: 'vendor the Helm charts and Jsonnet dependencies the project pins (--check verifies)',
  help: VENDOR_USAGE,
  helpNotes: VENDOR_NOTES,
  flags: VENDOR_FLAGS,
  async run(p) {
    if (p.args.length > 0) throw new UsageError(`unexpected argument "${p.args[0]}"`);
    const opts = vendorOptions(p);
    return bool(p, 'check') ? await runCheck(opts) : await runVendor(opts, bool(p, 'quiet'));
  },
};

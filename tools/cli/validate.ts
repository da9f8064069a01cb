// `tkts validate` / `npm run validate`: check every environment's objects
// (schemas, CRDs, policies, references), or plain manifests with --manifests.
// Exit codes: 0 clean (warnings allowed), 1 findings or failed checks, 2 usage or internal error.
//
// The library is imported when the command runs (every `tkts` start loads this module), and the
// Tanka layer and the chart check only when needed, so `--manifests` works even where they are missing.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { onDeepStack, rerunOnDeepStack, serveOnDeepStack } from './deep-rerun.js';
import type { ExternalDeclarations, Finding, InputObject, Severity, ValidationResult } from '../validate/index.js';
import type { ReportFormat, RunSummary, StepResult } from '../validate/report.js';
import type { Command } from './command.js';
import { UsageError } from './errors.js';
import { bool, str, type Parsed } from './flags.js';

const VALIDATE_USAGE = `Usage: tkts validate [flags] [<environment path>...]
       tkts validate --manifests <file or folder>...

Evaluates every environment under environments/ (or the given paths) and checks every object:
schemas of built-in kinds and CRDs (strict), policies, references between objects.
First checks charts/ and vendor/ against their locks (as tkts vendor does offline) and the Jsonnet formatting (jsonnetfmt).
An environment is evaluated again only when a file it read, a chart it rendered, helm or the toolkit changed
(results kept in .cache/tkts/evaluations, or TKTS_CACHE_DIR, compiled schemas in .cache/tkts/schemas;
--no-cache evaluates and compiles everything).

`;

const VALIDATE_NOTES = `validate.config.json (all optional):
  { "kubernetesVersion": "1.32",
    "external": { "crdGroups": ["..."], "crdKinds": ["group/Kind"], "objects": ["Secret/ns/name", "Kind/name"] },
    "rules": { "<rule id>": "off" | "warning" | "error" },
    "s3Stores": ["<app>", ...]   apps that each need their own S3 bucket and credentials,
    "environments": { "<environment name>": { "production": true, "kubernetesVersion": "1.33", "external": {...}, "rules": {...} } } }
Opt out of a rule on one object with the annotation validate.platform/skip-<rule id>: "<reason>".
`;

interface Flags {
  manifests: boolean;
  format: ReportFormat;
  kubeVersion?: string;
  production?: boolean;
  config?: string;
  mirror?: string;
  parallel?: number;
  vendorCheck: boolean;
  fmtCheck: boolean;
  noCache: boolean;
  positional: string[];
}

const FORMATS = ['text', 'json', 'junit', 'github'];

function validateFlags(p: Parsed): Flags {
  const format = str(p, 'format') ?? (bool(p, 'json') ? 'json' : 'text');
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, json, junit or github (got "${format}")`);
  const parallel = str(p, 'parallel');
  const n = Number(parallel);
  if (parallel !== undefined && (!Number.isInteger(n) || n < 1)) throw new UsageError('--parallel must be a positive integer');
  return {
    manifests: bool(p, 'manifests'),
    format: format as ReportFormat,
    kubeVersion: str(p, 'kube-version'),
    production: bool(p, 'production') ? true : undefined,
    config: str(p, 'config'),
    mirror: str(p, 'mirror'),
    parallel: parallel === undefined ? undefined : n,
    vendorCheck: !bool(p, 'no-vendor-check'),
    fmtCheck: !bool(p, 'no-fmt-check'),
    noCache: bool(p, 'no-cache'),
    positional: p.args,
  };
}

interface EnvConfig {
  kubernetesVersion?: string;
  production?: boolean;
  external?: ExternalDeclarations;
  rules?: Record<string, 'off' | Severity>;
  s3Stores?: string[];
}

interface ProjectConfig extends EnvConfig {
  environments?: Record<string, EnvConfig>;
}

function findProjectRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'jsonnetfile.json')) || existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(from);
    dir = up;
  }
}

function readConfig(root: string, file: string | undefined): ProjectConfig {
  const path = file ? resolve(file) : join(root, 'validate.config.json');
  if (!existsSync(path)) {
    if (file) throw new UsageError(`config file ${file} does not exist`);
    return {};
  }
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as ProjectConfig;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new Error('must be a JSON object');
    return c;
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function mergeExternal(a: ExternalDeclarations | undefined, b: ExternalDeclarations | undefined): ExternalDeclarations {
  return {
    crdGroups: [...(a?.crdGroups ?? []), ...(b?.crdGroups ?? [])],
    crdKinds: [...(a?.crdKinds ?? []), ...(b?.crdKinds ?? [])],
    objects: [...(a?.objects ?? []), ...(b?.objects ?? [])],
  };
}

async function vendorCheckStep(root: string): Promise<StepResult> {
  const name = 'vendor --check';
  if (!existsSync(join(root, 'chartfile.yaml'))) return { name, status: 'skipped', detail: 'no chartfile.yaml' };
  let charts: typeof import('../charts/vendor.js');
  let jsonnet: typeof import('../charts/jsonnet-vendor.js');
  try {
    [charts, jsonnet] = await Promise.all([import('../charts/vendor.js'), import('../charts/jsonnet-vendor.js')]);
  } catch (e) {
    return { name, status: 'skipped', detail: `chart check unavailable (${(e as Error).message.split('\n')[0]})` };
  }
  const results = [await charts.check({ chartfile: join(root, 'chartfile.yaml') }), await jsonnet.checkJsonnet({ root })];
  // The step's line in the report says what failed; the details go to stderr, keeping machine formats clean.
  for (const r of results) for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  const problems = results.flatMap((r) => r.problems);
  for (const p of problems) process.stderr.write(`error: ${p}\n`);
  return problems.length === 0
    ? { name, status: 'ok' }
    : { name, status: 'failed', detail: 'charts/ or vendor/ does not match chartfile.lock.json / jsonnetfile.lock.json (run npm run vendor)' };
}

function jsonnetFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'vendor' || e.name === 'node_modules' || e.name === 'charts') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(jsonnet|libsonnet)$/.test(e.name)) out.push(p);
    }
  };
  for (const d of ['lib', 'environments']) walk(join(root, d));
  return out.sort();
}

async function fmtCheckStep(root: string): Promise<StepResult> {
  const name = 'jsonnetfmt --test';
  const { execa } = await import('execa');
  try {
    await execa('jsonnetfmt', ['--version']);
  } catch {
    return { name, status: 'skipped', detail: 'jsonnetfmt is not installed' };
  }
  const files = jsonnetFiles(root);
  if (files.length === 0) return { name, status: 'skipped', detail: 'no Jsonnet files' };
  const bad: string[] = [];
  // jsonnetfmt --test exits non-zero without naming the file, so check in batches and narrow down on failure.
  for (let i = 0; i < files.length; i += 50) {
    const batch = files.slice(i, i + 50);
    try {
      await execa('jsonnetfmt', ['--test', '--', ...batch]);
    } catch {
      for (const f of batch) {
        try {
          await execa('jsonnetfmt', ['--test', '--', f]);
        } catch {
          bad.push(relative(root, f));
        }
      }
    }
  }
  return bad.length ? { name, status: 'failed', detail: `not formatted: ${bad.join(', ')} (run jsonnetfmt -i)` } : { name, status: 'ok', detail: `${files.length} files` };
}

interface TankaModule {
  findEnvironments(p: string, opts?: object): Promise<{ env: { metadata: { name: string; labels?: Record<string, string> } }; dir: string; inline: boolean }[]>;
  runEnvironmentJobs(
    jobs: { path: string; name?: string; reuseEvaluation?: boolean; options?: { noCache: boolean } }[],
    parallel?: number,
  ): Promise<({ ok: true; path: string; env: TankaEnv; manifests: Record<string, unknown>[]; sources?: ({ file: string; line: number; column: number } | null)[] } | { ok: false; path: string; name?: string; error: string })[]>;
}

interface TankaEnv {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { namespace?: string; expectVersions?: Record<string, string> };
}

/** `spec.expectVersions.kubernetes` of an environment's spec.json (Tanka itself ignores the key). */
function specKubernetesVersion(envPath: string): string | undefined {
  const file = statSync(envPath).isDirectory() ? join(envPath, 'spec.json') : join(dirname(envPath), 'spec.json');
  if (!existsSync(file)) return undefined;
  try {
    const v = (JSON.parse(readFileSync(file, 'utf8')) as { spec?: { expectVersions?: { kubernetes?: unknown } } }).spec?.expectVersions?.kubernetes;
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return undefined; // Tanka reports a broken spec.json itself
  }
}

function problem(environment: string, message: string): Finding {
  return { rule: 'environment', severity: 'error', message, object: { index: -1 }, environment };
}

/** Validates environments: evaluation through the Tanka worker pool, validation here (schemas compiled once). */
async function validateEnvironments(flags: Flags, root: string, config: ProjectConfig): Promise<{ results: ValidationResult[]; problems: Finding[] }> {
  let tanka: TankaModule;
  try {
    tanka = (await import('../tanka/index.js')) as unknown as TankaModule;
  } catch (e) {
    throw new Error(`environment evaluation is unavailable (tools/tanka): ${(e as Error).message.split('\n')[0]}; use --manifests`);
  }
  const paths = flags.positional.length ? flags.positional : [join(root, 'environments')];
  // An environment whose inputs did not change since the last run is not evaluated again (tools/tanka/result-cache.ts).
  const reuse = flags.noCache ? { options: { noCache: true } } : { reuseEvaluation: true };
  const jobs: { path: string; name?: string; reuseEvaluation?: boolean; options?: { noCache: boolean } }[] = [];
  const problems: Finding[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`no such environment path: ${p}`);
    try {
      for (const f of await tanka.findEnvironments(p)) jobs.push(f.inline ? { path: f.dir, name: f.env.metadata.name, ...reuse } : { path: f.dir, ...reuse });
    } catch (e) {
      problems.push(problem(p, (e as Error).message));
    }
  }
  if (jobs.length === 0 && problems.length === 0) throw new UsageError(`no environments found under ${paths.join(', ')}`);
  const evaluated = await tanka.runEnvironmentJobs(jobs, flags.parallel);
  const results: ValidationResult[] = [];
  const { Validator, isProductionName } = await import('../validate/index.js');
  const validators = new Map<string, InstanceType<typeof Validator>>();
  for (const r of evaluated) {
    if (!r.ok) {
      problems.push(problem(r.name ?? relative(process.cwd(), r.path), r.error));
      continue;
    }
    const name = r.env.metadata.name;
    const envConfig = config.environments?.[name] ?? config.environments?.[name.replace(/^environments\//, '')] ?? {};
    const version = flags.kubeVersion ?? specKubernetesVersion(r.path) ?? envConfig.kubernetesVersion ?? config.kubernetesVersion;
    const key = version ?? '';
    let validator = validators.get(key);
    if (!validator) validators.set(key, (validator = await Validator.create({ kubernetesVersion: version, mirror: flags.mirror, schemaCache: !flags.noCache })));
    const production = flags.production ?? envConfig.production ?? (r.env.metadata.labels?.environment === 'production' || isProductionName(name));
    const inputs: InputObject[] = r.manifests.map((m, i) => {
      const src = r.sources?.[i];
      // The Jsonnet field that defined the object, relative to where validate runs.
      const where = src ? { file: relative(process.cwd(), src.file) || src.file, line: src.line, column: src.column } : {};
      return { object: m as InputObject['object'], source: { environment: name, ...where } };
    });
    results.push(
      validator.validate(inputs, {
        environment: name,
        production,
        defaultNamespace: r.env.spec.namespace ?? 'default',
        external: mergeExternal(config.external, envConfig.external),
        rules: { ...config.rules, ...envConfig.rules },
        s3Stores: envConfig.s3Stores ?? config.s3Stores,
      }),
    );
  }
  return { results, problems };
}

export const validateCommand: Command = {
  name: 'validate',
  summary: "validate every environment's objects (or --manifests files)",
  help: VALIDATE_USAGE,
  helpNotes: VALIDATE_NOTES,
  flags: {
    manifests: { kind: 'bool', help: 'the arguments are YAML/JSON manifest files or folders (multi-document YAML allowed)' },
    format: { kind: 'string', value: 'FORMAT', help: 'text (default), json, junit or github (workflow annotations)' },
    json: { kind: 'bool', help: 'the same as --format json' },
    'kube-version': { kind: 'string', value: 'X.Y', help: 'Kubernetes version of the schemas (default: spec.json expectVersions.kubernetes, validate.config.json, else 1.32)' },
    production: { kind: 'bool', help: 'apply the production rules (default: environments named or labelled production)' },
    config: { kind: 'string', value: 'FILE', help: 'project config (default: validate.config.json at the project root, if present)' },
    mirror: { kind: 'string', value: 'DIR', help: 'Kubernetes OpenAPI mirror folder (default: env K8S_OPENAPI_MIRROR)' },
    parallel: { kind: 'string', value: 'N', help: 'environments evaluated at once (default: one per core)' },
    'no-vendor-check': { kind: 'bool', help: 'skip the chart and Jsonnet dependency check' },
    'no-fmt-check': { kind: 'bool', help: 'skip the Jsonnet format check' },
    'no-cache': { kind: 'bool', help: 'evaluate every environment, render every chart and compile every schema again (no kept results, no helm or schema cache)' },
  },
  // Exit 1 means findings, so a run that could not start (schemas, mirror, Kubernetes version) is 2.
  failureExit: 2,
  run: (p) => validate(validateFlags(p)),
};

async function validate(flags: Flags): Promise<number> {
  const started = performance.now();
  const root = findProjectRoot(process.cwd());
  const config = readConfig(root, flags.config);
  const summary: RunSummary = { results: [], problems: [], steps: [], elapsedMs: 0 };
  if (flags.manifests) {
    if (flags.positional.length === 0) throw new UsageError('--manifests needs at least one file or folder');
    const [{ loadManifests }, { Validator }] = await Promise.all([import('../validate/manifests.js'), import('../validate/index.js')]);
    const loaded = loadManifests(flags.positional);
    // Nesting within Go's limit of 10,000 levels can exhaust this thread's stack (the YAML composer
    // and the schema walk recurse once per level): run again where the stack is deep enough.
    if (loaded.stackExhausted && !onDeepStack) return await rerunOnDeepStack(import.meta.url, 'tktsValidateFlags', flags);
    summary.problems.push(...loaded.problems);
    const validator = await Validator.create({ kubernetesVersion: flags.kubeVersion ?? config.kubernetesVersion, mirror: flags.mirror, schemaCache: !flags.noCache });
    summary.results.push(
      validator.validate(loaded.inputs, {
        production: flags.production ?? false,
        external: mergeExternal(config.external, undefined),
        ...(config.rules ? { rules: config.rules } : {}),
        s3Stores: config.s3Stores,
      }),
    );
  } else {
    if (flags.vendorCheck) summary.steps.push(await vendorCheckStep(root));
    if (flags.fmtCheck) summary.steps.push(await fmtCheckStep(root));
    const { results, problems } = await validateEnvironments(flags, root, config);
    summary.results.push(...results);
    summary.problems.push(...problems);
  }
  summary.elapsedMs = performance.now() - started;
  const { formatRun, hasErrors } = await import('../validate/report.js');
  process.stdout.write(formatRun(summary, flags.format));
  // In GitHub Actions the text report also gets annotations on the changed lines.
  if (flags.format === 'text' && process.env.GITHUB_ACTIONS === 'true') process.stdout.write(formatRun(summary, 'github'));
  return hasErrors(summary) ? 1 : 0;
}

// On the deep-stack worker that validate() starts for deeply nested manifests: the same run.
serveOnDeepStack('tktsValidateFlags', validate, validateCommand.failureExit);

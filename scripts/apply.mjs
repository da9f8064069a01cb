#!/usr/bin/env node
// First-install-safe apply of one environment with the real `tk` (what `just apply ENV` runs, and what
// tests/cluster/apply-<env>.test.ts run against a real API server). Usage:
//
//   node scripts/apply.mjs environments/dev [--phase crds|main|webhooks]... [tk apply flags, e.g. --auto-approve always]
//
// Phases (all three by default, in this order; a phase with no objects is skipped):
//   crds      CustomResourceDefinitions and Namespaces, then wait until every CRD is Established, so the
//             API server knows the custom kinds before anything uses them.
//   main      everything except admission webhook configurations and APIServices.
//   webhooks  ValidatingWebhookConfigurations, MutatingWebhookConfigurations and APIServices, last: their
//             backends (cert-manager, External Secrets, KEDA) were created by `main` and do not serve yet,
//             and a webhook with failurePolicy Fail refuses every object it guards until its pod is ready.
//             Applied last, nothing of the install waits for them. Later applies (the cluster running)
//             go through the webhooks as usual.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService'];
const PHASES = {
  crds: ['CustomResourceDefinition/.*', 'Namespace/.*'],
  main: ['!CustomResourceDefinition/.*', '!Namespace/.*', ...WEBHOOK_KINDS.map((k) => `!${k}/.*`)],
  webhooks: WEBHOOK_KINDS.map((k) => `${k}/.*`),
};

function fail(message) {
  console.error(`apply: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const env = argv[0];
  if (!env || env.startsWith('-')) fail('usage: node scripts/apply.mjs <environment dir> [--phase crds|main|webhooks]... [tk apply flags]');
  const phases = [];
  const tkFlags = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = a === '--phase' ? argv[++i] : a.startsWith('--phase=') ? a.slice(8) : undefined;
    if (value === undefined) tkFlags.push(a);
    else if (value in PHASES) phases.push(value);
    else fail(`unknown phase "${value}" (crds, main or webhooks)`);
  }
  return { env, phases: phases.length ? phases : Object.keys(PHASES), tkFlags };
}

function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, command))) return join(dir, command);
  return undefined;
}

/** Real tk calls `helm` for helmTemplate: use the one on PATH, else the project's pinned helm. */
async function ensureHelm() {
  if (which('helm')) return;
  const module = join(root, 'dist', 'tools', 'charts', 'helm-binary.js');
  if (!existsSync(module)) fail('helm is not on PATH and the toolkit is not built (run: npm ci)');
  const { helmBinary } = await import(module);
  process.env.PATH = `${dirname(await helmBinary())}${delimiter}${process.env.PATH ?? ''}`;
}

/** The kubectl context tk uses for the environment: spec.apiServer's cluster, else the first of spec.contextNames. */
function contextFor(envDir) {
  const specFile = join(envDir, 'spec.json');
  if (!existsSync(specFile)) fail(`${specFile} not found (inline environments are not supported)`);
  const spec = JSON.parse(readFileSync(specFile, 'utf8')).spec ?? {};
  const view = spawnSync('kubectl', ['config', 'view', '-o', 'json'], { encoding: 'utf8' });
  if (view.status !== 0) fail(`kubectl config view: ${view.stderr.trim()}`);
  const config = JSON.parse(view.stdout);
  const servers = new Map((config.clusters ?? []).map((c) => [c.name, c.cluster?.server]));
  const contexts = config.contexts ?? [];
  if (spec.apiServer) {
    const want = spec.apiServer.replace(/\/$/, '');
    const ctx = contexts.find((c) => (servers.get(c.context?.cluster) ?? '').replace(/\/$/, '') === want);
    if (!ctx) fail(`no kubectl context for ${spec.apiServer} (${specFile} spec.apiServer)`);
    return ctx.name;
  }
  for (const pattern of spec.contextNames ?? []) {
    const ctx = contexts.find((c) => new RegExp(pattern).test(c.name));
    if (ctx) return ctx.name;
  }
  fail(`no kubectl context matches ${specFile} (spec.apiServer or spec.contextNames)`);
}

/** tk apply of one phase's targets; false when the environment has no object in that phase. */
function tkApply(env, targets, tkFlags) {
  const args = ['apply', env, ...targets.flatMap((t) => ['--target', t]), ...tkFlags];
  console.error(`apply: tk ${args.join(' ')}`);
  const r = spawnSync('tk', args, { stdio: ['inherit', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error) fail(`tk: ${r.error.message} (install Grafana Tanka: https://tanka.dev/install)`);
  if (r.status !== 0 && /no objects passed to apply/.test(r.stderr)) return false;
  process.stderr.write(r.stderr);
  if (r.status !== 0) process.exit(r.status ?? 1);
  return true;
}

function waitForCrds(context) {
  const args = ['--context', context, 'wait', '--for=condition=Established', 'customresourcedefinitions', '--all', '--timeout=120s'];
  console.error(`apply: kubectl ${args.join(' ')}`);
  const r = spawnSync('kubectl', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) fail('CRDs not Established within 120 s');
}

const { env, phases, tkFlags } = parseArgs(process.argv.slice(2));
if (!which('tk')) fail('tk (Grafana Tanka) is not installed: see https://tanka.dev/install');
await ensureHelm();
for (const phase of phases) {
  const applied = tkApply(env, PHASES[phase], tkFlags);
  if (!applied) console.error(`apply: no objects in phase ${phase}`);
  if (phase === 'crds' && applied && !tkFlags.some((f) => f.startsWith('--dry-run'))) waitForCrds(contextFor(env));
}

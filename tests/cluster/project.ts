/**
 * A throwaway copy of this Tanka project whose environments point at a test API server: lib/, vendor/,
 * charts/, jsonnetfile.json and its lock (lib/mop/mixins.libsonnet reads it) are symlinks to the real
 * ones, environments/ is copied and every spec.json gets spec.apiServer = the test server (contextNames
 * dropped), as a user would point an environment at a cluster. The real project is never written to.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { repoRoot, requireTool } from '../helpers/ref-tools.js';
import { tkProcessEnv } from '../helpers/tk-process.js';

export const ENVIRONMENTS = ['local', 'dev', 'staging', 'production', 'production-canary'];

export function projectCopy(server: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tkts-apply-'));
  for (const entry of ['lib', 'vendor', 'charts', 'jsonnetfile.json', 'jsonnetfile.lock.json', 'chartfile.yaml']) symlinkSync(join(repoRoot, entry), join(dir, entry));
  cpSync(join(repoRoot, 'environments'), join(dir, 'environments'), { recursive: true });
  for (const env of readdirSync(join(dir, 'environments'))) {
    const file = join(dir, 'environments', env, 'spec.json');
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    delete spec.spec.contextNames;
    spec.spec.apiServer = server;
    writeFileSync(file, JSON.stringify(spec, null, 2));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment for the real tk: tk, the tests' helm (tk-process.ts) and kubectl on PATH, the test kubeconfig. */
export async function tkEnv(kubeconfig: string): Promise<NodeJS.ProcessEnv> {
  const dirs = [dirname(requireTool('tk')), dirname(requireTool('kubectl'))];
  // Its own kubectl discovery cache (see control-plane.setup.ts): ports are reused by later control planes.
  const KUBECACHEDIR = join(dirname(kubeconfig), 'kube-cache');
  return tkProcessEnv({ ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR, PATH: [...dirs, process.env.PATH].join(delimiter), NO_COLOR: '1' });
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The README's apply procedure (scripts/apply.mjs), as `just apply` runs it. */
export function applyScript(project: string, env: string, args: string[], envVars: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return run(process.execPath, [join(repoRoot, 'scripts', 'apply.mjs'), `environments/${env}`, ...args], project, envVars);
}

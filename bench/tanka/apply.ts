// Benchmark part: every environment applied to a fresh test API server (etcd + kube-apiserver on
// 127.0.0.1) with the README's procedure (scripts/apply.mjs, the real tk): the first install, the no-op
// re-apply, and a single plain `tk apply` of the same objects beside it (tk apply's own time, no-op).
// Webhook objects are applied last and left out of the re-applies: nothing serves them on a test API server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, missingToolMessage, type ToolName } from '../../tests/helpers/ref-tools.js';
import { startControlPlane, stopControlPlane } from '../../tests/helpers/control-plane-process.js';
import { applyScript, ENVIRONMENTS, projectCopy, run, tkEnv } from '../../tests/cluster/project.js';
import type { Measurement } from '../reference.js';

const FLAGS = ['--auto-approve', 'always', '--diff-strategy', 'none'];
const NOT_WEBHOOKS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService'].map((k) => `--target=!${k}/.*`);

function timed(what: string, f: () => { status: number | null; stderr: string }): number {
  const start = process.hrtime.bigint();
  const r = f();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${what} failed:\n${r.stderr}`);
  return ms;
}

/** Rows for the table and measurements for the reference; the one-line reason when a tool is missing. */
export async function benchApply(envs = ENVIRONMENTS): Promise<{ head: string[]; rows: string[][]; measured: Measurement[] } | string> {
  for (const tool of ['tk', 'etcd', 'kube-apiserver', 'openssl', 'kubectl'] as ToolName[]) if (!findTool(tool)) return missingToolMessage(tool);
  const head = ['environment', 'first install (3 phases)', 'no-op re-apply (procedure)', 'no-op tk apply (one call)'];
  const rows: string[][] = [];
  const measured: Measurement[] = [];
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  for (const env of envs) {
    const state = mkdtempSync(join(tmpdir(), 'tkts-bench-apply-'));
    let project: ReturnType<typeof projectCopy> | undefined;
    try {
      const cp = await startControlPlane(join(state, 'cluster'), process.pid);
      project = projectCopy(cp.server);
      const vars = await tkEnv(cp.kubeconfig);
      const dir = project.dir;
      const first = timed(`${env}: first apply`, () => applyScript(dir, env, ['--phase', 'crds', '--phase', 'main', ...FLAGS], vars));
      const again = timed(`${env}: re-apply`, () => applyScript(dir, env, ['--phase', 'crds', '--phase', 'main', ...FLAGS], vars));
      const tkOnce = timed(`${env}: tk apply`, () => run(findTool('tk')!, ['apply', `environments/${env}`, ...NOT_WEBHOOKS, ...FLAGS], dir, vars));
      const hooks = timed(`${env}: webhooks`, () => applyScript(dir, env, ['--phase', 'webhooks', ...FLAGS], vars));
      rows.push([env, s(first + hooks), s(again), s(tkOnce)]);
      measured.push(
        { row: `apply ${env}`, metric: 'first install', value: first + hooks, unit: 'ms' },
        { row: `apply ${env}`, metric: 'no-op re-apply', value: again, unit: 'ms' },
        { row: `apply ${env}`, metric: 'no-op tk apply', value: tkOnce, unit: 'ms' },
      );
      process.stderr.write(`done: apply ${env}\n`);
    } finally {
      stopControlPlane(state);
      rmSync(state, { recursive: true, force: true });
      project?.remove();
    }
  }
  return { head, rows, measured };
}

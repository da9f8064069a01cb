// An environment applied for real: the real tk, the README's first-install procedure
// (scripts/apply.mjs), a real kube-apiserver. 0 objects rejected, then tk diff finds no changes and
// tk prune finds nothing. Each environment gets its own control plane: environments of one project share
// cluster-wide objects (CRDs, webhooks, the external metrics APIService), so they are separate clusters.
// One test file per environment (apply-<env>.test.ts) lets Vitest spread them over its workers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopControlPlane, type ControlPlane } from '../helpers/control-plane.js';
import { requireTool } from '../helpers/ref-tools.js';
import { applyScript, projectCopy, run, tkEnv } from './project.js';

const WEBHOOKS = ['ValidatingWebhookConfiguration/.*', 'MutatingWebhookConfiguration/.*', 'APIService/.*'];
const APPLY_FLAGS = ['--auto-approve', 'always', '--diff-strategy', 'none'];
const MINUTES = 60_000;

const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`.trim();

export function describeApply(env: string): void {
  describe(`environments/${env} on a real API server`, () => {
    // Made in beforeAll, so a run that filters this file out leaves no folder behind.
    let state: string;
    let cp: ControlPlane;
    let project: ReturnType<typeof projectCopy>;
    let vars: NodeJS.ProcessEnv;
    const tk = (...args: string[]) => run(requireTool('tk'), args, project.dir, vars);

    beforeAll(async () => {
      state = mkdtempSync(join(tmpdir(), `tkts-apply-cp-${env}-`));
      cp = await startControlPlane(join(state, 'cluster'), process.pid);
      project = projectCopy(cp.server);
      vars = await tkEnv(cp.kubeconfig);
    }, 5 * MINUTES);
    afterAll(() => {
      if (!state) return;
      stopControlPlane(state);
      rmSync(state, { recursive: true, force: true });
      project?.remove();
    });

    it('applies CRDs and namespaces, then everything but webhooks: nothing rejected, nothing left to change', () => {
      const applied = applyScript(project.dir, env, ['--phase', 'crds', '--phase', 'main', ...APPLY_FLAGS], vars);
      expect(applied.stderr).not.toMatch(/Error from server|error:/);
      expect(applied.status, output(applied)).toBe(0);
      // Idempotent: the server-side dry run of every applied object changes nothing.
      const diff = tk('diff', `environments/${env}`, ...WEBHOOKS.map((t) => `--target=!${t}`));
      expect(output(diff)).toMatch(/No differences\./);
      expect(diff.status, output(diff)).toBe(0);
    }, 20 * MINUTES);

    it('applies the webhooks and APIServices last; they too are idempotent, and prune finds nothing', () => {
      const applied = applyScript(project.dir, env, ['--phase', 'webhooks', ...APPLY_FLAGS], vars);
      expect(applied.status, output(applied)).toBe(0);
      const diff = tk('diff', `environments/${env}`, ...WEBHOOKS.map((t) => `--target=${t}`));
      expect(diff.status, output(diff)).toBe(0);
      expect(output(diff)).toMatch(/No differences\./);
      const prune = tk('prune', `environments/${env}`, '--auto-approve', 'never');
      expect(prune.status, output(prune)).toBe(0);
      expect(output(prune)).toMatch(/Nothing found to prune\./);
    }, 20 * MINUTES);
  });
}

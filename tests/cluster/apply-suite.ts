// An environment applied for real: the real tk, the README's first-install procedure
// (scripts/apply.mjs), a real kube-apiserver. 0 objects rejected, then tk diff finds no changes and
// tk prune finds nothing. Each environment gets its own control plane: environments of one project share
// cluster-wide objects (CRDs, webhooks, the external metrics APIService), so they are separate clusters.
// One test file per environment (apply-<env>.test.ts) lets Vitest spread them over its workers.
//
// With `second`, a second environment is applied to the same API server (README, "Two environments on
// one cluster"): it declares nothing the first declares, and after both are applied neither has changed
// the other (tk diff of each finds nothing, tk prune of each finds nothing).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopControlPlane, type ControlPlane } from '../helpers/control-plane.js';
import { requireTool } from '../helpers/ref-tools.js';
import { applyScript, projectCopy, run, tkEnv } from './project.js';

const WEBHOOKS = ['ValidatingWebhookConfiguration/.*', 'MutatingWebhookConfiguration/.*', 'APIService/.*'];
const NOT_WEBHOOKS = WEBHOOKS.map((t) => `--target=!${t}`);
const APPLY_FLAGS = ['--auto-approve', 'always', '--diff-strategy', 'none'];
const MINUTES = 60_000;

/** A second environment written into the project copy: its name, main.jsonnet, and whose spec.json it copies. */
export interface SecondEnvironment {
  name: string;
  main: string;
  specFrom: string;
}

const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`.trim();

export function describeApply(env: string, second?: SecondEnvironment): void {
  describe(`environments/${env} on a real API server`, () => {
    // Made in beforeAll, so a run that filters this file out leaves no folder behind.
    let state: string;
    let cp: ControlPlane;
    let project: ReturnType<typeof projectCopy>;
    let vars: NodeJS.ProcessEnv;
    const tk = (...args: string[]) => run(requireTool('tk'), args, project.dir, vars);
    const apply = (name: string, phases: string[]) => {
      const applied = applyScript(project.dir, name, [...phases.flatMap((p) => ['--phase', p]), ...APPLY_FLAGS], vars);
      expect(applied.stderr, name).not.toMatch(/Error from server|error:/);
      expect(applied.status, `${name}: ${output(applied)}`).toBe(0);
    };
    const expectNoDiff = (name: string, targets: string[]) => {
      const diff = tk('diff', `environments/${name}`, ...targets);
      expect(output(diff), name).toMatch(/No differences\./);
      expect(diff.status, `${name}: ${output(diff)}`).toBe(0);
    };
    const expectNothingToPrune = (name: string) => {
      const prune = tk('prune', `environments/${name}`, '--auto-approve', 'never');
      expect(prune.status, `${name}: ${output(prune)}`).toBe(0);
      expect(output(prune), name).toMatch(/Nothing found to prune\./);
    };

    beforeAll(async () => {
      state = mkdtempSync(join(tmpdir(), `tkts-apply-cp-${env}-`));
      cp = await startControlPlane(join(state, 'cluster'), process.pid);
      project = projectCopy(cp.server);
      if (second) {
        const dir = join(project.dir, 'environments', second.name);
        mkdirSync(dir);
        writeFileSync(join(dir, 'main.jsonnet'), second.main);
        const spec = JSON.parse(readFileSync(join(project.dir, 'environments', second.specFrom, 'spec.json'), 'utf8'));
        spec.metadata.name = `environments/${second.name}`;
        writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec, null, 2));
      }
      vars = await tkEnv(cp.kubeconfig);
    }, 5 * MINUTES);
    afterAll(() => {
      if (!state) return;
      stopControlPlane(state);
      rmSync(state, { recursive: true, force: true });
      project?.remove();
    });

    it('applies CRDs and namespaces, then everything but webhooks: nothing rejected, nothing left to change', () => {
      apply(env, ['crds', 'main']);
      // Idempotent: the server-side dry run of every applied object changes nothing.
      expectNoDiff(env, NOT_WEBHOOKS);
    }, 20 * MINUTES);

    if (second) {
      it(`environments/${second.name} on the same cluster: declares nothing of ${env}'s, applies, and neither changes the other`, () => {
        const objects = (name: string) => {
          const out = join(state, `export-${name}`);
          const r = tk('export', out, `environments/${name}`, '--format', '{{.kind}}/{{or .metadata.namespace "_"}}/{{.metadata.name}}');
          expect(r.status, output(r)).toBe(0);
          return readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
        };
        const first = new Set(objects(env));
        const mine = objects(second.name);
        expect(mine.length).toBeGreaterThan(100);
        expect(mine.filter((o) => first.has(o))).toEqual([]);
        // Cluster-wide, only what carries its name suffix (and its own namespaces).
        const clusterWide = new Set(mine.filter((o) => o.split('/')[1] === '_').map((o) => o.split('/')[0]));
        expect([...clusterWide].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ClusterTriggerAuthentication', 'Namespace']);
        // Before the first one's webhooks: on this cluster nothing serves them (README, Applying).
        apply(second.name, ['crds', 'main', 'webhooks']);
        expectNoDiff(second.name, NOT_WEBHOOKS);
        expectNoDiff(env, NOT_WEBHOOKS);
      }, 30 * MINUTES);
    }

    it('applies the webhooks and APIServices last; they too are idempotent, and prune finds nothing', () => {
      apply(env, ['webhooks']);
      expectNoDiff(env, WEBHOOKS.map((t) => `--target=${t}`));
      expectNothingToPrune(env);
      if (second) expectNothingToPrune(second.name);
    }, 20 * MINUTES);
  });
}

// Flux confined to the namespaces it manages (issue 13, item 14). The chart
// binds kustomize-controller to cluster-admin; here its RBAC is our own and is
// checked twice: on the rendered objects, and by the real API server's
// authorizer after applying the environment's RBAC objects.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { controlPlane, type ControlPlane } from '../helpers/control-plane.js';
import { requireTool } from '../helpers/ref-tools.js';
import { find, manifests, type Obj } from '../platform/load.js';

const ALL = ['local', 'dev', 'staging', 'production', 'production-canary'];
const CRD_GROUPS = new Set(['source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io', 'keda.sh']);
const RBAC = new Set(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
const fluxSubject = (s: Obj) => s.kind === 'ServiceAccount' && s.namespace === 'flux-system';

describe.each(ALL)('environments/%s', (env) => {
  it('grants Flux nothing cluster-wide and rights only in flux-system and its target namespace', async () => {
    const ms = await manifests(env);
    const clusterWide = ms.filter((o) => o.kind === 'ClusterRoleBinding' && (o.subjects ?? []).some(fluxSubject));
    expect(clusterWide.map((o) => o.metadata.name)).toEqual([]);
    const kustomization = find(ms, 'Kustomization', 'flux-system', 'raibid-ci')!;
    const namespaces = new Set(ms.filter((o) => o.kind === 'RoleBinding' && (o.subjects ?? []).some(fluxSubject)).map((o) => o.metadata.namespace));
    expect([...namespaces].sort()).toEqual(['flux-system', kustomization.spec.targetNamespace].sort());
    // the controllers watch only their own namespace, where their Role is
    for (const d of ms.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'flux-system')) {
      expect(d.spec.template.spec.containers[0].args, d.metadata.name).toContain('--watch-all-namespaces=false');
    }
    // the Kustomization applies as a service account of its own namespace
    expect(find(ms, 'ServiceAccount', 'flux-system', kustomization.spec.serviceAccountName)).toBeTruthy();
  });
});

function kubectl(cp: ControlPlane, args: string[], input?: string) {
  return spawnSync(requireTool('kubectl'), ['--kubeconfig', cp.kubeconfig, ...args], { encoding: 'utf8', input });
}
const canI = (cp: ControlPlane, as: string, ...what: string[]) =>
  kubectl(cp, ['auth', 'can-i', '--as', `system:serviceaccount:${as}`, ...what]).stdout.trim();

describe('environments/production on a real API server', () => {
  it("lets Flux do its job and nothing more: kustomize-controller impersonates the reconciler, which manages raibid's namespace only", async () => {
    const cp = await controlPlane();
    // The RBAC objects, and the CRDs of the kinds asked about (kubectl resolves them by discovery).
    const crds = (await manifests('production')).filter((o) => o.kind === 'CustomResourceDefinition' && CRD_GROUPS.has(o.spec.group));
    const ms = [...crds, ...(await manifests('production')).filter((o) => RBAC.has(o.kind))];
    const applied = kubectl(cp, ['apply', '--server-side', '--force-conflicts', '--field-manager=raibid-flux-test', '-f', '-'], ms.map((o) => JSON.stringify(o)).join('\n'));
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    const established = kubectl(cp, ['wait', '--for=condition=Established', '--timeout=60s', ...crds.map((c) => `crd/${c.metadata.name}`)]);
    expect(established.status, established.stderr).toBe(0);
    const kustomize = 'flux-system:kustomize-controller';
    const source = 'flux-system:source-controller';
    const reconciler = `flux-system:${find(await manifests('production'), 'Kustomization', 'flux-system', 'raibid-ci')!.spec.serviceAccountName}`;
    // what the controllers need, in their namespace
    expect(canI(cp, source, 'update', 'gitrepositories.source.toolkit.fluxcd.io', '--subresource=status', '-n', 'flux-system')).toBe('yes');
    expect(canI(cp, kustomize, 'list', 'kustomizations.kustomize.toolkit.fluxcd.io', '-n', 'flux-system')).toBe('yes');
    expect(canI(cp, kustomize, 'create', 'leases.coordination.k8s.io', '-n', 'flux-system')).toBe('yes');
    expect(canI(cp, kustomize, 'impersonate', `serviceaccounts/${reconciler.split(':')[1]}`, '-n', 'flux-system')).toBe('yes');
    // and not beyond it
    for (const sa of [kustomize, source]) {
      expect(canI(cp, sa, 'list', 'secrets', '-n', 'mop'), sa).toBe('no');
      expect(canI(cp, sa, 'create', 'deployments', '-n', 'raibid'), sa).toBe('no');
      expect(canI(cp, sa, 'create', 'clusterrolebindings'), sa).toBe('no');
    }
    expect(canI(cp, kustomize, 'impersonate', 'serviceaccounts/default', '-n', 'kube-system')).toBe('no');
    // the reconciler manages raibid's workloads, without RBAC rights and nowhere else
    expect(canI(cp, reconciler, 'create', 'deployments', '-n', 'raibid')).toBe('yes');
    expect(canI(cp, reconciler, 'patch', 'scaledjobs.keda.sh', '-n', 'raibid')).toBe('yes');
    expect(canI(cp, reconciler, 'create', 'rolebindings', '-n', 'raibid')).toBe('no');
    expect(canI(cp, reconciler, 'create', 'deployments', '-n', 'mop')).toBe('no');
    expect(canI(cp, reconciler, 'list', 'secrets', '-n', 'mop')).toBe('no');
  }, 300_000); // a control plane start and some twenty kubectl runs on a busy machine
});

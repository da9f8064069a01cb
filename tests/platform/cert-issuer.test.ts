// The ClusterIssuer is chosen in config (issue 13, item 17): ACME HTTP-01
// cannot issue for private names, so dev and up can use ACME DNS-01 (RFC 2136
// with a TSIG key) or a private CA; the credentials are Secrets provided in
// cert-manager's namespace (its cluster resource namespace).
import { describe, expect, it } from 'vitest';
import { find, manifests, type Obj } from './load.js';

const secretProvided = (ms: Obj[], ns: string, name: string) =>
  !!find(ms, 'Secret', ns, name) || ms.some((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === ns && (o.spec.target?.name ?? o.metadata.name) === name);

/** The ClusterIssuer every Ingress names, and the kind of issuance it does. */
async function issuerOf(env: string): Promise<{ ms: Obj[]; issuer: Obj; kind: string }> {
  const ms = await manifests(env);
  const names = new Set(ms.filter((o) => o.kind === 'Ingress').map((o) => o.metadata.annotations?.['cert-manager.io/cluster-issuer']));
  expect(names.size, 'one issuer for every Ingress').toBe(1);
  const issuer = find(ms, 'ClusterIssuer', undefined, [...names][0])!;
  expect(issuer, `ClusterIssuer ${[...names][0]}`).toBeDefined();
  const kind = issuer.spec.ca ? 'ca' : issuer.spec.acme?.solvers?.[0]?.dns01 ? 'acme-dns01' : 'acme-http01';
  return { ms, issuer, kind };
}

describe('ClusterIssuer', () => {
  it('dev (home-lab names) issues from a private CA whose key pair is a provided Secret', async () => {
    const { ms, issuer, kind } = await issuerOf('dev');
    expect(kind).toBe('ca');
    expect(secretProvided(ms, 'cert-manager', issuer.spec.ca.secretName)).toBe(true);
  });

  it.each(['staging', 'production', 'production-canary'])('%s uses ACME DNS-01 with a TSIG key from a provided Secret', async (env) => {
    const { ms, issuer, kind } = await issuerOf(env);
    expect(kind).toBe('acme-dns01');
    const solver = issuer.spec.acme.solvers[0].dns01.rfc2136;
    expect(solver.nameserver).toMatch(/:\d+$/);
    expect(solver.tsigKeyName).toBeTruthy();
    expect(secretProvided(ms, 'cert-manager', solver.tsigSecretSecretRef.name)).toBe(true);
    expect(issuer.spec.acme.privateKeySecretRef.name).toBeTruthy();
  });
});

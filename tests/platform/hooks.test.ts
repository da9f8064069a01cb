// Helm hooks (issue 13, item 10). Tanka applies a chart's hook objects as plain
// objects: a hook Job then lives on with an immutable pod template, and the
// next chart upgrade that changes it fails to apply. Charts are therefore
// rendered without hooks (lib/helm.libsonnet); what a hook did, where it
// matters, is done by plain objects.
import { describe, expect, it } from 'vitest';
import { manifests, type Obj } from './load.js';

const ALL = ['local', 'dev', 'staging', 'production', 'production-canary'];

describe.each(ALL)('environments/%s', (env) => {
  it('renders no Helm hook object', async () => {
    const hooks = (await manifests(env))
      .filter((o: Obj) => o.metadata.annotations?.['helm.sh/hook'])
      .map((o: Obj) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name} (${o.metadata.annotations['helm.sh/hook']})`);
    expect(hooks).toEqual([]);
  });
});

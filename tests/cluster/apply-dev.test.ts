// environments/dev applied to its own real API server (see apply-suite.ts), with a second environment
// beside it: the README's example of "Two environments on one cluster", staging's configuration in its
// own namespaces on the cluster dev owns.
import { describeApply } from './apply-suite.js';

describeApply('dev', {
  name: 'staging-shared',
  specFrom: 'staging',
  main: `(import '../staging/main.jsonnet') + {
  config+:: {
    cluster+: { owner: false },
    mop+: { namespace: 'mop-staging' },
    raibid+: { namespace: 'raibid-staging', flux+: { namespace: 'flux-staging' } },
  },
}
`,
});

// References between objects, both sides of every check.
import { describe, expect, it } from 'vitest';
import { parseServiceUrl } from '../../tools/validate/references.js';
import { check, cleanApp, deployment, labels, meta, show, type Obj } from './helpers.js';

function replace(kind: string, fn: (o: Obj) => void): Obj[] {
  return cleanApp().map((o) => {
    if (o.kind !== kind) return o;
    const copy = structuredClone(o);
    fn(copy);
    return copy;
  });
}

async function refFindings(objects: Obj[], opts = {}) {
  return (await check(objects, opts)).map((f) => `${f.rule} ${f.object.kind}/${f.object.name} ${f.path ?? ''}: ${f.message}`);
}

function service(name: string, ports: Obj[], selector: Obj = { 'app.kubernetes.io/name': 'web' }): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec: { selector, ports } };
}

describe('Services', () => {
  it('a selector that matches no pod template', async () => {
    expect(await refFindings(replace('Service', (s) => (s.spec.selector = { 'app.kubernetes.io/name': 'wbe' })))).toEqual([
      'ref.service-selector Service/web spec.selector: selector app.kubernetes.io/name=wbe matches no pod template in namespace app',
    ]);
  });

  it('pods in another namespace do not count', async () => {
    expect(await refFindings(replace('Service', (s) => (s.metadata.namespace = 'other')))).toEqual([
      'ref.service-selector Service/web spec.selector: selector app.kubernetes.io/name=web matches no pod template in namespace other',
    ]);
  });

  it('named and numeric target ports must exist on the selected containers', async () => {
    const objects = [...cleanApp(), service('web-extra', [{ name: 'a', port: 81, targetPort: 'metrics' }, { name: 'b', port: 82, targetPort: 9090 }, { name: 'c', port: 8080 }, { name: 'd', port: 83, targetPort: 8080 }])];
    expect(await refFindings(objects)).toEqual([
      'ref.service-target-port Service/web-extra spec.ports[0].targetPort: targetPort "metrics" is not a named container port of Deployment app/web',
      'ref.service-target-port-undeclared Service/web-extra spec.ports[1].targetPort: targetPort 9090 is not a container port of Deployment app/web',
    ]);
  });

  it('Services without selector and ExternalName Services are not checked', async () => {
    const objects = [...cleanApp(), { apiVersion: 'v1', kind: 'Service', metadata: meta('ext'), spec: { type: 'ExternalName', externalName: 'db.example.com' } }, { apiVersion: 'v1', kind: 'Service', metadata: meta('manual'), spec: { ports: [{ port: 5432 }] } }];
    expect(await refFindings(objects)).toEqual([]);
  });
});

describe('pod references', () => {
  it('missing ConfigMap, Secret, ServiceAccount, PVC and image pull Secret', async () => {
    const d = deployment();
    const pod = d.spec.template.spec;
    pod.serviceAccountName = 'nobody';
    pod.imagePullSecrets = [{ name: 'regcred' }];
    pod.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 's', secret: { secretName: 'tls' } }, { name: 'p', projected: { sources: [{ configMap: { name: 'proj' } }] } });
    pod.containers[0].env.push({ name: 'X', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'MISSING' } } }, { name: 'Y', valueFrom: { secretKeyRef: { name: 'web-creds', key: 'nokey' } } });
    pod.containers[0].envFrom.push({ secretRef: { name: 'absent' } }, { secretRef: { name: 'maybe', optional: true } });
    const objects = cleanApp().map((o) => (o.kind === 'Deployment' ? d : o));
    expect((await refFindings(objects)).sort()).toEqual(
      [
        'ref.configmap Deployment/web spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef.key: ConfigMap app/web-config has no key "MISSING"',
        'ref.configmap Deployment/web spec.template.spec.volumes[3].projected.sources[0].configMap.name: ConfigMap app/proj does not exist and is not declared external',
        'ref.pvc Deployment/web spec.template.spec.volumes[1].persistentVolumeClaim.claimName: PersistentVolumeClaim app/data does not exist and is not declared external',
        'ref.secret Deployment/web spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.key: Secret app/web-creds has no key "nokey"',
        'ref.secret Deployment/web spec.template.spec.containers[0].envFrom[1].secretRef.name: Secret app/absent does not exist, is produced by no ExternalSecret/SealedSecret/Certificate, and is not declared external',
        'ref.secret Deployment/web spec.template.spec.imagePullSecrets[0].name: Secret app/regcred does not exist, is produced by no ExternalSecret/SealedSecret/Certificate, and is not declared external',
        'ref.secret Deployment/web spec.template.spec.volumes[2].secret.secretName: Secret app/tls does not exist, is produced by no ExternalSecret/SealedSecret/Certificate, and is not declared external',
        'ref.service-account Deployment/web spec.template.spec.serviceAccountName: ServiceAccount app/nobody does not exist and is not declared external',
      ].sort(),
    );
    // Declared external, or provided by a cert-manager Certificate: all resolved.
    const external = { crdGroups: ['external-secrets.io', 'cert-manager.io'], objects: ['ServiceAccount/app/nobody', 'Secret/regcred', 'Secret/app/absent', 'PersistentVolumeClaim/app/data', 'ConfigMap/app/proj'] };
    const cert = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta('tls'), spec: { secretName: 'tls', issuerRef: { name: 'ca' }, dnsNames: ['x'] } };
    d.spec.template.spec.containers[0].env.splice(1, 2);
    expect(await refFindings([...objects, cert], { external })).toEqual([]);
  });

  it('pods of a Rollout and of a ScaledJob are checked like a Deployment\'s', async () => {
    const podSpec = (cm: string) => ({ containers: [{ name: 'c', image: 'x:1', envFrom: [{ configMapRef: { name: cm } }] }] });
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: meta('ro'), spec: { template: { spec: podSpec('ro-missing') } } };
    const scaled = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', metadata: meta('sj'), spec: { jobTargetRef: { template: { spec: podSpec('sj-missing') } } } };
    const found = (await refFindings([...cleanApp(), rollout, scaled], { external: { crdGroups: ['argoproj.io', 'keda.sh'] } })).filter((f) => f.startsWith('ref.'));
    expect(found).toEqual([
      'ref.configmap Rollout/ro spec.template.spec.containers[0].envFrom[0].configMapRef.name: ConfigMap app/ro-missing does not exist and is not declared external',
      'ref.configmap ScaledJob/sj spec.jobTargetRef.template.spec.containers[0].envFrom[0].configMapRef.name: ConfigMap app/sj-missing does not exist and is not declared external',
    ]);
  });

  it('the ExternalSecret target name is what pods reference; the clean app passes without a Secret object', async () => {
    expect(await refFindings(replace('ExternalSecret', (e) => (e.spec.target.name = 'other')))).toEqual([
      'ref.secret Deployment/web spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: Secret app/web-creds does not exist, is produced by no ExternalSecret/SealedSecret/Certificate, and is not declared external',
    ]);
  });
});

describe('monitors, Ingress, PDB, HPA, KEDA', () => {
  const sm = (selector: Obj, port: string, ns?: Obj): Obj => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta('web'),
    spec: { selector: { matchLabels: selector }, endpoints: [{ port }], ...(ns ? { namespaceSelector: ns } : {}) },
  });

  it('ServiceMonitor selector and port', async () => {
    expect(await refFindings([...cleanApp(), sm({ 'app.kubernetes.io/name': 'web' }, 'http')])).toEqual([]);
    expect(await refFindings([...cleanApp(), sm({ 'app.kubernetes.io/name': 'web' }, 'metrics')])).toEqual([
      'ref.monitor-selector ServiceMonitor/web spec.endpoints[0].port: port "metrics" is not a named port of the selected Services (Service app/web)',
    ]);
    expect(await refFindings([...cleanApp(), sm({ 'app.kubernetes.io/name': 'nope' }, 'http')])).toEqual([
      'ref.monitor-selector ServiceMonitor/web spec.selector: selector matches no Service in namespace app',
    ]);
    expect(await refFindings([...cleanApp(), sm({ 'app.kubernetes.io/name': 'web' }, 'http', { matchNames: ['monitoring'] })])).toHaveLength(1);
    expect(await refFindings([...cleanApp(), sm({ 'app.kubernetes.io/name': 'web' }, 'http', { any: true })])).toEqual([]);
  });

  it('PodMonitor selector and port', async () => {
    const pm = (port: string, name = 'web'): Obj => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: meta('web'), spec: { selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: [name] }] }, podMetricsEndpoints: [{ port }] } });
    expect(await refFindings([...cleanApp(), pm('http')])).toEqual([]);
    expect(await refFindings([...cleanApp(), pm('metrics')])).toHaveLength(1);
    expect(await refFindings([...cleanApp(), pm('http', 'x')])).toEqual(['ref.monitor-selector PodMonitor/web spec.selector: selector matches no pod template in namespace app']);
  });

  it('Ingress backends', async () => {
    const ing = (name: string, port: Obj): Obj => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('web'),
      spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port } } }] } }] },
    });
    expect(await refFindings([...cleanApp(), ing('web', { number: 80 })])).toEqual([]);
    expect(await refFindings([...cleanApp(), ing('web', { name: 'http' })])).toEqual([]);
    expect(await refFindings([...cleanApp(), ing('web', { number: 8080 })])).toEqual(['ref.ingress-backend Ingress/web spec.rules[0].http.paths[0].backend.service.port: Service app/web has no port 8080']);
    expect(await refFindings([...cleanApp(), ing('api', { number: 80 })])).toEqual(['ref.ingress-backend Ingress/web spec.rules[0].http.paths[0].backend.service.name: Service app/api does not exist']);
  });

  it('PDB and HPA targets', async () => {
    expect(await refFindings(replace('PodDisruptionBudget', (p) => (p.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'gone' })))).toEqual([
      'ref.pdb-target PodDisruptionBudget/web spec.selector: selector matches no pod template in namespace app',
    ]);
    const hpa = (name: string): Obj => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('web'), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 2, maxReplicas: 4 } });
    expect(await refFindings([...cleanApp(), hpa('web')])).toEqual([]);
    expect(await refFindings([...cleanApp(), hpa('wbe')])).toEqual(['ref.scale-target HorizontalPodAutoscaler/web spec.scaleTargetRef.name: scale target Deployment app/wbe does not exist']);
  });

  it('KEDA ScaledJob trigger authentication and ScaledObject target', async () => {
    const job = deployment('agent').spec.template;
    const scaledJob = (auth: string): Obj => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: meta('agent'),
      spec: { jobTargetRef: { template: { ...job, spec: { ...job.spec, restartPolicy: 'Never' } } }, triggers: [{ type: 'redis-streams', metadata: { stream: 'jobs' }, authenticationRef: { name: auth } }] },
    });
    const ta = { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication', metadata: meta('redis'), spec: { secretTargetRef: [{ parameter: 'password', name: 'web-creds', key: 'password' }] } };
    expect(await refFindings([...cleanApp(), ta, scaledJob('redis')])).toEqual([]);
    expect(await refFindings([...cleanApp(), ta, scaledJob('valkey')])).toEqual(['ref.trigger-authentication ScaledJob/agent spec.triggers[0].authenticationRef.name: TriggerAuthentication app/valkey does not exist']);
    const so = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: meta('so'), spec: { scaleTargetRef: { name: 'nope' }, triggers: [] } };
    expect(await refFindings([...cleanApp(), so])).toEqual(['ref.scale-target ScaledObject/so spec.scaleTargetRef.name: scale target Deployment app/nope does not exist']);
  });
});

describe('Grafana datasource URLs', () => {
  const datasources = (url: string, kind = 'ConfigMap'): Obj => {
    const yaml = `apiVersion: 1\ndatasources:\n  - name: Loki\n    type: loki\n    url: ${url}\n`;
    return kind === 'ConfigMap'
      ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('grafana-datasources'), data: { 'datasources.yaml': yaml } }
      : { apiVersion: 'v1', kind: 'Secret', metadata: meta('grafana-datasources', { annotations: { 'validate.platform/dev-only': 'test' } }), data: { 'datasources.yaml': Buffer.from(yaml).toString('base64') } };
  };
  const web = service('loki-gateway', [{ name: 'http', port: 3100, targetPort: 'http' }]);

  it('names an existing Service and port (all in-cluster host forms)', async () => {
    for (const url of ['http://loki-gateway:3100', 'http://loki-gateway.app:3100/x', 'http://loki-gateway.app.svc:3100', 'http://loki-gateway.app.svc.cluster.local:3100/loki', 'https://grafana.com/api']) {
      expect(await refFindings([...cleanApp(), web, datasources(url)]), url).toEqual([]);
    }
  });

  it('a wrong port or Service is an error, also inside Secrets', async () => {
    expect(await refFindings([...cleanApp(), web, datasources('http://loki-gateway.app.svc.cluster.local:3101')])).toEqual([
      'ref.datasource-url ConfigMap/grafana-datasources data["datasources.yaml"]: datasource "Loki" in datasources.yaml: URL http://loki-gateway.app.svc.cluster.local:3101 uses port 3101, which Service app/loki-gateway does not expose',
    ]);
    expect(await refFindings([...cleanApp(), web, datasources('http://loki.app.svc:3100', 'Secret')])).toEqual([
      'ref.datasource-url Secret/grafana-datasources data["datasources.yaml"]: datasource "Loki" in datasources.yaml: URL http://loki.app.svc:3100 names Service app/loki, which does not exist',
    ]);
  });

  it('parses in-cluster URLs and leaves external hosts alone', () => {
    const ns = new Set(['mop']);
    expect(parseServiceUrl('http://mimir-gateway.mop.svc.cluster.local:8080/prometheus', ns)).toEqual({ service: 'mimir-gateway', namespace: 'mop', port: 8080 });
    expect(parseServiceUrl('http://tempo:3200', ns)).toEqual({ service: 'tempo', port: 3200 });
    expect(parseServiceUrl('http://tempo.mop', ns)).toEqual({ service: 'tempo', namespace: 'mop', port: 80 });
    expect(parseServiceUrl('https://example.com', ns)).toBeUndefined();
  });
});

describe('labels helper sanity', () => {
  it('the clean app is reference-clean', async () => {
    expect(show(await check(cleanApp()))).toBe('');
    expect(labels('x')['app.kubernetes.io/name']).toBe('x');
  });
});

describe('operator-managed pods and external Services', () => {
  it('a Service selecting the pods of a Prometheus custom resource resolves, ports included', async () => {
    const prom = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: meta('kps-prometheus'), spec: { replicas: 1 } };
    const svc = service('kps-prometheus', [{ name: 'http-web', port: 9090, targetPort: 9090 }, { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' }], { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'kps-prometheus' });
    expect(await refFindings([...cleanApp(), prom, svc])).toEqual([]);
    expect(await refFindings([...cleanApp(), svc])).toEqual(['ref.service-selector Service/kps-prometheus spec.selector: selector app.kubernetes.io/name=prometheus,operator.prometheus.io/name=kps-prometheus matches no pod template in namespace app']);
  });

  it('numeric target ports that no container declares are a warning, not an error', async () => {
    const f = await check([...cleanApp(), service('web-extra', [{ name: 'b', port: 82, targetPort: 9090 }])]);
    expect(f.map((x) => `${x.severity} ${x.rule}`)).toEqual(['warning ref.service-target-port-undeclared']);
  });

  it('a Service declared external is not checked; monitors of a namespace with external Services are not either', async () => {
    const coredns = { apiVersion: 'v1', kind: 'Service', metadata: { ...meta('coredns'), namespace: 'kube-system' }, spec: { selector: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53 }] } };
    expect(await refFindings([...cleanApp(), coredns])).toHaveLength(1);
    expect(await refFindings([...cleanApp(), coredns], { external: { crdGroups: ['external-secrets.io'], objects: ['Service/kube-system/coredns'] } })).toEqual([]);
    const sm = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: meta('apiserver'), spec: { namespaceSelector: { matchNames: ['default'] }, selector: { matchLabels: { component: 'apiserver' } }, endpoints: [{ port: 'https' }] } };
    expect(await refFindings([...cleanApp(), sm], { external: { crdGroups: ['external-secrets.io', 'monitoring.coreos.com'] } })).toHaveLength(1);
    expect(await refFindings([...cleanApp(), sm], { external: { crdGroups: ['external-secrets.io', 'monitoring.coreos.com'], objects: ['Service/default/kubernetes'] } })).toEqual([]);
  });
});

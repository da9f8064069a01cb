// The raibid server's metrics (issue 13, item 16). Upstream raibid-ci serves
// the API on SERVER_PORT (8080) and Prometheus metrics on a separate
// METRICS_PORT (8081: its Dockerfile exposes both, its docker-compose and
// Tanka config set METRICS_PORT=8081 and name the Service port `metrics`).
// Scraping /metrics on the API port would get a 404: the target would be down
// and PlatformComponentDown (critical) would page on a healthy server.
import { describe, expect, it } from 'vitest';
import { find, manifests, selects, type Obj } from '../platform/load.js';

const ALL = ['local', 'dev', 'staging', 'production', 'production-canary'];

describe.each(ALL)('environments/%s', (env) => {
  it('scrapes the raibid server on the port where it serves /metrics', async () => {
    const ms = await manifests(env);
    const deployment = find(ms, 'Deployment', 'raibid', 'raibid-server')!;
    const container = deployment.spec.template.spec.containers[0];
    const settings = find(ms, 'ConfigMap', 'raibid', 'raibid-server')!.data;
    expect(container.envFrom).toContainEqual({ configMapRef: { name: 'raibid-server' } });
    const metricsPort = Number(settings.METRICS_PORT);
    expect(metricsPort).toBe(8081);
    expect(Number(settings.SERVER_PORT)).toBe(8080);

    const service = find(ms, 'Service', 'raibid', 'raibid-server')!;
    expect(selects(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    const monitors = ms.filter((o) => o.kind === 'ServiceMonitor' && o.metadata.namespace === 'raibid' && selects(o.spec.selector.matchLabels, service.metadata.labels));
    expect(monitors.map((m) => m.metadata.name)).toEqual(['raibid-server']);
    const endpoints = monitors[0].spec.endpoints as Obj[];
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0].path ?? '/metrics').toBe('/metrics');
    // the endpoint's Service port leads to the container port the server binds METRICS_PORT to
    const servicePort = service.spec.ports.find((p: Obj) => p.name === endpoints[0].port);
    expect(servicePort, `Service port ${endpoints[0].port}`).toBeTruthy();
    const target = servicePort.targetPort ?? servicePort.port;
    const containerPort = container.ports.find((p: Obj) => p.name === target || p.containerPort === target);
    expect(containerPort?.containerPort).toBe(metricsPort);
    // and the probes stay on the API port
    expect(container.ports.find((p: Obj) => p.name === container.readinessProbe.httpGet.port)?.containerPort).toBe(8080);
  });
});

// Services: ports keyed by (port, protocol), port names, target ports, and the fields that only some
// Service types may use.

import { Checker, arr, num, obj, objects, str } from './check.js';
import { dnsLabel, dnsSubdomain, parseCidr, parseIp, portNumber, portNumberOrName, qualifiedName } from './formats.js';
import { checkLabels } from './meta.js';
import type { JsonObject, JsonValue } from '../types.js';

export function checkService(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const type = str(spec.type) ?? 'ClusterIP';
  const clusterIP = str(spec.clusterIP);
  const headless = clusterIP === 'None';
  const ports = objects(spec.ports);

  if (type === 'ExternalName') {
    const name = str(spec.externalName);
    if (!name) c.required(['spec', 'externalName'], 'an ExternalName Service needs externalName');
    else c.bad(['spec', 'externalName'], name, dnsSubdomain(name.endsWith('.') ? name.slice(0, -1) : name));
  } else if (arr(spec.ports).length === 0 && !headless) {
    c.required(['spec', 'ports'], `a ${type} Service needs at least one port (only headless Services, clusterIP: None, may have none)`);
  }

  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  const nodePorts = new Map<string, number>();
  for (const [p, i] of ports) {
    const at = ['spec', 'ports', i];
    const name = str(p.name);
    if (!name) {
      if (ports.length > 1) c.required([...at, 'name'], 'every port needs a name when a Service has more than one');
    } else {
      c.bad([...at, 'name'], name, dnsLabel(name) && `is not a valid port name: it ${dnsLabel(name)}`);
      if (names.has(name)) c.duplicate([...at, 'name'], `port name ${JSON.stringify(name)} is used twice (also ports[${names.get(name)}])`);
      else names.set(name, i);
    }
    const port = num(p.port);
    if (port !== undefined) c.bad([...at, 'port'], port, portNumber(port));
    const protocol = str(p.protocol) ?? 'TCP';
    if (port !== undefined) {
      // The API server keys Service ports by (port, protocol): a second entry would be merged away.
      const key = `${port}/${protocol}`;
      if (keys.has(key)) c.duplicate(at, `port ${port}/${protocol} is declared twice (also ports[${keys.get(key)}]); the API server keys ports by port and protocol`);
      else keys.set(key, i);
    }
    // targetPort 0 or unset means "same as port".
    if (p.targetPort !== 0) c.bad([...at, 'targetPort'], p.targetPort, portNumberOrName(p.targetPort));
    const appProtocol = str(p.appProtocol);
    if (appProtocol !== undefined) c.bad([...at, 'appProtocol'], appProtocol, qualifiedName(appProtocol));
    if (p.nodePort !== undefined && p.nodePort !== null && p.nodePort !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName') c.forbidden([...at, 'nodePort'], `nodePort may not be set when the type is ${type}`);
      else if (typeof p.nodePort === 'number') {
        c.bad([...at, 'nodePort'], p.nodePort, portNumber(p.nodePort));
        const key = `${p.nodePort}/${protocol}`;
        if (nodePorts.has(key)) c.duplicate([...at, 'nodePort'], `nodePort ${key} is already used by ports[${nodePorts.get(key)}]`);
        else nodePorts.set(key, i);
      }
    }
  }

  checkTypeSpecificFields(c, spec, type);
  checkIpFamilies(c, spec);
  if (clusterIP && clusterIP !== 'None' && !parseIp(clusterIP)) c.invalid(['spec', 'clusterIP'], `${JSON.stringify(clusterIP)} is not an IP address or "None"`);
  arr(spec.clusterIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && ip !== 'None' && ip !== '' && !parseIp(ip)) c.invalid(['spec', 'clusterIPs', i], `${JSON.stringify(ip)} is not an IP address or "None"`);
  });
  arr(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip !== 'string') return;
    const bytes = parseIp(ip);
    if (!bytes) c.invalid(['spec', 'externalIPs', i], `${JSON.stringify(ip)} is not an IP address`);
    else c.bad(['spec', 'externalIPs', i], ip, specialAddress(bytes));
  });
  c.oneOf(['spec', 'trafficDistribution'], spec.trafficDistribution, ['PreferClose']);
  arr(spec.ipFamilies).forEach((f, i) => c.oneOf(['spec', 'ipFamilies', i], f, ['IPv4', 'IPv6']));
  if (type === 'LoadBalancer') {
    arr(spec.loadBalancerSourceRanges).forEach((r, i) => {
      if (typeof r === 'string' && !parseCidr(r.trim())) c.invalid(['spec', 'loadBalancerSourceRanges', i], `${JSON.stringify(r)} is not a CIDR (e.g. 10.0.0.0/8)`);
    });
  }
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== null && spec.externalTrafficPolicy !== '' && !external) {
    c.invalid(['spec', 'externalTrafficPolicy'], `externalTrafficPolicy may only be set on NodePort and LoadBalancer Services, not ${type}`);
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    c.forbidden(['spec', 'allocateLoadBalancerNodePorts'], 'allocateLoadBalancerNodePorts may only be set on LoadBalancer Services');
  }
  const timeout = num(obj(obj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds);
  if (spec.sessionAffinity === 'ClientIP' && timeout !== undefined && (timeout <= 0 || timeout > 86400)) {
    c.invalid(['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], `${timeout} must be between 1 and 86400`);
  }
  checkLabels(c, spec.selector, ['spec', 'selector']);
}

/** Why an address may not be an external IP: unspecified, loopback or link-local. */
function specialAddress(b: number[]): string | undefined {
  const v4 = b.length === 4 ? b : b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255 ? b.slice(12) : undefined;
  if (v4) {
    if (v4.every((x) => x === 0)) return 'may not be unspecified (0.0.0.0)';
    if (v4[0] === 127) return 'may not be in the loopback range (127.0.0.0/8)';
    if (v4[0] === 169 && v4[1] === 254) return 'may not be link-local (169.254.0.0/16)';
    if (v4[0] === 224 && v4[1] === 0 && v4[2] === 0) return 'may not be link-local multicast (224.0.0.0/24)';
    return undefined;
  }
  if (b.every((x) => x === 0)) return 'may not be unspecified (::)';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'may not be the loopback address (::1)';
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'may not be link-local (fe80::/10)';
  if (b[0] === 0xff && (b[1]! & 0x0f) === 0x02) return 'may not be link-local multicast (ff02::/16)';
  return undefined;
}

const set = (v: JsonValue | undefined) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Fields that only LoadBalancer (or non-ExternalName) Services may carry. */
function checkTypeSpecificFields(c: Checker, spec: JsonObject, type: string): void {
  if (type !== 'LoadBalancer') {
    if (set(spec.loadBalancerSourceRanges)) c.forbidden(['spec', 'loadBalancerSourceRanges'], 'loadBalancerSourceRanges may only be set when the type is LoadBalancer');
    if (set(spec.loadBalancerClass)) c.forbidden(['spec', 'loadBalancerClass'], 'loadBalancerClass may only be set when the type is LoadBalancer');
  }
  const lbClass = str(spec.loadBalancerClass);
  if (lbClass) c.bad(['spec', 'loadBalancerClass'], lbClass, qualifiedName(lbClass));
  const health = num(spec.healthCheckNodePort);
  if (health && !(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
    c.invalid(['spec', 'healthCheckNodePort'], 'healthCheckNodePort may only be set when the type is LoadBalancer and externalTrafficPolicy is Local');
  }
  if (type === 'ExternalName') {
    if (set(spec.clusterIP) || set(spec.clusterIPs)) c.forbidden(['spec', 'clusterIPs'], 'an ExternalName Service has no cluster IP: clusterIP and clusterIPs may not be set (not even None)');
    for (const f of ['ipFamilies', 'ipFamilyPolicy']) if (set(spec[f])) c.forbidden(['spec', f], `${f} may not be set for an ExternalName Service`);
  }
  if ((type === 'NodePort' || type === 'LoadBalancer') && spec.clusterIP === 'None') {
    c.invalid(['spec', 'clusterIP'], `a ${type} Service cannot be headless (clusterIP None)`);
  }
  const clusterIP = str(spec.clusterIP);
  const first = arr(spec.clusterIPs)[0];
  if (clusterIP && typeof first === 'string' && first !== clusterIP) c.invalid(['spec', 'clusterIPs'], `the first entry (${first}) must equal clusterIP (${clusterIP})`);
}

function checkIpFamilies(c: Checker, spec: JsonObject): void {
  const families = arr(spec.ipFamilies);
  const seen = new Set<JsonValue>();
  families.forEach((f, i) => {
    if (seen.has(f)) c.duplicate(['spec', 'ipFamilies', i], `IP family ${JSON.stringify(f)} is listed twice`);
    seen.add(f);
  });
  if (families.length > 2) c.invalid(['spec', 'ipFamilies'], `at most two IP families (one of each); ${families.length} given`);
  if (seen.size > 1 && spec.ipFamilyPolicy === 'SingleStack') c.invalid(['spec', 'ipFamilyPolicy'], 'two IP families need ipFamilyPolicy PreferDualStack or RequireDualStack, not SingleStack');
}

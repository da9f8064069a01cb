// Services: ports keyed by (port, protocol), port names, target ports, and the fields that only some
// Service types may use.

import { Checker, arr, num, obj, objects, str } from './check.js';
import { dnsLabel, dnsSubdomain, parseCidr, parseIp, portNumber, portNumberOrName, qualifiedName } from './formats.js';
import { checkLabels } from './meta.js';
import type { JsonObject } from '../types.js';

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
      else if (typeof p.nodePort === 'number') c.bad([...at, 'nodePort'], p.nodePort, portNumber(p.nodePort));
    }
  }

  if (clusterIP && clusterIP !== 'None' && !parseIp(clusterIP)) c.invalid(['spec', 'clusterIP'], `${JSON.stringify(clusterIP)} is not an IP address or "None"`);
  arr(spec.clusterIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && ip !== 'None' && ip !== '' && !parseIp(ip)) c.invalid(['spec', 'clusterIPs', i], `${JSON.stringify(ip)} is not an IP address or "None"`);
  });
  arr(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && !parseIp(ip)) c.invalid(['spec', 'externalIPs', i], `${JSON.stringify(ip)} is not an IP address`);
  });
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

// Ingresses (hosts, paths, backends, TLS) and NetworkPolicies (policy types, ports, peers, CIDRs).

import { Checker, arr, num, obj, objects, str, type Path } from './check.js';
import { dns1035Label, dnsLabel, dnsSubdomain, domainPrefixedPath, ianaServiceName, parseCidr, parseIp, portNumber, portNumberOrName, strictSubnet, wildcardOrSubdomain } from './formats.js';
import { checkLabelSelector } from './meta.js';
import type { JsonObject, JsonValue } from '../types.js';

function checkHost(c: Checker, host: string, at: Path): void {
  if (parseIp(host)) return c.invalid(at, `${JSON.stringify(host)} must be a DNS name, not an IP address`);
  c.bad(at, host, wildcardOrSubdomain(host));
}

function checkBackend(c: Checker, b: JsonObject, at: Path): void {
  const service = obj(b.service);
  const resource = obj(b.resource);
  if (service && resource) return c.invalid(at, 'a backend is a service or a resource, not both');
  if (!service && !resource) return c.required(at, 'a backend needs a service or a resource');
  if (resource) return checkResourceBackend(c, resource, [...at, 'resource']);
  if (!service) return;
  const name = str(service.name);
  if (name !== undefined) c.bad([...at, 'service', 'name'], name, dns1035Label(name) && `is not a valid Service name: it ${dns1035Label(name)}`);
  const port = obj(service.port) ?? {};
  const portName = str(port.name);
  const portNumberValue = num(port.number);
  if (portName && portNumberValue) c.invalid([...at, 'service', 'port'], 'a backend port has a name or a number, not both');
  else if (!portName && !portNumberValue) c.required([...at, 'service', 'port'], 'a backend port needs a name or a number');
  if (portName) c.bad([...at, 'service', 'port', 'name'], portName, ianaServiceName(portName));
  if (portNumberValue) c.bad([...at, 'service', 'port', 'number'], portNumberValue, portNumber(portNumberValue));
}

/** A typed reference to another object: kind and name are URL path segments, apiGroup (when given, even "") a DNS subdomain. */
function checkResourceBackend(c: Checker, r: JsonObject, at: Path): void {
  const kind = str(r.kind);
  if (!kind) c.required([...at, 'kind'], 'a resource backend needs a kind');
  for (const f of ['kind', 'name']) {
    const v = str(r[f]);
    if (v && (v.includes('/') || v.includes('%') || v === '.' || v === '..')) c.invalid([...at, f], `${JSON.stringify(v)} may not contain '/' or '%', nor be '.' or '..'`);
  }
  const group = str(r.apiGroup);
  if (group !== undefined) c.bad([...at, 'apiGroup'], group, dnsSubdomain(group));
}

const FORBIDDEN_IN_PATHS = ['//', '/./', '/../', '%2f', '%2F'];

function checkPath(c: Checker, path: string | undefined, pathType: JsonValue | undefined, at: Path): void {
  if (path === undefined || path === '') {
    if (pathType === 'Exact' || pathType === 'Prefix') c.invalid(at, `a ${pathType} path must be an absolute path`);
    return;
  }
  if (!path.startsWith('/')) return c.invalid(at, `${JSON.stringify(path)} must be an absolute path (start with "/")`);
  if (pathType !== 'Exact' && pathType !== 'Prefix') return;
  for (const bad of FORBIDDEN_IN_PATHS) if (path.includes(bad)) return c.invalid(at, `${JSON.stringify(path)} must not contain ${JSON.stringify(bad)}`);
  for (const bad of ['/..', '/.']) if (path.endsWith(bad)) return c.invalid(at, `${JSON.stringify(path)} must not end with ${JSON.stringify(bad)}`);
}

export function checkIngress(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const defaultBackend = obj(spec.defaultBackend);
  if (!defaultBackend && arr(spec.rules).length === 0) c.invalid(['spec'], 'an Ingress needs rules or a defaultBackend');
  if (defaultBackend) checkBackend(c, defaultBackend, ['spec', 'defaultBackend']);
  const className = str(spec.ingressClassName);
  if (className) c.bad(['spec', 'ingressClassName'], className, dnsSubdomain(className));
  for (const [rule, i] of objects(spec.rules)) {
    const at = ['spec', 'rules', i];
    const host = str(rule.host);
    if (host) checkHost(c, host, [...at, 'host']);
    const http = obj(rule.http);
    if (!http) continue;
    if (arr(http.paths).length === 0) c.required([...at, 'http', 'paths'], 'an http rule needs at least one path');
    for (const [p, j] of objects(http.paths)) {
      const pat = [...at, 'http', 'paths', j];
      checkPath(c, str(p.path), p.pathType, [...pat, 'path']);
      const backend = obj(p.backend);
      if (backend) checkBackend(c, backend, [...pat, 'backend']);
    }
  }
  for (const [tls, i] of objects(spec.tls)) {
    arr(tls.hosts).forEach((h, j) => {
      if (typeof h === 'string') c.bad(['spec', 'tls', i, 'hosts', j], h, wildcardOrSubdomain(h));
    });
    const secret = str(tls.secretName);
    if (secret) c.bad(['spec', 'tls', i, 'secretName'], secret, dnsSubdomain(secret));
  }
}

function checkPolicyPorts(c: Checker, ports: JsonValue | undefined, at: Path): void {
  for (const [p, i] of objects(ports)) {
    const pat = [...at, i];
    c.oneOf([...pat, 'protocol'], p.protocol, ['TCP', 'UDP', 'SCTP']);
    if (p.port !== undefined && p.port !== null) c.bad([...pat, 'port'], p.port, portNumberOrName(p.port));
    const end = num(p.endPort);
    if (end === undefined) continue;
    if (typeof p.port !== 'number') c.invalid([...pat, 'endPort'], 'endPort needs a numeric port');
    else if (end < p.port) c.invalid([...pat, 'endPort'], `endPort (${end}) must not be below port (${p.port})`);
    c.bad([...pat, 'endPort'], end, portNumber(end));
  }
}

function checkPeers(c: Checker, peers: JsonValue | undefined, at: Path): void {
  for (const [peer, i] of objects(peers)) {
    const pat = [...at, i];
    const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => obj(peer[k]));
    if (kinds.length === 0) c.required(pat, 'a peer needs a podSelector, a namespaceSelector or an ipBlock');
    const block = obj(peer.ipBlock);
    if (block && kinds.length > 1) c.forbidden(pat, 'a peer may not combine ipBlock with a selector');
    checkLabelSelector(c, peer.podSelector, [...pat, 'podSelector']);
    checkLabelSelector(c, peer.namespaceSelector, [...pat, 'namespaceSelector']);
    if (!block) continue;
    const cidrText = str(block.cidr);
    if (!cidrText) {
      c.required([...pat, 'ipBlock', 'cidr'], 'an ipBlock needs a cidr');
      continue;
    }
    const cidr = parseCidr(cidrText);
    if (!cidr) c.invalid([...pat, 'ipBlock', 'cidr'], `${JSON.stringify(cidrText)} is not a CIDR (e.g. 10.0.0.0/8)`);
    arr(block.except).forEach((e, j) => {
      if (typeof e !== 'string') return;
      const ex = parseCidr(e);
      if (!ex) c.invalid([...pat, 'ipBlock', 'except', j], `${JSON.stringify(e)} is not a CIDR`);
      else if (cidr && !strictSubnet(cidr, ex)) c.invalid([...pat, 'ipBlock', 'except', j], `${e} must lie strictly inside ${cidrText}`);
    });
  }
}

export function checkNetworkPolicy(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  checkLabelSelector(c, spec.podSelector, ['spec', 'podSelector']);
  const types = arr(spec.policyTypes);
  if (types.length > 2) c.invalid(['spec', 'policyTypes'], `at most two policyTypes (Ingress, Egress); ${types.length} given`);
  types.forEach((t, i) => c.oneOf(['spec', 'policyTypes', i], t, ['Ingress', 'Egress']));
  for (const [rule, i] of objects(spec.ingress)) {
    checkPolicyPorts(c, rule.ports, ['spec', 'ingress', i, 'ports']);
    checkPeers(c, rule.from, ['spec', 'ingress', i, 'from']);
  }
  for (const [rule, i] of objects(spec.egress)) {
    checkPolicyPorts(c, rule.ports, ['spec', 'egress', i, 'ports']);
    checkPeers(c, rule.to, ['spec', 'egress', i, 'to']);
  }
}

export function checkIngressClass(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const controller = str(spec.controller);
  if (spec.controller === undefined || spec.controller === null || controller === '') c.required(['spec', 'controller'], 'an IngressClass needs the name of its controller');
  else if (controller !== undefined) {
    if (controller.length > 250) c.invalid(['spec', 'controller'], `must be at most 250 characters; ${controller.length} given`);
    else c.bad(['spec', 'controller'], controller, domainPrefixedPath(controller));
  }
  const params = obj(spec.parameters);
  if (!params) return;
  const at = ['spec', 'parameters'];
  const group = str(params.apiGroup);
  if (group) c.bad([...at, 'apiGroup'], group, dnsSubdomain(group));
  for (const f of ['kind', 'name']) {
    const v = str(params[f]);
    if (v && (v.includes('/') || v.includes('%') || v === '.' || v === '..')) c.invalid([...at, f], `${JSON.stringify(v)} may not contain '/' or '%', nor be '.' or '..'`);
  }
  const scope = str(params.scope) ?? 'Cluster';
  c.oneOf([...at, 'scope'], scope, ['Cluster', 'Namespace']);
  const ns = str(params.namespace);
  if (scope === 'Namespace') {
    if (!ns) c.required([...at, 'namespace'], 'parameters with scope Namespace need a namespace');
    else c.bad([...at, 'namespace'], ns, dnsLabel(ns));
  } else if (scope === 'Cluster' && ns !== undefined && ns !== null) {
    c.forbidden([...at, 'namespace'], 'parameters with scope Cluster (the default) may not name a namespace');
  }
}

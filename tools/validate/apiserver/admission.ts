// Admission webhook configurations and APIServices: webhook names, review versions, side effects,
// client configs (one of url and service), rules, timeouts; APIService names and priorities.

import { Checker, arr, num, obj, objects, str, type Path } from './check.js';
import { matchConditionProblem } from '../cel.js';
import { dnsSubdomain, portNumber, qualifiedName } from './formats.js';
import { checkLabelSelector } from './meta.js';
import type { JsonObject } from '../types.js';

const OPERATIONS = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

function checkClientConfig(c: Checker, cc: JsonObject, at: Path): void {
  const url = str(cc.url);
  const service = obj(cc.service);
  if (url && service) return c.required(at, 'a clientConfig has a url or a service, not both');
  if (!url && !service) return c.required(at, 'a clientConfig needs a url or a service');
  if (url) {
    let u: URL | undefined;
    try {
      u = new URL(url);
    } catch {
      return c.invalid([...at, 'url'], `${JSON.stringify(url)} is not a URL`);
    }
    if (u.protocol !== 'https:') c.invalid([...at, 'url'], `webhooks are called over https only; ${JSON.stringify(url)} given`);
    if (u.search || u.hash) c.invalid([...at, 'url'], 'a webhook URL may not have a query or a fragment');
    if (u.username || u.password) c.invalid([...at, 'url'], 'a webhook URL may not carry user info');
  }
  if (service) {
    // Only presence: the API server does not check the format of these names.
    for (const f of ['namespace', 'name'] as const) if (!str(service[f])) c.required([...at, 'service', f], `the webhook service needs its ${f}`);
    const path = str(service.path);
    if (path) {
      if (!path.startsWith('/')) c.invalid([...at, 'service', 'path'], `${JSON.stringify(path)} must start with "/"`);
      else if (path.length > 1 && path.slice(1).split('/').some((seg) => seg === '' && path !== '/')) c.invalid([...at, 'service', 'path'], `${JSON.stringify(path)} must not contain empty segments`);
    }
    const port = num(service.port);
    if (port !== undefined) c.bad([...at, 'service', 'port'], port, portNumber(port));
  }
}

function checkRules(c: Checker, rules: JsonObject['rules'], at: Path): void {
  for (const [r, i] of objects(rules)) {
    const rat = [...at, i];
    const ops = arr(r.operations);
    if (ops.length === 0) c.required([...rat, 'operations'], 'a rule needs at least one operation');
    ops.forEach((op, j) => c.oneOf([...rat, 'operations', j], op, OPERATIONS));
    if (ops.length > 1 && ops.includes('*')) c.invalid([...rat, 'operations'], '"*" matches every operation and may not be combined with others');
    for (const f of ['apiGroups', 'apiVersions', 'resources'] as const) {
      const list = arr(r[f]);
      if (list.length === 0) c.required([...rat, f], `a rule needs at least one entry in ${f}`);
      else if (list.length > 1 && list.includes('*')) c.invalid([...rat, f], `"*" matches everything and may not be combined with other ${f}`);
      else if (f === 'resources' && list.length > 1 && list.includes('*/*')) c.invalid([...rat, f], '"*/*" matches every resource and subresource and may not be combined with others');
    }
    c.oneOf([...rat, 'scope'], r.scope, ['Cluster', 'Namespaced', '*']);
  }
}

export function checkWebhookConfiguration(c: Checker, o: JsonObject, kind: string): void {
  const names = new Map<string, number>();
  for (const [w, i] of objects(o.webhooks)) {
    const at = ['webhooks', i];
    const name = str(w.name);
    if (!name) c.required([...at, 'name'], 'a webhook needs a name');
    else {
      const p = dnsSubdomain(name);
      if (p) c.bad([...at, 'name'], name, p);
      else if (name.split('.').length < 3) c.invalid([...at, 'name'], `${JSON.stringify(name)} must be a domain with at least three segments (e.g. validate.example.com)`);
      if (names.has(name)) c.duplicate([...at, 'name'], `webhook name ${JSON.stringify(name)} is used twice (also webhooks[${names.get(name)}])`);
      else names.set(name, i);
    }
    const versions = arr(w.admissionReviewVersions);
    if (versions.length === 0) c.required([...at, 'admissionReviewVersions'], 'admissionReviewVersions must list v1 (or v1beta1)');
    else if (!versions.some((v) => v === 'v1' || v === 'v1beta1')) c.invalid([...at, 'admissionReviewVersions'], 'admissionReviewVersions must include v1 or v1beta1');
    if (w.sideEffects === undefined || w.sideEffects === null) c.required([...at, 'sideEffects'], 'sideEffects is required (None or NoneOnDryRun)');
    else c.oneOf([...at, 'sideEffects'], w.sideEffects, ['None', 'NoneOnDryRun']);
    c.oneOf([...at, 'failurePolicy'], w.failurePolicy, ['Ignore', 'Fail']);
    c.oneOf([...at, 'matchPolicy'], w.matchPolicy, ['Exact', 'Equivalent']);
    if (kind === 'MutatingWebhookConfiguration') c.oneOf([...at, 'reinvocationPolicy'], w.reinvocationPolicy, ['Never', 'IfNeeded']);
    const timeout = num(w.timeoutSeconds);
    if (timeout !== undefined && (timeout < 1 || timeout > 30)) c.invalid([...at, 'timeoutSeconds'], `timeoutSeconds must be between 1 and 30; ${timeout} given`);
    const cc = obj(w.clientConfig);
    if (cc) checkClientConfig(c, cc, [...at, 'clientConfig']);
    checkRules(c, w.rules, [...at, 'rules']);
    checkLabelSelector(c, w.namespaceSelector, [...at, 'namespaceSelector']);
    checkLabelSelector(c, w.objectSelector, [...at, 'objectSelector']);
    checkMatchConditions(c, w.matchConditions, [...at, 'matchConditions']);
  }
}

/** CEL conditions that must all hold for a request to go to the webhook: named uniquely, compiled by the API server. */
function checkMatchConditions(c: Checker, conditions: JsonObject['matchConditions'], at: Path): void {
  const list = objects(conditions);
  if (list.length > 64) c.invalid(at, `at most 64 matchConditions; ${list.length} given`);
  const names = new Set<string>();
  for (const [m, i] of list) {
    const name = str(m.name);
    if (!name) c.required([...at, i, 'name'], 'a matchCondition needs a name');
    else {
      c.bad([...at, i, 'name'], name, qualifiedName(name));
      if (names.has(name)) c.duplicate([...at, i, 'name'], `matchCondition name ${JSON.stringify(name)} is used twice`);
      names.add(name);
    }
    const expression = str(m.expression);
    if (!expression) c.required([...at, i, 'expression'], 'a matchCondition needs a CEL expression');
    else c.bad([...at, i, 'expression'], expression, matchConditionProblem(expression));
  }
}

export function checkApiService(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const name = str(obj(o.metadata)?.name);
  const group = str(spec.group) ?? '';
  const version = str(spec.version) ?? '';
  if (name && name !== `${version}.${group}`) c.invalid(['metadata', 'name'], `an APIService is named <version>.<group>: ${JSON.stringify(`${version}.${group}`)}, not ${JSON.stringify(name)}`);
  const gp = num(spec.groupPriorityMinimum);
  if (gp !== undefined && (gp <= 0 || gp > 20000)) c.invalid(['spec', 'groupPriorityMinimum'], `groupPriorityMinimum must be between 1 and 20000; ${gp} given`);
  const vp = num(spec.versionPriority);
  if (vp !== undefined && (vp <= 0 || vp > 1000)) c.invalid(['spec', 'versionPriority'], `versionPriority must be between 1 and 1000; ${vp} given`);
  if (spec.insecureSkipTLSVerify === true && str(spec.caBundle)) c.invalid(['spec', 'insecureSkipTLSVerify'], 'insecureSkipTLSVerify may not be set together with a caBundle');
  const service = obj(spec.service);
  if (service) {
    for (const f of ['namespace', 'name'] as const) if (!str(service[f])) c.required(['spec', 'service', f], `the APIService service needs its ${f}`);
    const port = num(service.port);
    if (port !== undefined) c.bad(['spec', 'service', 'port'], port, portNumber(port));
  }
}

// HorizontalPodAutoscalers (autoscaling/v1 and v2): replica bounds, the scale target, metric sources
// and their targets, and scaling behavior. autoscaling/v1 objects are checked as the API server does,
// after converting their CPU target to a v2 Resource metric.

import { Checker, num, obj, objects, str, type Path } from './check.js';
import { dnsLabel, quantityValue } from './formats.js';
import type { JsonObject, JsonValue } from '../types.js';

const SOURCES: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

/** Names the API server puts in a URL path: no '/', no '%', not '.' or '..'. */
function checkPathSegment(c: Checker, v: JsonValue | undefined, at: Path): void {
  if (typeof v !== 'string') return;
  if (v === '') c.required(at, 'must not be empty');
  else if (v === '.' || v === '..') c.invalid(at, `${JSON.stringify(v)} may not be '.' or '..'`);
  else for (const ch of ['/', '%']) if (v.includes(ch)) c.invalid(at, `${JSON.stringify(v)} may not contain '${ch}'`);
}

function checkCrossVersionRef(c: Checker, ref: JsonObject | undefined, at: Path): void {
  if (!ref) return;
  checkPathSegment(c, ref.kind, [...at, 'kind']);
  checkPathSegment(c, ref.name, [...at, 'name']);
}

function positive(c: Checker, v: JsonValue | undefined, at: Path): void {
  const q = quantityValue(v);
  if (q !== undefined && q <= 0) c.invalid(at, `${JSON.stringify(v)} must be positive`);
}

/** A metric target: which of value, averageValue and averageUtilization a source needs. */
function checkTarget(c: Checker, t: JsonObject | undefined, at: Path, source: string): void {
  if (!t) return;
  const type = str(t.type);
  const set = (f: string) => t[f] !== undefined && t[f] !== null;
  if (type !== undefined && !['Utilization', 'Value', 'AverageValue'].includes(type)) c.invalid([...at, 'type'], `${JSON.stringify(type)} must be Utilization, Value or AverageValue`);
  if (set('value')) positive(c, t.value, [...at, 'value']);
  if (set('averageValue')) positive(c, t.averageValue, [...at, 'averageValue']);
  const util = num(t.averageUtilization);
  if (util !== undefined && util < 1) c.invalid([...at, 'averageUtilization'], `${util} must be greater than 0`);
  if (source === 'resource' || source === 'containerResource') {
    // Either a utilization or an average value, never both, never a raw value.
    if (type === 'Utilization' && !set('averageUtilization')) c.required([...at, 'averageUtilization'], 'a Utilization target needs averageUtilization');
    else if (type === 'AverageValue' && !set('averageValue')) c.required([...at, 'averageValue'], 'an AverageValue target needs averageValue');
    else if (type === 'Value') c.required([...at, 'averageUtilization'], 'a resource metric targets a utilization or an average value, not a raw value');
    if (set('averageUtilization') && set('averageValue')) c.forbidden([...at, 'averageValue'], 'a target may not set both averageValue and averageUtilization');
  } else if (source === 'pods') {
    if (!set('averageValue')) c.required([...at, 'averageValue'], 'a Pods metric needs a positive averageValue target');
  } else if (!set('value') && !set('averageValue')) {
    c.required([...at, 'averageValue'], `an ${source} metric needs a target value or averageValue`);
  }
}

function checkMetric(c: Checker, m: JsonObject, at: Path): void {
  const type = str(m.type);
  if (type === undefined) return;
  const field = SOURCES[type];
  if (!field) {
    c.oneOf([...at, 'type'], type, Object.keys(SOURCES));
    return;
  }
  for (const [other, f] of Object.entries(SOURCES)) {
    if (other !== type && m[f] !== undefined && m[f] !== null) c.forbidden([...at, f], `a ${type} metric must set ${field} only`);
  }
  const source = obj(m[field]);
  if (!source) {
    c.required([...at, field], `a ${type} metric needs ${field}`);
    return;
  }
  const container = str(source.container);
  if (field === 'containerResource' && container !== undefined) c.bad([...at, field, 'container'], container, dnsLabel(container));
  if (field === 'object') checkCrossVersionRef(c, obj(source.describedObject), [...at, field, 'describedObject']);
  // The metric's label selector is passed to the metrics API as it is: the API server does not check it.
  checkTarget(c, obj(source.target), [...at, field, 'target'], field);
}

function checkRules(c: Checker, r: JsonObject | undefined, at: Path): void {
  if (!r) return;
  const window = num(r.stabilizationWindowSeconds);
  if (window !== undefined && window < 0) c.invalid([...at, 'stabilizationWindowSeconds'], `${window} must be zero or more`);
  else if (window !== undefined && window > 3600) c.invalid([...at, 'stabilizationWindowSeconds'], `${window} must be at most 3600 (one hour)`);
  c.oneOf([...at, 'selectPolicy'], r.selectPolicy, ['Max', 'Min', 'Disabled']);
  if (Array.isArray(r.policies) && r.policies.length === 0) c.required([...at, 'policies'], 'give at least one policy, or leave policies out for the defaults');
  for (const [p, i] of objects(r.policies)) {
    const pat = [...at, 'policies', i];
    c.oneOf([...pat, 'type'], p.type, ['Pods', 'Percent']);
    const value = num(p.value);
    if (value !== undefined && value <= 0) c.invalid([...pat, 'value'], `${value} must be greater than zero`);
    const period = num(p.periodSeconds);
    if (period !== undefined && period <= 0) c.invalid([...pat, 'periodSeconds'], `${period} must be greater than zero`);
    else if (period !== undefined && period > 1800) c.invalid([...pat, 'periodSeconds'], `${period} must be at most 1800 (30 minutes)`);
  }
}

export function checkHorizontalPodAutoscaler(c: Checker, o: JsonObject, version: string): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const min = num(spec.minReplicas);
  const max = num(spec.maxReplicas) ?? 0;
  if (min !== undefined && min < 1) c.invalid(['spec', 'minReplicas'], `${min} must be at least 1`);
  if (max < 1) c.invalid(['spec', 'maxReplicas'], `${max} must be greater than 0`);
  if (max < (min ?? 1)) c.invalid(['spec', 'maxReplicas'], `maxReplicas (${max}) must not be below minReplicas (${min ?? 1})`);
  checkCrossVersionRef(c, obj(spec.scaleTargetRef), ['spec', 'scaleTargetRef']);
  if (version === 'v1') {
    const cpu = num(spec.targetCPUUtilizationPercentage);
    if (cpu !== undefined && cpu < 1) c.invalid(['spec', 'targetCPUUtilizationPercentage'], `${cpu} must be greater than 0`);
    return;
  }
  for (const [m, i] of objects(spec.metrics)) checkMetric(c, m, ['spec', 'metrics', i]);
  const behavior = obj(spec.behavior);
  if (behavior) for (const dir of ['scaleUp', 'scaleDown']) checkRules(c, obj(behavior[dir]), ['spec', 'behavior', dir]);
}

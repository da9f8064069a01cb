// Workload controllers: selectors that match their template, counts, update strategies, Jobs and
// CronJobs. StatefulSet pod templates are not validated by the API server beyond restart policy and
// deadline; their pod spec problems are reported under their own rule (see index.ts).

import { Checker, arr, num, obj, objects, str, type Path } from './check.js';
import { cronScheduleProblem, timeZoneProblem } from './cron.js';
import { domainPrefixedPath, isPercent, qualifiedName } from './formats.js';
import { checkLabelSelector, selectorIsEmpty, selectorMatches } from './meta.js';
import { checkPodSpec, checkTemplatePolicy } from './pod.js';
import type { JsonObject, JsonValue } from '../types.js';

/** Selector, template labels and the template itself of a controller spec. */
function checkSelectorAndTemplate(c: Checker, spec: JsonObject, kind: string, path: Path, podSpecChecker: Checker): void {
  const selector = obj(spec.selector);
  const template = obj(spec.template);
  if (selector) {
    checkLabelSelector(c, selector, [...path, 'selector']);
    if (selectorIsEmpty(selector)) c.invalid([...path, 'selector'], `an empty selector is invalid for a ${kind}: it would select every pod in the namespace`);
    else if (template) {
      const labels = Object.fromEntries(Object.entries(obj(obj(template.metadata)?.labels) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
      if (!selectorMatches(selector, labels)) c.invalid([...path, 'template', 'metadata', 'labels'], 'the selector does not match the template labels');
    }
  }
  if (template) {
    checkTemplatePolicy(c, template, [...path, 'template'], kind);
    const podSpec = obj(template.spec);
    const claims = objects(spec.volumeClaimTemplates).map(([t]) => str(obj(t.metadata)?.name)).filter((n): n is string => !!n);
    if (podSpec) checkPodSpec(podSpecChecker, podSpec, [...path, 'template', 'spec'], claims, obj(obj(template.metadata)?.annotations), [...path, 'template', 'metadata', 'annotations']);
  }
}

function checkCounts(c: Checker, spec: JsonObject, path: Path, fields: string[]): void {
  for (const f of fields) c.atLeast([...path, f], spec[f], 0);
}

/** int-or-string: a count (>= 0) or a percent string; `maxPercent` caps the percent. */
function checkIntOrPercent(c: Checker, v: JsonValue | undefined, at: Path, maxPercent?: number): void {
  if (typeof v === 'number') c.atLeast(at, v, 0);
  else if (typeof v === 'string') {
    if (!isPercent(v)) c.invalid(at, `${JSON.stringify(v)} must be a whole number or a percentage like "25%"`);
    else if (maxPercent !== undefined && Number(v.slice(0, -1)) > maxPercent) c.invalid(at, `${v} must not be more than ${maxPercent}%`);
  }
}

function isZero(v: JsonValue | undefined): boolean {
  return v === 0 || v === '0%';
}

export function checkDeployment(c: Checker, o: JsonObject, podSpecChecker: Checker, kind = 'Deployment'): void {
  const spec = obj(o.spec);
  if (!spec) return;
  checkSelectorAndTemplate(c, spec, kind, ['spec'], podSpecChecker);
  checkCounts(c, spec, ['spec'], ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']);
  const deadline = num(spec.progressDeadlineSeconds);
  const minReady = num(spec.minReadySeconds) ?? 0;
  if (deadline !== undefined && deadline <= minReady) c.invalid(['spec', 'progressDeadlineSeconds'], `progressDeadlineSeconds (${deadline}) must be greater than minReadySeconds (${minReady})`);
  const strategy = obj(spec.strategy);
  if (!strategy) return;
  const rolling = obj(strategy.rollingUpdate);
  if (strategy.type === 'Recreate' && rolling) c.forbidden(['spec', 'strategy', 'rollingUpdate'], 'rollingUpdate may not be set when the strategy type is Recreate');
  if (rolling) {
    checkIntOrPercent(c, rolling.maxSurge, ['spec', 'strategy', 'rollingUpdate', 'maxSurge']);
    checkIntOrPercent(c, rolling.maxUnavailable, ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], 100);
    // Defaults are 25% each; both zero means no rollout could ever progress.
    if (isZero(rolling.maxUnavailable) && isZero(rolling.maxSurge)) c.invalid(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], 'maxUnavailable may not be 0 when maxSurge is 0');
  }
}

export function checkStatefulSet(c: Checker, o: JsonObject, podSpecChecker: Checker): void {
  const spec = obj(o.spec);
  if (!spec) return;
  checkSelectorAndTemplate(c, spec, 'StatefulSet', ['spec'], podSpecChecker);
  // (revisionHistoryLimit of a StatefulSet is not checked by the API server.)
  checkCounts(c, spec, ['spec'], ['replicas', 'minReadySeconds']);
  const strategy = obj(spec.updateStrategy);
  const rolling = obj(strategy?.rollingUpdate);
  if (strategy && rolling) {
    if (strategy.type === 'OnDelete') c.invalid(['spec', 'updateStrategy', 'rollingUpdate'], 'rollingUpdate is only allowed with updateStrategy type RollingUpdate');
    c.atLeast(['spec', 'updateStrategy', 'rollingUpdate', 'partition'], rolling.partition, 0);
    checkIntOrPercent(c, rolling.maxUnavailable, ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], 100);
  }
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    c.oneOf(['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'], retention.whenDeleted, ['Retain', 'Delete']);
    c.oneOf(['spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled'], retention.whenScaled, ['Retain', 'Delete']);
  }
  const ordinals = obj(spec.ordinals);
  if (ordinals) c.atLeast(['spec', 'ordinals', 'start'], ordinals.start, 0);
}

export function checkDaemonSet(c: Checker, o: JsonObject, podSpecChecker: Checker): void {
  const spec = obj(o.spec);
  if (!spec) return;
  checkSelectorAndTemplate(c, spec, 'DaemonSet', ['spec'], podSpecChecker);
  checkCounts(c, spec, ['spec'], ['minReadySeconds', 'revisionHistoryLimit']);
  const strategy = obj(spec.updateStrategy);
  const rolling = obj(strategy?.rollingUpdate);
  if (strategy?.type === 'RollingUpdate' && rolling) {
    checkIntOrPercent(c, rolling.maxSurge, ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge'], 100);
    checkIntOrPercent(c, rolling.maxUnavailable, ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], 100);
    const surge = rolling.maxSurge ?? 0;
    const unavailable = rolling.maxUnavailable ?? 1;
    if (isZero(unavailable) && isZero(surge)) c.invalid(['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], 'maxUnavailable may not be 0 when maxSurge is 0');
    if (!isZero(unavailable) && !isZero(surge)) c.invalid(['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge'], 'maxSurge may not be set when maxUnavailable is not 0 (a DaemonSet update either surges or takes pods down)');
  }
}

function checkJobSpec(c: Checker, spec: JsonObject, path: Path, kind: string, podSpecChecker: Checker): void {
  const template = obj(spec.template);
  if (template) {
    const podSpec = obj(template.spec);
    const rp = str(podSpec?.restartPolicy);
    if (podSpec && rp !== 'OnFailure' && rp !== 'Never') {
      c.required([...path, 'template', 'spec', 'restartPolicy'], `a ${kind}'s pods need restartPolicy OnFailure or Never${rp ? `, not ${rp}` : ' (unset means Always)'}`);
    }
    const md = obj(template.metadata);
    if (md) checkTemplatePolicy(c, { metadata: md }, [...path, 'template'], kind);
    if (podSpec) checkPodSpec(podSpecChecker, podSpec, [...path, 'template', 'spec'], [], obj(md?.annotations), [...path, 'template', 'metadata', 'annotations']);
    if (obj(spec.podFailurePolicy) && rp && rp !== 'Never') c.invalid([...path, 'template', 'spec', 'restartPolicy'], `a podFailurePolicy needs restartPolicy Never, not ${rp}`);
  }
  checkCounts(c, spec, path, ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']);
  c.atLeast([...path, 'activeDeadlineSeconds'], spec.activeDeadlineSeconds, 0);
  c.oneOf([...path, 'completionMode'], spec.completionMode, ['NonIndexed', 'Indexed']);
  if (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null && spec.completionMode !== 'Indexed') {
    c.invalid([...path, 'backoffLimitPerIndex'], 'backoffLimitPerIndex needs completionMode Indexed');
  }
  if (obj(spec.selector) && spec.manualSelector !== true) {
    c.invalid([...path, 'selector'], 'a Job generates its own selector: remove selector, or set manualSelector: true to manage it yourself');
  }
  if (obj(spec.selector)) checkLabelSelector(c, spec.selector, [...path, 'selector']);
  checkIndexedLimits(c, spec, path);
  const containerNames = new Set(['containers', 'initContainers'].flatMap((f) => objects(obj(template?.spec)?.[f]).map(([ct]) => str(ct.name))));
  checkPodFailurePolicy(c, spec, path, containerNames);
  if (obj(spec.successPolicy) && spec.completionMode !== 'Indexed') c.invalid([...path, 'successPolicy'], 'a successPolicy needs completionMode Indexed');
  c.oneOf([...path, 'podReplacementPolicy'], spec.podReplacementPolicy, ['Failed', 'TerminatingOrFailed']);
  const managedBy = str(spec.managedBy);
  if (managedBy !== undefined) {
    if (managedBy.length > 63) c.invalid([...path, 'managedBy'], `must be at most 63 characters; ${managedBy.length} given`);
    else c.bad([...path, 'managedBy'], managedBy, domainPrefixedPath(managedBy));
  }
}

const MAX_INDEXED_PARALLELISM = 100_000;

function checkIndexedLimits(c: Checker, spec: JsonObject, path: Path): void {
  const parallelism = num(spec.parallelism);
  if (spec.completionMode === 'Indexed' && parallelism !== undefined && parallelism > MAX_INDEXED_PARALLELISM) {
    c.invalid([...path, 'parallelism'], `${parallelism} must be at most ${MAX_INDEXED_PARALLELISM} when completionMode is Indexed`);
  }
  const maxFailed = num(spec.maxFailedIndexes);
  if (maxFailed === undefined) return;
  if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) c.required([...path, 'backoffLimitPerIndex'], 'maxFailedIndexes needs backoffLimitPerIndex');
  const completions = num(spec.completions);
  if (completions !== undefined && maxFailed > completions) c.invalid([...path, 'maxFailedIndexes'], `${maxFailed} must not be above completions (${completions})`);
}

function checkPodFailurePolicy(c: Checker, spec: JsonObject, path: Path, containerNames: Set<string | undefined>): void {
  for (const [rule, i] of objects(obj(spec.podFailurePolicy)?.rules)) {
    const at = [...path, 'podFailurePolicy', 'rules', i];
    c.oneOf([...at, 'action'], rule.action, ['Count', 'FailIndex', 'FailJob', 'Ignore']);
    if (rule.action === 'FailIndex' && (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null)) c.invalid([...at, 'action'], 'action FailIndex needs backoffLimitPerIndex');
    const codes = obj(rule.onExitCodes);
    const conditions = rule.onPodConditions !== undefined && rule.onPodConditions !== null;
    if (!!codes === conditions) c.invalid(at, 'a rule needs exactly one of onExitCodes and onPodConditions');
    if (codes) {
      const cat = [...at, 'onExitCodes'];
      const container = str(codes.containerName);
      if (container !== undefined && !containerNames.has(container)) c.invalid([...cat, 'containerName'], `${JSON.stringify(container)} is not a container or init container of the pod template`);
      c.oneOf([...cat, 'operator'], codes.operator, ['In', 'NotIn']);
      const values = arr(codes.values).filter((v): v is number => typeof v === 'number');
      if (Array.isArray(codes.values) && codes.values.length === 0) c.invalid([...cat, 'values'], 'at least one exit code is required');
      values.forEach((v, j) => {
        if (v === 0 && codes.operator === 'In') c.invalid([...cat, 'values', j], 'exit code 0 (success) may not be matched with operator In');
        if (j > 0 && v === values[j - 1]) c.duplicate([...cat, 'values', j], `exit code ${v} is listed twice`);
        else if (j > 0 && v < values[j - 1]!) c.invalid([...cat, 'values'], 'exit codes must be in ascending order');
      });
    }
    for (const [p, j] of objects(rule.onPodConditions)) {
      const type = str(p.type);
      if (type !== undefined) c.bad([...at, 'onPodConditions', j, 'type'], type, qualifiedName(type));
      c.oneOf([...at, 'onPodConditions', j, 'status'], p.status, ['True', 'False', 'Unknown']);
    }
  }
}

export function checkJob(c: Checker, o: JsonObject, podSpecChecker: Checker): void {
  const spec = obj(o.spec);
  if (spec) checkJobSpec(c, spec, ['spec'], 'Job', podSpecChecker);
}

export function checkCronJob(c: Checker, o: JsonObject, podSpecChecker: Checker): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const schedule = str(spec.schedule);
  if (schedule === '') c.required(['spec', 'schedule'], 'a CronJob needs a schedule');
  else if (schedule !== undefined) c.bad(['spec', 'schedule'], schedule, cronScheduleProblem(schedule) && `is not a valid schedule: ${cronScheduleProblem(schedule)}`);
  const tz = str(spec.timeZone);
  if (tz !== undefined) {
    const p = timeZoneProblem(tz);
    if (p) c.invalid(['spec', 'timeZone'], p);
  }
  checkCounts(c, spec, ['spec'], ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']);
  const jobSpec = obj(obj(spec.jobTemplate)?.spec);
  if (jobSpec) checkJobSpec(c, jobSpec, ['spec', 'jobTemplate', 'spec'], 'CronJob', podSpecChecker);
}

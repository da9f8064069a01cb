// The API server's own validation of built-in kinds, beyond what their OpenAPI schemas say: list
// keys and uniqueness, ranges, name formats per kind, cross-field rules, enums stated only in prose.
// Written from the Kubernetes API conventions and checked against a real API server by
// tests/validate/apiserver.test.ts (a corpus of one-mistake variants of the project's objects).
//
// Rule ids: schema.invalid (a value refused), schema.required (needed in this context),
// schema.forbidden (not allowed in this context), schema.duplicate (a second list entry with the
// same key). Problems in StatefulSet pod templates are `statefulset-pod-template`: the API server
// accepts them (it does not validate those templates), but the controller cannot create the pods.

import { checkApiService, checkWebhookConfiguration } from './admission.js';
import { checkHorizontalPodAutoscaler } from './autoscaling.js';
import { Checker, obj } from './check.js';
import { checkConfigMap, checkNamespace, checkPersistentVolumeClaim, checkPodDisruptionBudget, checkSecret } from './core.js';
import { checkMetadata } from './meta.js';
import { checkIngress, checkIngressClass, checkNetworkPolicy } from './networking.js';
import { checkPodSpec, checkTemplatePolicy } from './pod.js';
import { checkLimitRange, checkResourceQuota } from './quota.js';
import { checkBinding, checkRole } from './rbac.js';
import { checkPriorityClass } from './scheduling.js';
import { checkService } from './service.js';
import { checkStorageClass } from './storage.js';
import { checkCronJob, checkDaemonSet, checkDeployment, checkJob, checkStatefulSet } from './workloads.js';
import type { JsonObject, SchemaIssue } from '../types.js';

const STATEFULSET_POD_TEMPLATE_RULE = 'statefulset-pod-template';

/** Issues the API server would raise for a built-in object of `group`/`kind` (served as `version`). */
export function apiServerIssues(o: JsonObject, group: string, kind: string, version = ''): SchemaIssue[] {
  const c = new Checker();
  const pods = kind === 'StatefulSet' ? new Checker(STATEFULSET_POD_TEMPLATE_RULE) : c;
  checkMetadata(c, o, kind);
  switch (`${group}/${kind}`) {
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
      checkDeployment(c, o, pods, kind);
      break;
    case 'apps/StatefulSet':
      checkStatefulSet(c, o, pods);
      break;
    case 'apps/DaemonSet':
      checkDaemonSet(c, o, pods);
      break;
    case 'batch/Job':
      checkJob(c, o, pods);
      break;
    case 'batch/CronJob':
      checkCronJob(c, o, pods);
      break;
    case '/Pod': {
      const spec = obj(o.spec);
      if (spec) checkPodSpec(c, spec, ['spec'], [], obj(obj(o.metadata)?.annotations), ['metadata', 'annotations']);
      break;
    }
    case '/PodTemplate': {
      const template = obj(o.template);
      if (template) {
        checkTemplatePolicy(c, template, ['template'], 'PodTemplate');
        const spec = obj(template.spec);
        if (spec) checkPodSpec(c, spec, ['template', 'spec'], [], obj(obj(template.metadata)?.annotations), ['template', 'metadata', 'annotations']);
      }
      break;
    }
    case '/Service':
      checkService(c, o);
      break;
    case '/ConfigMap':
      checkConfigMap(c, o);
      break;
    case '/Secret':
      checkSecret(c, o);
      break;
    case '/PersistentVolumeClaim':
      checkPersistentVolumeClaim(c, o);
      break;
    case '/Namespace':
      checkNamespace(c, o);
      break;
    case 'policy/PodDisruptionBudget':
      checkPodDisruptionBudget(c, o);
      break;
    case 'networking.k8s.io/Ingress':
      checkIngress(c, o);
      break;
    case 'networking.k8s.io/NetworkPolicy':
      checkNetworkPolicy(c, o);
      break;
    case 'rbac.authorization.k8s.io/Role':
    case 'rbac.authorization.k8s.io/ClusterRole':
      checkRole(c, o, kind);
      break;
    case 'admissionregistration.k8s.io/ValidatingWebhookConfiguration':
    case 'admissionregistration.k8s.io/MutatingWebhookConfiguration':
      checkWebhookConfiguration(c, o, kind);
      break;
    case 'apiregistration.k8s.io/APIService':
      checkApiService(c, o);
      break;
    case 'autoscaling/HorizontalPodAutoscaler':
      checkHorizontalPodAutoscaler(c, o, version);
      break;
    case 'storage.k8s.io/StorageClass':
      checkStorageClass(c, o);
      break;
    case 'scheduling.k8s.io/PriorityClass':
      checkPriorityClass(c, o);
      break;
    case 'networking.k8s.io/IngressClass':
      checkIngressClass(c, o);
      break;
    case '/ResourceQuota':
      checkResourceQuota(c, o);
      break;
    case '/LimitRange':
      checkLimitRange(c, o);
      break;
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding':
      checkBinding(c, o, kind);
      break;
  }
  return pods === c ? c.issues : [...c.issues, ...pods.issues];
}

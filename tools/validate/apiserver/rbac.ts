// Roles, ClusterRoles and their bindings: rules, role references and subjects.

import { Checker, arr, obj, objects, str } from './check.js';
import { dnsSubdomain } from './formats.js';
import { checkLabelSelector } from './meta.js';
import type { JsonObject } from '../types.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function checkRole(c: Checker, o: JsonObject, kind: string): void {
  for (const [rule, i] of objects(o.rules)) {
    const at = ['rules', i];
    if (arr(rule.verbs).length === 0) c.required([...at, 'verbs'], 'a rule needs at least one verb');
    const urls = arr(rule.nonResourceURLs);
    const resources = arr(rule.resources);
    if (urls.length > 0) {
      if (kind === 'Role') c.invalid([...at, 'nonResourceURLs'], 'a namespaced Role cannot grant non-resource URLs (use a ClusterRole)');
      else if (resources.length > 0) c.invalid([...at, 'nonResourceURLs'], 'a rule applies to resources or to non-resource URLs, not both');
      continue;
    }
    if (arr(rule.apiGroups).length === 0) c.required([...at, 'apiGroups'], 'a resource rule needs at least one API group ("" for the core group)');
    if (resources.length === 0) c.required([...at, 'resources'], 'a resource rule needs at least one resource');
  }
  const aggregation = obj(o.aggregationRule);
  if (aggregation && arr(aggregation.clusterRoleSelectors).length === 0) c.required(['aggregationRule', 'clusterRoleSelectors'], 'an aggregationRule needs at least one clusterRoleSelector');
  for (const [sel, i] of objects(aggregation?.clusterRoleSelectors)) checkLabelSelector(c, sel, ['aggregationRule', 'clusterRoleSelectors', i]);
}

export function checkBinding(c: Checker, o: JsonObject, kind: string): void {
  const ref = obj(o.roleRef);
  if (ref) {
    c.oneOf(['roleRef', 'kind'], ref.kind, kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole']);
    c.oneOf(['roleRef', 'apiGroup'], ref.apiGroup, [RBAC_GROUP]);
    const name = str(ref.name);
    if (!name) c.required(['roleRef', 'name'], 'roleRef needs the name of the role');
    else if (name === '.' || name === '..' || /[/%]/.test(name)) c.invalid(['roleRef', 'name'], `${JSON.stringify(name)} is not a valid role name (no "/", "%", "." or "..")`);
  }
  for (const [s, i] of objects(o.subjects)) {
    const at = ['subjects', i];
    const sk = str(s.kind);
    c.oneOf([...at, 'kind'], s.kind, ['ServiceAccount', 'User', 'Group']);
    const name = str(s.name);
    if (!name) c.required([...at, 'name'], 'a subject needs a name');
    if (sk === 'ServiceAccount') {
      if (str(s.apiGroup)) c.invalid([...at, 'apiGroup'], `a ServiceAccount subject has apiGroup "" (the core group), not ${JSON.stringify(s.apiGroup)}`);
      if (name) c.bad([...at, 'name'], name, dnsSubdomain(name));
      if (kind === 'ClusterRoleBinding' && !str(s.namespace)) c.required([...at, 'namespace'], 'a ServiceAccount subject of a ClusterRoleBinding needs its namespace');
    } else if ((sk === 'User' || sk === 'Group') && str(s.apiGroup) && s.apiGroup !== RBAC_GROUP) {
      c.invalid([...at, 'apiGroup'], `a ${sk} subject has apiGroup ${RBAC_GROUP}`);
    }
  }
}

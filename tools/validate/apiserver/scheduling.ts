// PriorityClasses: user-defined values stop at one billion, and the `system-` prefix is reserved for
// the two classes the API server creates itself.

import { Checker, num, obj, str } from './check.js';
import type { JsonObject } from '../types.js';

const HIGHEST_USER_PRIORITY = 1_000_000_000;
const SYSTEM_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

export function checkPriorityClass(c: Checker, o: JsonObject): void {
  const name = str(obj(o.metadata)?.name) ?? '';
  if (name.startsWith('system-') && !SYSTEM_CLASSES.has(name)) {
    c.forbidden(['metadata', 'name'], `names starting with "system-" are reserved; ${JSON.stringify(name)} is not one of the system priority classes`);
  }
  const value = num(o.value);
  if (value !== undefined && value > HIGHEST_USER_PRIORITY && !SYSTEM_CLASSES.has(name)) {
    c.forbidden(['value'], `${value} is above ${HIGHEST_USER_PRIORITY}, the highest priority a user-defined class may have`);
  }
  c.oneOf(['preemptionPolicy'], o.preemptionPolicy, ['PreemptLowerPriority', 'Never']);
}

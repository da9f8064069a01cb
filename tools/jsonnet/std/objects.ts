// Objects: objectFields(All/Ex), objectHas(All/Ex), objectValues(All),
// objectKeysValues(All), get, mapWithKey, mergePatch, prune, objectRemoveKey.
// Field values are passed on unevaluated wherever std.jsonnet would build
// them lazily (comprehensions), so unused failing fields stay harmless.

import {
  ConstField,
  JArray,
  JFunction,
  JObject,
  RuntimeError,
  Visibility,
  builtin,
  force,
  lazyBuiltin,
  typeOf,
  type FieldDef,
  type LazyValue,
  type Value,
} from '../value.js';
import { forceInStdFrames, GO_STD, StdThunk } from './go-std-frames.js';
import { RetryableThunk, asArray, asBoolean, asObject, asString, lazyField, makeObject, register, type Builtins } from './util.js';

function hasField(o: JObject, f: string, includeHidden: boolean): boolean {
  return includeHidden ? o.has(f) : o.isVisible(f);
}

/** The object's cached (shared) field list: copy it before handing it out as an array. */
function fieldsOf(o: JObject, includeHidden: boolean): string[] {
  return includeHidden ? o.allFields() : o.visibleFields();
}

function values(o: JObject, includeHidden: boolean): JArray {
  const frames = (includeHidden ? GO_STD.objectValuesAll : GO_STD.objectValues).element;
  return new JArray(fieldsOf(o, includeHidden).map((k) => StdThunk.passing(lazyField(o, k), frames)));
}

function keysValues(o: JObject, includeHidden: boolean): JArray {
  return new JArray(
    fieldsOf(o, includeHidden).map(
      (k) =>
        makeObject(
          new Map<string, LazyValue>([
            ['key', k],
            ['value', StdThunk.passing(lazyField(o, k), (includeHidden ? GO_STD.objectKeysValuesAll : GO_STD.objectKeysValues).value)],
          ]),
        ) as LazyValue,
    ),
  );
}

function isContent(v: Value): boolean {
  if (v === null) return false;
  if (v instanceof JArray) return v.length > 0;
  if (v instanceof JObject) return v.visibleFields().length > 0;
  return true;
}

/** std.prune: drops nulls, empty arrays and empty objects, recursively. */
function prune(v: Value): Value {
  if (v instanceof JArray) {
    const out: Value[] = [];
    for (let i = 0; i < v.length; i++) {
      const p = prune(v.get(i));
      if (isContent(p)) out.push(p);
    }
    return JArray.of(out);
  }
  if (v instanceof JObject) {
    const out = new Map<string, LazyValue>();
    for (const k of v.visibleFields()) {
      const p = prune(v.get(k));
      if (isContent(p)) out.set(k, p);
    }
    return makeObject(out);
  }
  return v;
}

/** RFC 7396 merge patch, as std.jsonnet defines it (visible fields only). */
function mergePatch(target: Value, patch: Value): Value {
  if (!(patch instanceof JObject)) return patch;
  const t = target instanceof JObject ? target : null;
  const out = new Map<string, LazyValue>();
  if (t !== null) {
    for (const k of t.visibleFields()) {
      if (!patch.isVisible(k)) out.set(k, lazyField(t, k));
    }
  }
  for (const k of patch.visibleFields()) {
    const pv = patch.get(k);
    if (pv === null) continue;
    if (t !== null && t.isVisible(k)) out.set(k, new RetryableThunk(() => mergePatch(t.get(k), pv)));
    else out.set(k, new RetryableThunk(() => mergePatch(null, pv)));
  }
  return makeObject(out);
}

/** go-jsonnet's objectRemoveKey: every other field, hidden ones staying hidden. */
function objectRemoveKey(o: JObject, key: string): JObject {
  const defs = new Map<string, FieldDef>();
  for (const k of o.allFields()) {
    if (k === key) continue;
    const vis = o.isVisible(k) ? Visibility.Inherit : Visibility.Hidden;
    defs.set(k, new ConstField(vis, lazyField(o, k)));
  }
  return new JObject([{ fields: defs, asserts: null }]);
}

export function addObjectBuiltins(m: Builtins): void {
  register(
    m,
    builtin('objectFields', ['o'], ([o]) => JArray.of(asObject(o).visibleFields().slice())),
    builtin('objectFieldsAll', ['o'], ([o]) => JArray.of(asObject(o).allFields().slice())),
    builtin('objectFieldsEx', ['obj', 'hidden'], ([o, h]) => JArray.of(fieldsOf(asObject(o), asBoolean(h)).slice())),
    builtin('objectHas', ['o', 'f'], ([o, f]) => asObject(o).isVisible(asString(f))),
    builtin('objectHasAll', ['o', 'f'], ([o, f]) => asObject(o).has(asString(f))),
    builtin('objectHasEx', ['obj', 'fname', 'hidden'], ([o, f, h]) => hasField(asObject(o), asString(f), asBoolean(h))),
    lazyBuiltin('objectValues', ['o'], ([o]) => values(asObject(forceInStdFrames(GO_STD.objectValues.obj, o)), false)),
    lazyBuiltin('objectValuesAll', ['o'], ([o]) => values(asObject(forceInStdFrames(GO_STD.objectValuesAll.obj, o)), true)),
    lazyBuiltin('objectKeysValues', ['o'], ([o]) => keysValues(asObject(forceInStdFrames(GO_STD.objectKeysValues.obj, o)), false)),
    lazyBuiltin('objectKeysValuesAll', ['o'], ([o]) => keysValues(asObject(forceInStdFrames(GO_STD.objectKeysValuesAll.obj, o)), true)),
    lazyBuiltin(
      'get',
      ['o', 'f', { name: 'default', optional: true, defaultValue: null }, { name: 'inc_hidden', optional: true, defaultValue: true }],
      ([oL, fL, dflt, hL]) => {
        const o = asObject(force(oL));
        const f = asString(force(fL));
        return hasField(o, f, asBoolean(force(hL))) ? o.get(f) : force(dflt);
      },
    ),
    lazyBuiltin('mapWithKey', ['func', 'obj'], ([funcL, objL]) => {
      const steps = GO_STD.mapWithKey;
      const func = forceInStdFrames(steps.func, funcL);
      if (!(func instanceof JFunction)) throw new RuntimeError(`std.mapWithKey first param must be function, got ${typeOf(func)}`);
      const obj = forceInStdFrames(steps.obj, objL);
      if (!(obj instanceof JObject)) throw new RuntimeError(`std.mapWithKey second param must be object, got ${typeOf(obj)}`);
      forceInStdFrames(steps.fields, obj);
      const out = new Map<string, LazyValue>();
      for (const k of obj.visibleFields()) out.set(k, StdThunk.calling(func, [k, StdThunk.passing(lazyField(obj, k), steps.arg)], steps.call));
      return makeObject(out);
    }),
    // The target is evaluated only when the patch is an object.
    lazyBuiltin('mergePatch', ['target', 'patch'], ([t, p]) => {
      const patch = force(p);
      return patch instanceof JObject ? mergePatch(force(t), patch) : patch;
    }),
    // go-jsonnet's desugaring helper for object comprehensions, reachable as std['$objectFlatMerge']
    // (go-jsonnet crashes on any non-empty object here; the objects are merged with +).
    builtin('$objectFlatMerge', ['x'], ([x]) => {
      let out = JObject.EMPTY;
      for (const o of asArray(x).items) out = out.extend(asObject(force(o)));
      return out;
    }),
    builtin('prune', ['a'], ([a]) => prune(a)),
    builtin('objectRemoveKey', ['obj', 'key'], ([o, k]) => objectRemoveKey(asObject(o), asString(k))),
  );
}

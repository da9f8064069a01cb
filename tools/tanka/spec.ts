// The Tanka Environment (tanka.dev/v1alpha1): parsing with Go encoding/json
// rules (case-insensitive keys, unknown keys ignored, defaults from v1alpha1.New),
// the deprecated top-level keys, and the JSON Tanka hands to Jsonnet.

import type { JsonValue } from '../jsonnet/api.js';
import { goJsonSyntaxError } from '../jsonnet/manifest/parse.js';
import { goMarshal, Ordered, type GoJson } from '../gocompat/json.js';

export interface Environment {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    apiServer: string;
    contextNames: string[];
    namespace: string;
    diffStrategy: string;
    applyStrategy: string;
    injectLabels: boolean;
    tankaEnvLabelFromFields: string[];
    resourceDefaults: { annotations: Record<string, string>; labels: Record<string, string> };
    expectVersions: { tanka: string };
    exportJsonnetImplementation: string;
  };
  /** Inline environments only: what the resources are read from. */
  data?: JsonValue;
}

export class SpecError extends Error {}

/** v1alpha1.New(): the defaults. */
function newEnvironment(): Environment {
  return {
    apiVersion: 'tanka.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: '', namespace: '', labels: {} },
    spec: {
      apiServer: '',
      contextNames: [],
      namespace: 'default',
      diffStrategy: '',
      applyStrategy: '',
      injectLabels: false,
      tankaEnvLabelFromFields: [],
      resourceDefaults: { annotations: {}, labels: {} },
      expectVersions: { tanka: '' },
      exportJsonnetImplementation: '',
    },
  };
}

/** Where a value is decoded: the innermost Go struct type and the JSON field path from the top. */
interface Context {
  struct: string;
  path: string[];
}
type Decoder = (value: JsonValue, ctx: Context) => void;

function goType(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, number
}

/** encoding/json's UnmarshalTypeError text. */
function typeError(v: JsonValue, ctx: Context, want: string): SpecError {
  return new SpecError(`json: cannot unmarshal ${goType(v)} into Go struct field ${ctx.struct}.${ctx.path.join('.')} of type ${want}`);
}

const str = (set: (s: string) => void): Decoder => (v, c) => {
  if (v === null) return;
  if (typeof v !== 'string') throw typeError(v, c, 'string');
  set(v);
};
const bool = (set: (b: boolean) => void): Decoder => (v, c) => {
  if (v === null) return;
  if (typeof v !== 'boolean') throw typeError(v, c, 'bool');
  set(v);
};
const strList = (set: (l: string[]) => void): Decoder => (v, c) => {
  if (v === null) return set([]);
  if (!Array.isArray(v)) throw typeError(v, c, '[]string');
  set(v.map((e) => {
    if (e !== null && typeof e !== 'string') throw typeError(e, c, 'string');
    return e ?? '';
  }));
};
/** Go merges decoded keys into the existing map. */
const strMap = (target: () => Record<string, string>): Decoder => (v, c) => {
  if (v === null) return;
  if (typeof v !== 'object' || Array.isArray(v)) throw typeError(v, c, 'map[string]string');
  const m = target();
  for (const [k, e] of Object.entries(v)) {
    if (e !== null && typeof e !== 'string') throw typeError(e, c, 'string');
    m[k] = e ?? '';
  }
};
const struct = (fields: Record<string, Decoder>, name: string): Decoder => (v, c) => {
  if (v === null) return;
  if (typeof v !== 'object' || Array.isArray(v)) throw typeError(v, c, `v1alpha1.${name}`);
  decodeStruct(v, fields, name, c.path);
};

/** Go field matching: exact name first, else case-insensitive; later keys overwrite earlier ones. */
function decodeStruct(obj: { [k: string]: JsonValue }, fields: Record<string, Decoder>, typeName: string, path: string[] = []): void {
  const names = Object.keys(fields);
  for (const [key, value] of Object.entries(obj)) {
    const name = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name === undefined) continue;
    fields[name](value, { struct: typeName, path: [...path, name] });
  }
}

function environmentFields(env: Environment): Record<string, Decoder> {
  const s = env.spec;
  return {
    apiVersion: str((x) => (env.apiVersion = x)),
    kind: str((x) => (env.kind = x)),
    metadata: struct({
      name: str((x) => (env.metadata.name = x)),
      namespace: str((x) => (env.metadata.namespace = x)),
      labels: strMap(() => env.metadata.labels),
    }, 'Metadata'),
    spec: struct({
      apiServer: str((x) => (s.apiServer = x)),
      contextNames: strList((x) => (s.contextNames = x)),
      namespace: str((x) => (s.namespace = x)),
      diffStrategy: str((x) => (s.diffStrategy = x)),
      applyStrategy: str((x) => (s.applyStrategy = x)),
      injectLabels: bool((x) => (s.injectLabels = x)),
      tankaEnvLabelFromFields: strList((x) => (s.tankaEnvLabelFromFields = x)),
      resourceDefaults: struct({
        annotations: strMap(() => s.resourceDefaults.annotations),
        labels: strMap(() => s.resourceDefaults.labels),
      }, 'ResourceDefaults'),
      expectVersions: struct({ tanka: str((x) => (s.expectVersions.tanka = x)) }, 'ExpectVersions'),
      exportJsonnetImplementation: str((x) => (s.exportJsonnetImplementation = x)),
    }, 'Spec'),
    data: (v) => {
      env.data = v;
    },
  };
}

/**
 * spec.Parse: decode over the defaults, prefix apiServer with https://, apply the
 * deprecated top-level keys. `warn` receives Tanka's deprecation warnings.
 */
export function parseEnvironment(raw: JsonValue, warn: (msg: string) => void = () => {}): Environment {
  const env = newEnvironment();
  if (raw === null) return env;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new SpecError(`json: cannot unmarshal ${goType(raw)} into Go value of type v1alpha1.Environment`);
  decodeStruct(raw, environmentFields(env), 'Environment');
  if (env.spec.apiServer !== '' && !/^.+:\/\//.test(env.spec.apiServer)) env.spec.apiServer = 'https://' + env.spec.apiServer;

  const deprecated = (key: string, use: string, apply: (v: string) => void) => {
    if (!(key in raw)) return;
    const v = raw[key];
    if (typeof v !== 'string') {
      warn(`\`${key}\` is of type ${goType(v)} but should be string`);
      return;
    }
    warn(`Warning: \`${key}\` is deprecated, use \`${use}\` instead.`);
    apply(v);
  };
  deprecated('namespace', 'spec.namespace', (v) => {
    if (env.spec.namespace === '') env.spec.namespace = v;
  });
  deprecated('server', 'spec.apiServer', (v) => {
    if (env.spec.apiServer === '') env.spec.apiServer = v;
  });
  deprecated('team', 'metadata.labels.team', (v) => {
    env.metadata.labels.team = v;
  });
  return env;
}

/** Parses spec.json text; errors are worded as Tanka's (`parsing spec.json: <encoding/json error>`). */
export function parseSpecFile(text: string, _file: string, warn?: (msg: string) => void): Environment {
  // Go's checks first: its nesting limit (10000) and wording differ from JSON.parse's.
  const syntax = goJsonSyntaxError(text);
  if (syntax !== null) throw new SpecError(`parsing spec.json: ${syntax}`);
  const raw = JSON.parse(text) as JsonValue;
  try {
    return parseEnvironment(raw, warn);
  } catch (e) {
    throw new SpecError(`parsing spec.json: ${(e as Error).message}`);
  }
}

const nonEmptyMap = (m: Record<string, string>) => (Object.keys(m).length > 0 ? m : undefined);
const nonEmptyList = (l: string[]) => (l.length > 0 ? l : undefined);
const nonEmptyStr = (s: string) => (s !== '' ? s : undefined);

/** The environment in Go struct field order with omitempty applied (data left out unless withData). */
export function environmentToGo(env: Environment, withData = false): Ordered {
  const s = env.spec;
  return new Ordered([
    ['apiVersion', env.apiVersion],
    ['kind', env.kind],
    ['metadata', new Ordered([
      ['name', nonEmptyStr(env.metadata.name)],
      ['namespace', nonEmptyStr(env.metadata.namespace)],
      ['labels', nonEmptyMap(env.metadata.labels)],
    ])],
    ['spec', new Ordered([
      ['apiServer', nonEmptyStr(s.apiServer)],
      ['contextNames', nonEmptyList(s.contextNames)],
      ['namespace', s.namespace],
      ['diffStrategy', nonEmptyStr(s.diffStrategy)],
      ['applyStrategy', nonEmptyStr(s.applyStrategy)],
      ['injectLabels', s.injectLabels ? true : undefined],
      ['tankaEnvLabelFromFields', nonEmptyList(s.tankaEnvLabelFromFields)],
      ['resourceDefaults', new Ordered([
        ['annotations', nonEmptyMap(s.resourceDefaults.annotations)],
        ['labels', nonEmptyMap(s.resourceDefaults.labels)],
      ])],
      ['expectVersions', new Ordered([['tanka', nonEmptyStr(s.expectVersions.tanka)]])],
      ['exportJsonnetImplementation', nonEmptyStr(s.exportJsonnetImplementation)],
    ])],
    ['data', withData && env.data !== null ? (env.data as GoJson) : undefined],
  ]);
}

/** The environment as plain JSON (Go's field set and omitempty, data left out unless withData). */
export function environmentToJson(env: Environment, withData = false): JsonValue {
  return JSON.parse(goMarshal(environmentToGo(env, withData))) as JsonValue;
}

/** The `tanka.dev/environment` ext code of a static environment: json.Marshal without data. */
export function staticEnvExtCode(env: Environment): string {
  return goMarshal(environmentToGo(env, false));
}

export const INLINE_ENV_EXT_CODE =
  "error 'Using tk.env and std.extVar(\\'tanka.dev/environment\\') is only supported for static environments. " +
  "Directly access this data using standard Jsonnet instead.'";

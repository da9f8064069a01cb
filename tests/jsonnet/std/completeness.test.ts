// Every function documented at jsonnet.org/ref/stdlib (v0.21) is provided by
// stdLibrary(), except the engine-bound ones the evaluator adds; std has
// exactly go-jsonnet v0.22.0's fields.

import { expect, test } from 'vitest';
import { stdLibrary } from '../../../tools/jsonnet/std/index.js';
import { JFunction } from '../../../tools/jsonnet/value.js';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { GoldenStore } from '../reference.js';

const DOCUMENTED = `
type isArray isBoolean isFunction isNull isNumber isObject isString length get objectHas objectFields objectValues
objectKeysValues objectHasAll objectFieldsAll objectValuesAll objectKeysValuesAll objectRemoveKey prune mapWithKey
abs sign max min pow exp log log2 log10 exponent mantissa floor ceil sqrt sin cos tan asin acos atan atan2
deg2rad rad2deg hypot round isEven isOdd isInteger isDecimal mod clamp assertEqual
toString codepoint char substr findSubstr startsWith endsWith stripChars lstripChars rstripChars split
splitLimit splitLimitR strReplace isEmpty trim equalsIgnoreCase asciiUpper asciiLower stringChars format
escapeStringBash escapeStringDollars escapeStringJson escapeStringPython escapeStringXML
parseInt parseOctal parseHex parseJson parseYaml encodeUTF8 decodeUTF8
manifestIni manifestPython manifestPythonVars manifestJsonEx manifestJsonMinified manifestYamlDoc
manifestYamlStream manifestXmlJsonml manifestTomlEx
makeArray member count find map mapWithIndex filterMap flatMap filter foldl foldr range repeat slice join
lines flattenArrays flattenDeepArray reverse sort uniq all any sum avg minArray maxArray contains remove removeAt
set setInter setUnion setDiff setMember base64 base64DecodeBytes base64Decode md5 sha1 sha256 sha512 sha3
xor xnor mergePatch
`.split(/\s+/).filter(Boolean);

// Undocumented but reachable in go-jsonnet / std.jsonnet.
const EXTRA = 'id equals primitiveEquals modulo objectFieldsEx objectHasEx deepJoin resolvePath manifestJson manifestToml'.split(' ');

test('all documented std functions exist', () => {
  const std = stdLibrary();
  const missing = [...DOCUMENTED, ...EXTRA].filter((n) => !(std.get(n) instanceof JFunction));
  expect(missing).toEqual([]);
  expect(std.get('pi')).toBe(Math.PI);
  for (const engineBound of ['extVar', 'native', 'trace', 'thisFile']) expect(std.has(engineBound)).toBe(false);
});

const goJsonnet = new GoldenStore('std-completeness');

test("the same std fields as go-jsonnet's (its internal $ helpers too)", () => {
  const goFields = goJsonnet.evalJson('std.objectFieldsAll(std)') as string[];
  const ours = new Engine();
  const fields = ours.toJson(ours.evaluateSnippet('std.jsonnet', 'std.objectFieldsAll(std)')) as string[];
  expect(fields).toEqual(goFields);
});

test('each call returns a fresh map', () => {
  const a = stdLibrary();
  a.delete('map');
  expect(stdLibrary().has('map')).toBe(true);
});

// What go-yaml prints for values decoded from JSON (emitter.ts decides the bytes):
// - gopkg.in/yaml.v2 v2.4.0: `tk show` and `tk export`;
// - gopkg.in/yaml.v3 v3.0.1 Marshal (4-space indent, sequences indented under their key, no line
//   folding): Tanka's manifestYamlFromJson native and its error dumps.

import type { JsonValue } from '../json.js';
import { emitDocuments } from './emitter.js';

/** yaml.v2 Marshal of one document (ends with a newline). */
export function marshalV2(v: JsonValue): string {
  return emitDocuments([v], 'v2');
}

/**
 * One yaml.v2 Encoder over several documents, as `tk show` prints its list:
 * documents separated by a `---` line, none before the first or after the last.
 */
export function encodeStreamV2(docs: JsonValue[]): string {
  return emitDocuments(docs, 'v2');
}

/** yaml.v3 Marshal of one document. */
export function marshalV3(v: JsonValue): string {
  return emitDocuments([v], 'v3');
}

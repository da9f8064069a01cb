// gopkg.in/yaml.v2 v2.4.0 output for JSON-decoded values: what `tk show` and
// `tk export` print. See emitter.ts for how the bytes are decided.

import type { JsonValue } from '../../jsonnet/api.js';
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

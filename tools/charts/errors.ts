// Errors of the chart tooling: a message plus, where known, a location (file:line:column).

import { depthLimitText, pathErrorText } from '../gocompat/errors.js';

interface Location {
  file: string;
  line?: number;
  column?: number;
}

export class ChartsError extends Error {
  constructor(message: string, readonly location?: Location) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = 'ChartsError';
  }
}

function formatLocation(loc: Location): string {
  if (loc.line === undefined) return loc.file;
  return loc.column === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.column}`;
}

/** Several errors collected before giving up (e.g. all charts that failed to fetch). */
export class ChartsErrors extends Error {
  constructor(readonly errors: Error[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ChartsErrors';
  }
}

/** A message for any error: file-system errors and stack exhaustion worded as Go's (gocompat/errors). */
export function errorMessage(err: unknown, path?: string): string {
  return depthLimitText(pathErrorText(err, path));
}

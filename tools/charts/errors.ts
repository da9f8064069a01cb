// Errors of the chart tooling: a message plus, where known, a location (file:line:column).

export interface Location {
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

export function formatLocation(loc: Location): string {
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

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

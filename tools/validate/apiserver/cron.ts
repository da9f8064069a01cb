// CronJob schedules as the Kubernetes CronJob controller parses them: five fields (minute, hour,
// day of month, month, day of week) of lists of `*`, `?`, `n`, `a-b`, each with an optional `/step`,
// month and weekday names, or a descriptor (`@daily`, `@every 5m`). Returns why a schedule is invalid.

const FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h)(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h))*$/;

function value(s: string, f: (typeof FIELDS)[number]): number | string {
  const named = f.names?.indexOf(s.toUpperCase()) ?? -1;
  if (named >= 0) return named + f.min;
  if (!/^\d+$/.test(s)) return `${JSON.stringify(s)} is not a number${f.names ? ' or a name' : ''} in the ${f.name} field`;
  return Number(s);
}

function checkField(text: string, f: (typeof FIELDS)[number]): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `${JSON.stringify(part)} has more than one "/"`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `the step in ${JSON.stringify(part)} must be a positive number`;
    if (range === '*' || range === '?') continue;
    const bounds = range!.split('-');
    if (bounds.length > 2 || bounds.some((b) => b === '')) return `${JSON.stringify(part)} is not a value or a range in the ${f.name} field`;
    const nums: number[] = [];
    for (const b of bounds) {
      const v = value(b, f);
      if (typeof v === 'string') return v;
      nums.push(v);
    }
    const [lo, hi = lo] = nums as [number, number?];
    if (lo < f.min) return `${lo} is below the ${f.name} minimum ${f.min}`;
    if (hi! > f.max) return `${hi} is above the ${f.name} maximum ${f.max}`;
    if (lo > hi!) return `the range ${JSON.stringify(range)} in the ${f.name} field starts after it ends`;
  }
  return undefined;
}

export function cronScheduleProblem(schedule: string): string | undefined {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return 'cannot set TZ or CRON_TZ in the schedule; use spec.timeZone';
  if (s.startsWith('@')) {
    if (s.startsWith('@every ')) return GO_DURATION.test(s.slice(7).trim()) ? undefined : `${JSON.stringify(s.slice(7))} is not a duration (e.g. 5m, 1h30m)`;
    return DESCRIPTORS.has(s) ? undefined : `unknown descriptor ${s} (${[...DESCRIPTORS].join(', ')}, @every <duration>)`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `a schedule has exactly 5 fields (minute hour day-of-month month day-of-week); ${fields.length} given`;
  for (let i = 0; i < 5; i++) {
    const p = checkField(fields[i]!, FIELDS[i]!);
    if (p) return p;
  }
  return undefined;
}

/** An IANA time zone name as Go's time.LoadLocation accepts it (exact case, no offsets, not "Local"). */
export function timeZoneProblem(tz: string): string | undefined {
  if (tz === 'Local') return '"Local" is not allowed: name an IANA time zone (e.g. Europe/Berlin, UTC)';
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return `${JSON.stringify(tz)} is not an IANA time zone name (e.g. Europe/Berlin, UTC)`;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    // Intl ignores case; the time zone database does not.
    if (resolved.toLowerCase() === tz.toLowerCase() && resolved !== tz) return `unknown time zone ${JSON.stringify(tz)} (did you mean ${JSON.stringify(resolved)}?)`;
    return undefined;
  } catch {
    return `unknown time zone ${JSON.stringify(tz)}`;
  }
}

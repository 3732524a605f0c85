// CronJob schedules as the API server reads them: robfig/cron v3's ParseStandard (the parser
// pkg/apis/batch/validation calls): five fields (minute hour day-of-month month day-of-week), `*`
// and `?`, numbers, ranges, steps and lists, month and day names, the @yearly/@annually/@monthly/
// @weekly/@daily/@midnight/@hourly macros and `@every <duration>`. Schedules run in `timeZone` (an
// IANA name) or the controller's local zone. The analysis validates with it; the runtime schedules
// with it.

export interface CronSchedule {
  /** Allowed values per field; `star` marks a field written as `*` or `?` (it matters for days). */
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  domStar: boolean;
  dowStar: boolean;
  /** `@every 90m`: a fixed interval instead of fields. */
  everyMs?: number;
}

export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Bounds {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The value of names[0]. */
  namesFrom?: number;
}

const FIELDS: Bounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 6, names: DAYS, namesFrom: 0 },
];

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function parseNumber(text: string, b: Bounds): number {
  if (/^\d+$/.test(text)) return Number(text);
  const i = b.names?.indexOf(text.toLowerCase()) ?? -1;
  if (i >= 0) return i + (b.namesFrom ?? 0);
  throw new Error(`'${text}' is not a number${b.names ? ` or a ${b.name} name` : ''}`);
}

/** One field: a comma-separated list of `*`, `?`, `N`, `A-B`, each with an optional `/STEP`. */
function parseField(text: string, b: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  // strings.FieldsFunc on ',': empty items (`1,,2`) are skipped, not refused.
  for (const part of text.split(',').filter((p) => p !== '')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) throw new Error(`too many slashes in '${part}'`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      [from, to] = [b.min, b.max];
      if (step === undefined) star = true;
    } else {
      const [lo, hi, more] = range.split('-');
      if (more !== undefined || lo === '') throw new Error(`'${part}' is not a value or a range`);
      from = parseNumber(lo, b);
      // `N/STEP` means from N to the end, stepping.
      to = hi !== undefined ? parseNumber(hi, b) : step !== undefined ? b.max : from;
    }
    let every = 1;
    if (step !== undefined) {
      if (!/^\d+$/.test(step) || Number(step) === 0) throw new Error(`step '${step}' in '${part}' must be a positive number`);
      every = Number(step);
    }
    if (from < b.min || to > b.max) throw new Error(`${b.name} '${part}' is beyond ${b.min}-${b.max}`);
    if (from > to) throw new Error(`${b.name} range '${part}' runs backwards`);
    for (let v = from; v <= to; v += every) values.add(v);
  }
  return { values, star };
}

/**
 * `@every 1h30m`: Go's time.ParseDuration (a sign, then numbers each with a unit, or a bare `0`), in
 * milliseconds. robfig/cron's Every rounds anything under a second up to one second and truncates
 * the rest to whole seconds (constantdelay.go), so `@every 500ms` and even `@every -5m` are accepted.
 */
function parseDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const sign = /^[-+]/.exec(text)?.[0] ?? '';
  const body = text.slice(sign.length);
  if (body === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    total += Number(m[1]) * units[m[2]];
    at = re.lastIndex;
  }
  if (!body || at !== body.length) throw new Error(`'${text}' is not a duration such as 90m or 1h30m`);
  return sign === '-' ? -total : total;
}

export function parseCron(schedule: string): CronParse {
  // robfig/cron's Parse: a spec starting with '@' is a descriptor, matched exactly (case and all, so
  // `@Daily` and `@daily ` are refused); anything else is split on white space (strings.Fields).
  const text = schedule;
  try {
    if (/^(CRON_)?TZ=/.test(text.trim())) throw new Error('a time zone in the schedule (TZ= or CRON_TZ=) is not allowed: use the timeZone field');
    if (text.startsWith('@every ')) {
      const everyMs = Math.max(1000, parseDuration(text.slice(7)));
      const all = (b: Bounds) => new Set(Array.from({ length: b.max - b.min + 1 }, (_, i) => b.min + i));
      return { ok: true, schedule: { minutes: all(FIELDS[0]), hours: all(FIELDS[1]), daysOfMonth: all(FIELDS[2]), months: all(FIELDS[3]), daysOfWeek: all(FIELDS[4]), domStar: true, dowStar: true, everyMs: Math.floor(everyMs / 1000) * 1000 } };
    }
    const expanded = text.startsWith('@') ? (Object.hasOwn(MACROS, text) ? MACROS[text] : undefined) : text;
    if (expanded === undefined) throw new Error(`'${text}' is not a schedule macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)`);
    const fields = expanded.split(/\s+/).filter((f) => f !== '');
    if (fields.length !== 5) throw new Error(`expected 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`);
    const [mi, h, dom, mo, dow] = fields.map((f, i) => parseField(f, FIELDS[i]));
    return { ok: true, schedule: { minutes: mi.values, hours: h.values, daysOfMonth: dom.values, months: mo.values, daysOfWeek: dow.values, domStar: dom.star, dowStar: dow.star } };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** The schedule macro `text` was probably meant to be (`@Daily`, `@dialy` → `@daily`), or null. */
export function closestMacro(text: string): string | null {
  if (!text.startsWith('@')) return null;
  const t = text.trim().toLowerCase();
  if (Object.hasOwn(MACROS, t)) return t;
  let best: string | null = null;
  for (const m of Object.keys(MACROS)) {
    if (editDistance(t, m) <= 2 && (best === null || editDistance(t, m) < editDistance(t, best))) best = m;
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * True for a time zone name the API server loads (pkg/apis/batch/validation/validation.go,
 * validateTimeZone): each '/'-separated part 1 to 14 of `[A-Za-z.-_0-9+]`, not `.`/`..`, not starting
 * with '-'; not `Local` in any case; and a zone Go's time.LoadLocation finds. Intl knows the same IANA
 * names and aliases, but matches them in any case; LoadLocation reads a file (or the embedded tzdata
 * zip) by its exact name, so a name Intl resolves to itself in another case (`utc`,
 * `america/new_york`) is refused.
 */
export function isTimeZone(name: string): boolean {
  if (!name || name.toLowerCase() === 'local') return false;
  if (!name.split('/').every((part) => part !== '.' && part !== '..' && !part.startsWith('-') && /^[A-Za-z.\-_0-9+]{1,14}$/.test(part))) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    // Intl refuses a name it does not know: so would the API server's LoadLocation.
    return false;
  }
  return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a zone (undefined: this process's local zone). */
function fieldsIn(ms: number, zone: string | undefined): Fields {
  if (!zone) {
    const d = new Date(ms);
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), weekday: d.getDay() };
  }
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: DAYS.indexOf(String(parts.weekday).toLowerCase()),
  };
}

function dayMatches(s: CronSchedule, f: Fields): boolean {
  const dom = s.daysOfMonth.has(f.day);
  const dow = s.daysOfWeek.has(f.weekday);
  // robfig/cron: when either day field is `*`, both must match (the star one always does); when both
  // are restricted, either one matching is enough, as in every cron.
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

const MINUTE = 60_000;

/** The first time after `afterMs` that the schedule fires, within five years; undefined if never. */
export function nextRun(s: CronSchedule, afterMs: number, zone?: string): number | undefined {
  if (s.everyMs !== undefined) return afterMs + s.everyMs;
  let t = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE;
  const limit = afterMs + 5 * 366 * 24 * 60 * MINUTE;
  while (t <= limit) {
    const f = fieldsIn(t, zone);
    // Skip to the next local day, or hour, when this one cannot match (a DST change only lands the
    // step an hour early or late, and the loop goes on from there).
    if (!s.months.has(f.month) || !dayMatches(s, f)) t += (24 * 60 - f.hour * 60 - f.minute) * MINUTE;
    else if (!s.hours.has(f.hour)) t += (60 - f.minute) * MINUTE;
    else if (!s.minutes.has(f.minute)) t += MINUTE;
    else return t;
  }
  return undefined;
}

// CronJob schedules read as the API server reads them (robfig/cron ParseStandard), and the times
// they fire, in UTC and in a time zone.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isTimeZone, nextRun, parseCron } from '../../analysis/src';

function fires(schedule: string, after: string, count: number, zone?: string): string[] {
  const p = parseCron(schedule);
  assert.ok(p.ok, schedule);
  const out: string[] = [];
  let t = Date.parse(after);
  for (let i = 0; i < count; i++) {
    const next = nextRun(p.schedule, t, zone);
    assert.ok(next !== undefined);
    out.push(new Date(next).toISOString().slice(0, 16));
    t = next;
  }
  return out;
}

test('valid schedules: fields, names, ranges, steps, lists, macros, @every', () => {
  for (const s of ['*/5 * * * *', '0 0 * * 0', '15 2 1,15 * ?', '0 9-17/2 * JAN-jun mon-FRI', '@hourly', '@daily', '@every 1h30m', '@every 10ms', '1,,2 * * * *', '5/15 * * * *', '0 0 29 2 *']) {
    assert.equal(parseCron(s).ok, true, s);
  }
});

test('invalid schedules: the reason the API server would give, in words', () => {
  const error = (s: string) => {
    const p = parseCron(s);
    return p.ok ? 'ok' : p.error;
  };
  assert.equal(error('every minute'), 'expected 5 fields (minute hour day-of-month month day-of-week), found 2');
  assert.equal(error('60 * * * *'), "minute '60' is beyond 0-59");
  assert.equal(error('* * * * 7'), "day of week '7' is beyond 0-6");
  assert.equal(error('* * 0 * *'), "day of month '0' is beyond 1-31");
  assert.equal(error('5-1 * * * *'), "minute range '5-1' runs backwards");
  assert.equal(error('*/0 * * * *'), "step '0' in '*/0' must be a positive number");
  assert.equal(error('* * * FOO *'), "'FOO' is not a number or a month name");
  assert.equal(error('@weekdays'), "'@weekdays' is not a schedule macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)");
  assert.equal(error('TZ=Europe/Paris 0 * * * *'), 'a time zone in the schedule (TZ= or CRON_TZ=) is not allowed: use the timeZone field');
  // robfig/cron matches descriptors exactly: `@Daily` is refused (its Every rounds 10ms up to 1s).
  assert.equal(error('@Daily'), "'@Daily' is not a schedule macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)");
  assert.equal(error('@every soon'), "'soon' is not a duration such as 90m or 1h30m");
});

test('next runs: steps, day-of-month OR day-of-week, month ends, leap days', () => {
  assert.deepEqual(fires('*/20 * * * *', '2026-01-01T10:05:00Z', 3, 'UTC'), ['2026-01-01T10:20', '2026-01-01T10:40', '2026-01-01T11:00']);
  // Both day fields restricted: the 1st of the month or any Monday (2026-06-01 is a Monday too).
  assert.deepEqual(fires('0 6 1 * 1', '2026-05-27T00:00:00Z', 3, 'UTC'), ['2026-06-01T06:00', '2026-06-08T06:00', '2026-06-15T06:00']);
  assert.deepEqual(fires('0 0 31 * *', '2026-01-31T00:00:00Z', 2, 'UTC'), ['2026-03-31T00:00', '2026-05-31T00:00']);
  assert.deepEqual(fires('0 0 29 2 *', '2026-01-01T00:00:00Z', 1, 'UTC'), ['2028-02-29T00:00']);
  assert.deepEqual(fires('@every 90m', '2026-01-01T00:00:00Z', 2, 'UTC'), ['2026-01-01T01:30', '2026-01-01T03:00']);
});

test('next runs in a time zone follow its clock, across a daylight-saving change', () => {
  // 09:00 in New York is 14:00 UTC in winter and 13:00 UTC after the March change (2026-03-08).
  assert.deepEqual(fires('0 9 * * *', '2026-03-07T00:00:00Z', 2, 'America/New_York'), ['2026-03-07T14:00', '2026-03-08T13:00']);
  assert.equal(isTimeZone('Europe/Paris'), true);
  assert.equal(isTimeZone('US/Eastern'), true, 'an alias, as Go loads it');
  assert.equal(isTimeZone('Mars/Olympus'), false);
  assert.equal(isTimeZone(''), false);
  // validateTimeZone: not Local, parts of at most 14 characters, and LoadLocation's exact case.
  assert.equal(isTimeZone('Local'), false);
  assert.equal(isTimeZone('america/new_york'), false);
  assert.equal(isTimeZone('utc'), false);
  assert.equal(isTimeZone('Etc/UTC'), true);
  assert.equal(isTimeZone('America/Argentina/ComodRivadavia'), true, 'an alias whose part has 14 characters');
  assert.equal(isTimeZone('../etc/passwd'), false);
});

// The `datetime` parameter of OGC API - Features (Part 1, 7.15.4): an instant, or an interval with `/` whose ends
// may be open (`..` or empty). Dates stand for their midnight UTC.
import type { Temporal } from '../../../db/src/features.repository.ts';
import { badParam } from '../errors.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function instant(v: string, whole: string): string {
  if (!DATE.test(v) && !DATE_TIME.test(v)) {
    throw badParam(
      'datetime',
      whole,
      'expected a date (2024-05-01), a date-time (2024-05-01T12:00:00Z) or an interval a/b with .. for an open end',
    );
  }
  const t = new Date(DATE.test(v) ? `${v}T00:00:00Z` : v);
  // Round-trip the date part: 2024-02-30 is not a day.
  if (Number.isNaN(t.getTime()) || (DATE.test(v) && t.toISOString().slice(0, 10) !== v)) {
    throw badParam('datetime', whole, `${v} is not a valid date`);
  }
  if (t.getUTCFullYear() < 1) throw badParam('datetime', whole, 'years start at 0001');
  return t.toISOString();
}

export function parseDatetime(v: string): Temporal {
  const parts = v.split('/');
  if (parts.length === 1) {
    const t = instant(v, v);
    return { start: t, end: t };
  }
  if (parts.length !== 2) throw badParam('datetime', v, 'an interval has exactly one /');
  const [a, b] = parts.map((p) => (p === '..' || p === '' ? null : instant(p, v))) as [string | null, string | null];
  if (a && b && a > b) throw badParam('datetime', v, 'the interval ends before it starts');
  return { start: a, end: b };
}

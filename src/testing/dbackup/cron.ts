/**
 * A small 5-field cron evaluator (UTC) for the mock's `nextRunAt` values.
 *
 * Supports `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, and lists `a,b`. Day-of-month and
 * day-of-week combine with OR when both are restricted, as in classic cron.
 *
 * @internal
 * @module
 */

interface CronField {
  values: Set<number>;
  restricted: boolean;
}

function parseField(field: string, min: number, max: number): CronField | undefined {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a, b] = range.split('-');
      from = Number(a);
      to = b === undefined ? (stepText === undefined ? from : max) : Number(b);
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to)
      return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, restricted: field !== '*' };
}

/**
 * The first time strictly after `after` (epoch ms) matching the cron `expression`, or null when
 * the expression is invalid or matches nothing within about two years.
 */
export function nextCronRun(expression: string, after: number): number | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [minuteF, hourF, domF, monthF, dowF] = parts as [string, string, string, string, string];
  const minute = parseField(minuteF, 0, 59);
  const hour = parseField(hourF, 0, 23);
  const dom = parseField(domF, 1, 31);
  const month = parseField(monthF, 1, 12);
  const dow = parseField(dowF.replace(/7/g, '0'), 0, 6);
  if (!minute || !hour || !dom || !month || !dow) return null;

  const dayMatches = (d: Date) => {
    const byDom = dom.values.has(d.getUTCDate());
    const byDow = dow.values.has(d.getUTCDay());
    if (dom.restricted && dow.restricted) return byDom || byDow;
    return byDom && byDow;
  };

  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  const limit = after + 2 * 366 * 86_400_000;
  while (t <= limit) {
    const d = new Date(t);
    if (!month.values.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else if (!dayMatches(d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    } else if (!hour.values.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
    } else if (!minute.values.has(d.getUTCMinutes())) {
      t += 60_000;
    } else {
      return t;
    }
  }
  return null;
}

// Date ranges the entries filters offer as presets (this month, last month, this and last fiscal
// year, the last 30 days) and the month the budgets card shows. Pure: dates go in and come out as
// YYYY-MM-DD calendar days, worked out in UTC so no time zone or daylight saving change can move a
// day; "today" is passed in (the user's own calendar day, ui.js today()), which keeps this testable.

/** The presets of select#filter-period, in the order offered ('' = all dates, 'custom' = typed by hand). */
export const PERIODS = ['this-month', 'last-month', 'this-fiscal-year', 'last-fiscal-year', 'last-30-days'];

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** {year, month (1–12), day} of a YYYY-MM-DD day that exists, else null. */
export function parseDay(text) {
  const match = ISO_DAY.exec(text ?? '');
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 Apr over into 1 May: such a day does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day };
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of a day given by year, month (1–12, may run over into other years) and day (0 = the month before's last). */
function isoDay(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The first and last day of the month `offset` months from the one of `day` (0 = that month). */
function monthOf(day, offset = 0) {
  return { from: isoDay(day.year, day.month + offset, 1), to: isoDay(day.year, day.month + offset + 1, 0) };
}

/**
 * The fiscal year that holds `day`, or `offset` years from it: with a start in April (4), 10 Feb 2027
 * is in 1 Apr 2026 – 31 Mar 2027; a start in January (1) makes it the calendar year.
 */
function fiscalYearOf(day, startMonth, offset = 0) {
  const start = Number.isInteger(startMonth) && startMonth >= 1 && startMonth <= 12 ? startMonth : 1;
  const firstYear = (day.month >= start ? day.year : day.year - 1) + offset;
  return { from: isoDay(firstYear, start, 1), to: isoDay(firstYear + 1, start, 0) };
}

/**
 * The from/to of a preset on `today` (YYYY-MM-DD), or null for '' / 'custom' / anything unknown.
 * 'last-30-days' is today and the 29 days before it.
 */
export function periodRange(period, today, fiscalYearStartMonth = 1) {
  const day = parseDay(today);
  if (!day) return null;
  switch (period) {
    case 'this-month': return monthOf(day);
    case 'last-month': return monthOf(day, -1);
    case 'this-fiscal-year': return fiscalYearOf(day, fiscalYearStartMonth);
    case 'last-fiscal-year': return fiscalYearOf(day, fiscalYearStartMonth, -1);
    case 'last-30-days': return { from: isoDay(day.year, day.month, day.day - 29), to: today };
    default: return null;
  }
}

/**
 * Which option of select#filter-period the dates stand for: '' when both are empty, the preset whose
 * range they are exactly, else 'custom'.
 */
export function periodOf(from, to, today, fiscalYearStartMonth = 1) {
  if (!from && !to) return '';
  for (const period of PERIODS) {
    const range = periodRange(period, today, fiscalYearStartMonth);
    if (range && range.from === from && range.to === to) return period;
  }
  return 'custom';
}

/**
 * The month (YYYY-MM) the budgets card shows for the filters' dates: theirs when from and to are days
 * of one calendar month (from not after to), else the month of today; `fromFilters` says which it is.
 */
export function budgetMonth(from, to, today) {
  const start = parseDay(from);
  const end = parseDay(to);
  if (start && end && start.year === end.year && start.month === end.month && start.day <= end.day) {
    return { month: `${pad(start.year, 4)}-${pad(start.month)}`, fromFilters: true };
  }
  const now = parseDay(today);
  return { month: now ? `${pad(now.year, 4)}-${pad(now.month)}` : '', fromFilters: false };
}

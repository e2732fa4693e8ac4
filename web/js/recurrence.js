// How a recurring schedule is said to people ("every week", "every 2 months") and what the form
// sends for it. Pure (no DOM, no API), so the Node test runner checks it.

/** The API's frequencies with the unit a person counts in, singular and plural. */
export const UNITS = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
  YEARLY: ['year', 'years'],
};

export const MAX_INTERVAL = 366;

/** "day" or "days" for the number of units in one step (unknown frequencies: the code itself). */
export function unitText(frequency, interval = 1) {
  const unit = UNITS[frequency];
  if (!unit) return String(frequency ?? '').toLowerCase();
  return Number(interval) === 1 ? unit[0] : unit[1];
}

/** "every week", "every 2 weeks": one schedule's step. */
export function everyText(frequency, interval = 1) {
  const count = Number.isInteger(Number(interval)) && Number(interval) > 0 ? Number(interval) : 1;
  return count === 1 ? `every ${unitText(frequency, 1)}` : `every ${count} ${unitText(frequency, count)}`;
}

/**
 * The interval as typed, for the API: a whole number as a number (the API judges its range), or the
 * text itself so a wrong one comes back as a field error rather than being guessed at; blank = 1.
 */
export function intervalValue(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return 1;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

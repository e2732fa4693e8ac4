// The home amount suggested from exchange rates on the entry form: when to ask GET /rates, what the
// answer says in words, and a suggester that waits for the typing to pause, asks, and drops answers
// to anything but the latest question. Pure: the API call, the timers and the formatting are passed
// in, so the Node test runner checks all of it without a browser.

/** An amount the API takes: more than zero, at most 12 integer and 2 fraction digits. */
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Z]{3}$/;

export const DEBOUNCE_MS = 400;

/**
 * The question for GET /rates ({from, date, amount}), or null when there is nothing to suggest: the
 * entry is in the home currency (or either is unknown), the amount or date is not valid yet, or the
 * user has already typed a home amount (a suggestion never overrides what they know).
 */
export function rateQuery({ currency, home, amount, date, homeAmount }) {
  const from = String(currency ?? '').trim().toUpperCase();
  const to = String(home ?? '').trim().toUpperCase();
  const value = String(amount ?? '').trim();
  if (!CODE.test(from) || !CODE.test(to) || from === to) return null;
  if (String(homeAmount ?? '').trim() !== '') return null;
  if (!AMOUNT.test(value) || Number(value) <= 0) return null;
  if (!ISO_DAY.test(date ?? '')) return null;
  return { from, date, amount: value };
}

function keyOf(query) {
  return query ? `${query.from} ${query.date} ${query.amount}` : '';
}

/**
 * A rate as people read it: up to 4 fraction digits ("89.1234"), or 4 significant ones for a rate
 * below 1, so that a small one keeps its precision rather than showing as 0.0112 or 0 (1 INR =
 * 0.01122 EUR, 1 IDR = 0.005234 INR).
 */
export function formatRate(rate, locale) {
  const value = Number(rate);
  if (!Number.isFinite(value)) return String(rate ?? '');
  const options = Math.abs(value) > 0 && Math.abs(value) < 1
    ? { maximumSignificantDigits: 4 } : { minimumFractionDigits: 2, maximumFractionDigits: 4 };
  return new Intl.NumberFormat(locale, options).format(value);
}

/** "ECB reference rate" for the European Central Bank's, "<source> rate" for any other source. */
function sourceText(source) {
  if (!source) return 'rate';
  return String(source).toUpperCase() === 'ECB' ? 'ECB reference rate' : `${source} rate`;
}

/**
 * "Suggested: ₹10,694.81 at 1 EUR = 89.1234 INR (ECB reference rate of 20 Nov 2026)". formatMoney(amount,
 * currency) and formatDay(YYYY-MM-DD) write them in the user's locale; the day is that of the rate used,
 * which may be a few days before the entry's (no rates are published on weekends and holidays).
 */
export function suggestionText(answer, { formatMoney, formatDay, locale }) {
  const day = answer.rateDate ?? answer.date;
  return `Suggested: ${formatMoney(answer.converted, answer.to)} at 1 ${answer.from} = `
    + `${formatRate(answer.rate, locale)} ${answer.to} (${sourceText(answer.source)}${day ? ` of ${formatDay(day)}` : ''})`;
}

/**
 * Follows the form: update(fields) after every change. Once the fields have stood still for delayMs
 * and make a question (rateQuery), lookup(query, signal) is asked (it resolves the API's answer, or
 * rejects); onShow(answer) is called only for the latest question, onHide() whenever there is nothing
 * (or nothing any more) to suggest: a changed question hides the old answer at once. Any failure, a
 * 404 (no rate known) above all, hides it without a word: the suggestion is a convenience.
 * Answers are kept per question, so going back to an earlier amount asks nothing.
 */
export function createRateSuggester({
  lookup, onShow, onHide, delayMs = DEBOUNCE_MS, setTimer = setTimeout, clearTimer = clearTimeout,
}) {
  let timer = null;
  let current = '';       // the key of the latest question ('' = none)
  let shown = '';         // the key of the answer on screen ('' = hidden)
  let controller = null;  // the request under way, aborted when the question changes
  const answers = new Map();

  function cancel() {
    if (timer !== null) clearTimer(timer);
    timer = null;
    controller?.abort();
    controller = null;
  }

  async function ask(query, key) {
    timer = null;
    if (answers.has(key)) {
      show(key, answers.get(key));
      return;
    }
    const mine = typeof AbortController === 'function' ? new AbortController() : null;
    controller = mine;
    let answer;
    try {
      answer = await lookup(query, mine?.signal);
    } catch {
      if (key === current) {
        shown = '';
        onHide();
      }
      return;
    } finally {
      if (controller === mine) controller = null;
    }
    if (answer && answer.converted) answers.set(key, answer);
    show(key, answer);
  }

  function show(key, answer) {
    if (key !== current) return; // a stale answer: the fields have changed since it was asked
    if (!answer || !answer.converted) {
      shown = '';
      onHide();
      return;
    }
    shown = key;
    onShow(answer);
  }

  return {
    update(fields) {
      const query = rateQuery(fields);
      const key = keyOf(query);
      if (key === current) return;
      cancel();
      if (shown !== '' && shown !== key) {
        shown = '';
        onHide();
      }
      current = key;
      if (!query) return;
      timer = setTimer(() => ask(query, key), delayMs);
    },
    /** The form is closed or reset: nothing is asked or shown any more. */
    reset() {
      cancel();
      const wasShown = shown !== '';
      current = '';
      shown = '';
      if (wasShown) onHide();
    },
  };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateSuggester, formatRate, rateQuery, suggestionText } from '../js/rates.js';

const FIELDS = { currency: 'EUR', home: 'INR', amount: '120.00', date: '2026-11-20', homeAmount: '' };
const ANSWER = {
  from: 'EUR', to: 'INR', date: '2026-11-20', rateDate: '2026-11-20', rate: '89.123400', amount: '120.00',
  converted: '10694.81', source: 'ECB',
};

describe('rateQuery', () => {
  it('asks for an entry in another currency with a valid amount and date and no home amount yet', () => {
    assert.deepEqual(rateQuery(FIELDS), { from: 'EUR', date: '2026-11-20', amount: '120.00' });
    assert.deepEqual(rateQuery({ ...FIELDS, currency: 'eur', amount: ' 7 ' }), { from: 'EUR', date: '2026-11-20', amount: '7' });
  });

  it('asks nothing in the home currency, for a bad amount, date or code, or when a home amount is typed', () => {
    assert.equal(rateQuery({ ...FIELDS, currency: 'INR' }), null);
    assert.equal(rateQuery({ ...FIELDS, home: '' }), null);
    assert.equal(rateQuery({ ...FIELDS, currency: 'EURO' }), null);
    for (const amount of ['', '0', '0.00', '-5', '1.234', '12,50', '1234567890123', 'abc']) {
      assert.equal(rateQuery({ ...FIELDS, amount }), null, amount);
    }
    assert.equal(rateQuery({ ...FIELDS, date: '' }), null);
    assert.equal(rateQuery({ ...FIELDS, homeAmount: '10694.81' }), null);
  });
});

describe('formatRate', () => {
  it('shows up to 4 fraction digits, and 4 significant ones for rates below 1', () => {
    assert.equal(formatRate('89.123400', 'en'), '89.1234');
    assert.equal(formatRate('1.500000', 'en'), '1.50');
    assert.equal(formatRate('0.011220', 'en'), '0.01122');
    assert.equal(formatRate('0.005234', 'en'), '0.005234');
    assert.equal(formatRate('89.123400', 'de-DE'), '89,1234');
  });
});

describe('suggestionText', () => {
  it('says the amount, the rate, its source and the day of the rate used', () => {
    const text = suggestionText({ ...ANSWER, rateDate: '2026-11-18' }, {
      formatMoney: (amount, currency) => `${currency} ${amount}`, formatDay: (day) => `day ${day}`, locale: 'en',
    });
    assert.equal(text, 'Suggested: INR 10694.81 at 1 EUR = 89.1234 INR (ECB reference rate of day 2026-11-18)');
  });
});

/** A suggester on a hand-driven clock, with the lookups it made and what it showed. */
function harness(lookup) {
  const timers = [];
  const events = [];
  const asked = [];
  const suggester = createRateSuggester({
    lookup: (query, signal) => {
      asked.push(query);
      return lookup(query, signal);
    },
    onShow: (answer) => events.push(`show ${answer.converted}`),
    onHide: () => events.push('hide'),
    delayMs: 400,
    setTimer: (fn) => {
      const timer = { fn, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => { timer.cleared = true; },
  });
  const tick = async () => {
    for (const timer of timers.splice(0)) if (!timer.cleared) timer.fn();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { suggester, events, asked, tick };
}

describe('createRateSuggester', () => {
  it('asks once the typing pauses, not on every keystroke, and shows the answer', async () => {
    const { suggester, events, asked, tick } = harness(async () => ANSWER);
    suggester.update({ ...FIELDS, amount: '1' });
    suggester.update({ ...FIELDS, amount: '12' });
    suggester.update({ ...FIELDS, amount: '120.00' });
    await tick();
    assert.deepEqual(asked, [{ from: 'EUR', date: '2026-11-20', amount: '120.00' }]);
    assert.deepEqual(events, ['show 10694.81']);
  });

  it('drops an answer to an older question that comes in after a newer one was asked', async () => {
    const pending = [];
    const { suggester, events, tick } = harness((query) => new Promise((resolve) => pending.push({ query, resolve })));
    suggester.update({ ...FIELDS, amount: '100.00' });
    await tick();
    suggester.update({ ...FIELDS, amount: '120.00' });
    await tick();
    pending[1].resolve({ ...ANSWER, converted: '10694.81' });
    await tick();
    pending[0].resolve({ ...ANSWER, amount: '100.00', converted: '8912.34' });
    await tick();
    assert.deepEqual(events, ['show 10694.81']);
  });

  it('aborts the request under way when the question changes', async () => {
    const signals = [];
    const { suggester, tick } = harness((query, signal) => {
      signals.push(signal);
      return new Promise(() => {});
    });
    suggester.update(FIELDS);
    await tick();
    suggester.update({ ...FIELDS, amount: '121.00' });
    assert.equal(signals[0].aborted, true);
  });

  it('hides on a 404 (no rate known) and on any other failure, without throwing', async () => {
    const { suggester, events, tick } = harness(async () => {
      throw Object.assign(new Error('No rate'), { status: 404, code: 'NOT_FOUND' });
    });
    suggester.update(FIELDS);
    await tick();
    assert.deepEqual(events, ['hide']);
  });

  it('hides the suggestion as soon as a home amount is typed or the question changes, and reuses an answer', async () => {
    const { suggester, events, asked, tick } = harness(async (query) => ({ ...ANSWER, converted: `${query.amount}x` }));
    suggester.update(FIELDS);
    await tick();
    suggester.update({ ...FIELDS, homeAmount: '10000' });
    suggester.update(FIELDS);
    await tick();
    suggester.update({ ...FIELDS, amount: '5.00' });
    assert.deepEqual(events, ['show 120.00x', 'hide', 'show 120.00x', 'hide']);
    assert.equal(asked.length, 1, 'the same question twice is asked once');
    suggester.reset();
    await tick();
    assert.equal(events.length, 4, 'nothing after reset');
  });
});

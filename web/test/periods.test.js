import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetMonth, parseDay, periodOf, periodRange } from '../js/periods.js';

describe('periodRange', () => {
  it('gives this and last month, across a year end', () => {
    assert.deepEqual(periodRange('this-month', '2026-11-20'), { from: '2026-11-01', to: '2026-11-30' });
    assert.deepEqual(periodRange('last-month', '2026-11-20'), { from: '2026-10-01', to: '2026-10-31' });
    assert.deepEqual(periodRange('last-month', '2027-01-05'), { from: '2026-12-01', to: '2026-12-31' });
  });

  it('knows February in leap and common years, and the 31st of a month after a short one', () => {
    assert.deepEqual(periodRange('this-month', '2028-02-10'), { from: '2028-02-01', to: '2028-02-29' });
    assert.deepEqual(periodRange('last-month', '2027-03-31'), { from: '2027-02-01', to: '2027-02-28' });
  });

  it('runs an April fiscal year from 1 April to 31 March, on both sides of its start', () => {
    assert.deepEqual(periodRange('this-fiscal-year', '2026-11-20', 4), { from: '2026-04-01', to: '2027-03-31' });
    assert.deepEqual(periodRange('this-fiscal-year', '2027-02-10', 4), { from: '2026-04-01', to: '2027-03-31' });
    assert.deepEqual(periodRange('this-fiscal-year', '2026-04-01', 4), { from: '2026-04-01', to: '2027-03-31' });
    assert.deepEqual(periodRange('this-fiscal-year', '2026-03-31', 4), { from: '2025-04-01', to: '2026-03-31' });
    assert.deepEqual(periodRange('last-fiscal-year', '2026-11-20', 4), { from: '2025-04-01', to: '2026-03-31' });
  });

  it('makes a January fiscal year the calendar year, and a missing or bad start month January', () => {
    assert.deepEqual(periodRange('this-fiscal-year', '2026-11-20', 1), { from: '2026-01-01', to: '2026-12-31' });
    assert.deepEqual(periodRange('last-fiscal-year', '2026-11-20'), { from: '2025-01-01', to: '2025-12-31' });
    assert.deepEqual(periodRange('this-fiscal-year', '2026-11-20', 13), { from: '2026-01-01', to: '2026-12-31' });
  });

  it('ends a fiscal year starting in March on the last day of February, leap years included', () => {
    assert.deepEqual(periodRange('this-fiscal-year', '2027-06-01', 3), { from: '2027-03-01', to: '2028-02-29' });
    assert.deepEqual(periodRange('this-fiscal-year', '2026-12-31', 10), { from: '2026-10-01', to: '2027-09-30' });
  });

  it('counts the last 30 days with today, across a month end, a year end and a leap day', () => {
    assert.deepEqual(periodRange('last-30-days', '2026-11-20'), { from: '2026-10-22', to: '2026-11-20' });
    assert.deepEqual(periodRange('last-30-days', '2027-01-10'), { from: '2026-12-12', to: '2027-01-10' });
    assert.deepEqual(periodRange('last-30-days', '2027-03-01'), { from: '2027-01-31', to: '2027-03-01' });
    assert.deepEqual(periodRange('last-30-days', '2028-03-01'), { from: '2028-02-01', to: '2028-03-01' });
  });

  it('has no range for custom, all dates, an unknown preset or a bad today', () => {
    assert.equal(periodRange('custom', '2026-11-20'), null);
    assert.equal(periodRange('', '2026-11-20'), null);
    assert.equal(periodRange('next-decade', '2026-11-20'), null);
    assert.equal(periodRange('this-month', '2026-02-30'), null);
  });
});

describe('periodOf', () => {
  it('names the preset whose range the dates are, else custom; no dates are all dates', () => {
    assert.equal(periodOf('', '', '2026-11-20', 4), '');
    assert.equal(periodOf('2026-11-01', '2026-11-30', '2026-11-20', 4), 'this-month');
    assert.equal(periodOf('2026-04-01', '2027-03-31', '2026-11-20', 4), 'this-fiscal-year');
    assert.equal(periodOf('2026-04-01', '2027-03-31', '2026-11-20', 1), 'custom');
    assert.equal(periodOf('2026-11-02', '2026-11-30', '2026-11-20', 4), 'custom');
    assert.equal(periodOf('2026-11-01', '', '2026-11-20', 4), 'custom');
  });
});

describe('budgetMonth', () => {
  it('is the filters’ month when from and to lie in one calendar month', () => {
    assert.deepEqual(budgetMonth('2026-10-01', '2026-10-31', '2026-11-20'), { month: '2026-10', fromFilters: true });
    assert.deepEqual(budgetMonth('2026-10-05', '2026-10-05', '2026-11-20'), { month: '2026-10', fromFilters: true });
  });

  it('is the current month otherwise: no dates, one of them, two months, the same month a year apart, to before from', () => {
    const current = { month: '2026-11', fromFilters: false };
    assert.deepEqual(budgetMonth('', '', '2026-11-20'), current);
    assert.deepEqual(budgetMonth('2026-10-01', '', '2026-11-20'), current);
    assert.deepEqual(budgetMonth('2026-09-30', '2026-10-31', '2026-11-20'), current);
    assert.deepEqual(budgetMonth('2025-10-01', '2026-10-31', '2026-11-20'), current);
    assert.deepEqual(budgetMonth('2026-10-20', '2026-10-01', '2026-11-20'), current);
  });
});

describe('parseDay', () => {
  it('takes real days only', () => {
    assert.deepEqual(parseDay('2028-02-29'), { year: 2028, month: 2, day: 29 });
    assert.equal(parseDay('2027-02-29'), null);
    assert.equal(parseDay('2026-4-1'), null);
    assert.equal(parseDay(undefined), null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { everyText, intervalValue, unitText } from '../js/recurrence.js';

describe('everyText', () => {
  it('says one step without a number and several with it', () => {
    assert.equal(everyText('WEEKLY', 1), 'every week');
    assert.equal(everyText('WEEKLY', 2), 'every 2 weeks');
    assert.equal(everyText('DAILY', 3), 'every 3 days');
    assert.equal(everyText('MONTHLY', 1), 'every month');
    assert.equal(everyText('YEARLY', 10), 'every 10 years');
  });

  it('takes a missing or odd interval as 1', () => {
    assert.equal(everyText('MONTHLY'), 'every month');
    assert.equal(everyText('MONTHLY', 0), 'every month');
    assert.equal(everyText('MONTHLY', 1.5), 'every month');
  });
});

describe('unitText', () => {
  it('is singular for 1 and plural otherwise', () => {
    assert.equal(unitText('DAILY', 1), 'day');
    assert.equal(unitText('DAILY', 5), 'days');
    assert.equal(unitText('HOURLY', 2), 'hourly');
  });
});

describe('intervalValue', () => {
  it('sends whole numbers as numbers, blank as 1, and anything else as typed for the API to judge', () => {
    assert.equal(intervalValue('2'), 2);
    assert.equal(intervalValue(' 12 '), 12);
    assert.equal(intervalValue(''), 1);
    assert.equal(intervalValue('two'), 'two');
    assert.equal(intervalValue('1.5'), '1.5');
  });
});

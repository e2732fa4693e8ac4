// The budgets card of the entries view (section#budgets): GET /budgets?month= for the month the
// filters show (periods.js budgetMonth: theirs when From and To lie in one calendar month, else the
// current one), one li.budget per budget with a <progress> of what was spent, the amount and what
// remains; a budget over its amount is listed first and says "Over budget" in words (and with a
// striped bar), never by colour alone. form#budget-form sets one (PUT /budgets/{category}: a
// category that has one gets the new amount) and each budget can be changed or removed (DELETE).
// The entries view asks it to load again whenever its entries may have changed.

import { api } from '../api.js';
import { budgetMonth } from '../periods.js';
import { formatMoney } from '../receipts.js';
import { COMMON_CURRENCIES, homeCurrency, onSettingsChange } from '../settings.js';
import { attachSuggestions } from '../suggest.js';
import {
  $, appLocale, clearErrorBanner, clearFieldErrors, describeError, h, normalizeAmount, notify, showError, showFieldErrors,
  today,
} from '../ui.js';

let els;
let categorySuggestions = null;
const state = {
  generation: 0,      // bumped on every load: answers for an older one are dropped
  month: '',          // YYYY-MM shown
  fromFilters: false, // the month is the filters' (not the current one for want of it)
  dates: { from: '', to: '' },
  items: [],
  currencyTouched: false,
};

export function initBudgets() {
  els = {
    card: $('#budgets'), month: $('#budgets-month'), note: $('#budgets-note'), status: $('#budgets-status'),
    list: $('#budget-list'), details: $('#budget-set'), form: $('#budget-form'), category: $('#budget-category'),
    amount: $('#budget-amount'), currency: $('#budget-currency'), save: $('#budget-save'), message: $('#budget-message'),
  };
  categorySuggestions = attachSuggestions(els.category, $('#budget-category-options'), 'category');
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveBudget();
  });
  els.currency.addEventListener('input', () => { state.currencyTouched = true; });
  for (const [name, input] of [['category', els.category], ['amount', els.amount], ['currency', els.currency]]) {
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') !== 'true') return;
      input.removeAttribute('aria-invalid');
      $(`[data-error-for="${name}"]`, els.form).textContent = '';
    });
  }
  onSettingsChange(settingsChanged);
  offerCurrencies();
}

/** The home currency is what a new budget is in, unless the user chose another; the locale may be new. */
function settingsChanged() {
  if (!state.currencyTouched) els.currency.value = homeCurrency();
  els.currency.placeholder = homeCurrency();
  offerCurrencies();
  if (state.month) renderMonth();
  if (state.items.length) renderList();
}

function offerCurrencies() {
  const codes = [...new Set([homeCurrency(), ...COMMON_CURRENCIES].filter(Boolean))];
  $('#budget-currency-options').replaceChildren(...codes.map((code) => h('option', { value: code })));
}

/** Loads the budgets of the month the filters' dates show (filters: {from, to}). */
export function loadBudgets({ from = '', to = '' } = {}) {
  state.dates = { from, to };
  return load();
}

/** Loads the budgets of the same month again (after an entry was deleted, restored or changed). */
export function refreshBudgets() {
  return load();
}

async function load() {
  const generation = ++state.generation;
  const { month, fromFilters } = budgetMonth(state.dates.from, state.dates.to, today());
  state.month = month;
  state.fromFilters = fromFilters;
  renderMonth();
  els.list.setAttribute('aria-busy', 'true');
  if (!state.items.length) els.status.textContent = 'Loading the budgets…';
  try {
    const { data } = await api('GET', '/budgets', { query: { month } });
    if (generation !== state.generation) return;
    state.items = data?.items ?? [];
    renderList();
  } catch (error) {
    if (generation !== state.generation) return;
    state.items = [];
    els.list.replaceChildren();
    els.status.textContent = `Could not load the budgets: ${describeError(error)}`;
  } finally {
    if (generation === state.generation) els.list.setAttribute('aria-busy', 'false');
  }
}

/** "November 2026" in the user's locale for 2026-11. */
function monthText(month) {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(appLocale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, number - 1, 1)));
}

function renderMonth() {
  els.month.textContent = monthText(state.month);
  els.month.dataset.month = state.month;
  els.card.dataset.month = state.month;
  const { from, to } = state.dates;
  els.note.textContent = state.fromFilters ? 'The month of the dates in the filters.'
    : from || to ? 'The filters’ dates are not within one month, so this is the current month.'
      : 'The current month. Choose dates within one month in the filters to see another.';
}

/** Over-budget ones first (the furthest over at the top), the others in the API's order. */
function ordered(items) {
  const share = (item) => (Number(item.amount) > 0 ? Number(item.spent) / Number(item.amount) : 0);
  const over = items.filter((item) => item.over).sort((a, b) => share(b) - share(a));
  return [...over, ...items.filter((item) => !item.over)];
}

function renderList() {
  const items = ordered(state.items);
  els.list.replaceChildren(...items.map(renderBudget));
  const overCount = items.filter((item) => item.over).length;
  els.status.textContent = items.length === 0
    ? 'No budgets yet: set a monthly amount for a category below.'
    : `${items.length} ${items.length === 1 ? 'budget' : 'budgets'}${overCount ? `, ${overCount} over` : ''}.`;
}

/**
 * li.budget[data-category][data-currency][data-amount][data-spent][data-remaining][data-over]: the
 * category, "Over budget" when it is, the bar (its accessible name says the figures), the figures in
 * words, Change and Remove.
 */
function renderBudget(item) {
  const amount = Number(item.amount);
  const spent = Number(item.spent);
  const remaining = String(item.remaining ?? '');
  const money = (value) => formatMoney(value, item.currency);
  const left = item.over
    ? `${money(remaining.replace(/^-/, ''))} over`
    : `${money(remaining)} left`;
  const summary = `${money(item.spent)} of ${money(item.amount)} spent, ${left}`;
  const bar = h('progress', {
    class: 'budget-bar', max: String(amount > 0 ? amount : 1), value: String(Math.min(Math.max(spent, 0), amount > 0 ? amount : 0)),
    'aria-label': `${item.category}: ${summary}${item.over ? ' (over budget)' : ''}`,
  });
  const change = h('button', { type: 'button', class: 'quiet budget-change', 'aria-label': `Change the budget for ${item.category}` },
    'Change');
  const remove = h('button', { type: 'button', class: 'quiet danger budget-remove',
    'aria-label': `Remove the budget for ${item.category}` }, 'Remove');
  change.addEventListener('click', () => changeBudget(item));
  remove.addEventListener('click', () => removeBudget(item, remove));
  return h('li', {
    class: `budget${item.over ? ' budget-is-over' : ''}`,
    dataset: { category: item.category, currency: item.currency, amount: item.amount, spent: item.spent,
      remaining, over: String(Boolean(item.over)) },
  },
  h('div', { class: 'budget-head' },
    h('span', { class: 'budget-category' }, item.category),
    item.over ? h('strong', { class: 'budget-over' }, h('span', { 'aria-hidden': 'true' }, '! '), 'Over budget') : null),
  bar,
  h('p', { class: 'budget-figures' },
    h('span', { class: 'budget-spent' }, money(item.spent)), ' of ',
    h('span', { class: 'budget-amount' }, money(item.amount)), ' spent · ',
    h('span', { class: 'budget-remaining' }, left)),
  h('div', { class: 'budget-actions' }, change, remove));
}

function changeBudget(item) {
  els.details.open = true;
  els.category.value = item.category;
  els.amount.value = item.amount;
  els.currency.value = item.currency;
  state.currencyTouched = item.currency !== homeCurrency();
  clearFieldErrors(els.form, 'data-error-for');
  els.message.textContent = '';
  els.amount.focus();
  els.amount.select();
}

async function saveBudget() {
  clearFieldErrors(els.form, 'data-error-for');
  clearErrorBanner();
  const category = els.category.value.trim();
  const amount = normalizeAmount(els.amount.value);
  const currency = els.currency.value.trim().toUpperCase() || homeCurrency();
  const missing = [];
  if (!category) missing.push({ field: 'category', message: 'type the category the budget is for' });
  if (!amount) missing.push({ field: 'amount', message: 'type the amount for a month' });
  if (missing.length) {
    showFieldErrors(els.form, 'data-error-for', missing);
    els.message.textContent = '';
    return;
  }
  els.save.disabled = true;
  els.message.textContent = 'Saving…';
  let data;
  try {
    ({ data } = await api('PUT', `/budgets/${encodeURIComponent(category)}`,
      { body: currency ? { amount, currency } : { amount } }));
  } catch (error) {
    els.message.textContent = '';
    if (error.code === 'VALIDATION_FAILED') {
      const unplaced = showFieldErrors(els.form, 'data-error-for', error.details);
      els.message.textContent = unplaced.length ? describeError({ ...error, details: unplaced })
        : 'Check the fields marked above.';
    } else {
      showError(error);
    }
    return;
  } finally {
    els.save.disabled = false;
  }
  els.message.textContent = `Budget for “${data?.category ?? category}” set: ${formatMoney(data?.amount ?? amount,
    data?.currency ?? currency)} a month.`;
  els.category.value = '';
  els.amount.value = '';
  categorySuggestions.reset();
  await refreshBudgets();
}

async function removeBudget(item, button) {
  if (!window.confirm(`Remove the budget for “${item.category}”?`)) return;
  button.disabled = true;
  try {
    await api('DELETE', `/budgets/${encodeURIComponent(item.category)}`);
  } catch (error) {
    button.disabled = false;
    if (error.code !== 'NOT_FOUND') {
      showError(error);
      return;
    }
  }
  notify(`Budget for “${item.category}” removed.`);
  await refreshBudgets();
  $('#budgets-title').focus();
}

/** On sign-out: nothing of this user's budgets stays. */
export function resetBudgets() {
  state.generation += 1;
  state.items = [];
  state.month = '';
  state.dates = { from: '', to: '' };
  state.currencyTouched = false;
  els.list.replaceChildren();
  els.status.textContent = '';
  els.month.textContent = '';
  els.note.textContent = '';
  els.message.textContent = '';
  els.form.reset();
  clearFieldErrors(els.form, 'data-error-for');
  categorySuggestions.reset();
  els.details.open = false;
}

// The entries view (section#view-entries): filters → GET /entries (50 per page, "More" follows
// nextCursor; a search that found nothing offers the API's suggestion) and GET /summary with the
// same filters: the totals in one currency, the totals of every currency found, those in the home
// currency (with what entries in other currencies cost there, and how many do not say), and the chart of
// one currency at a time (asked for with that currency when it is not the totals'); receipts of the
// entries near the viewport are loaded lazily with GET /entries/{id}, and PENDING ones are polled
// until the indexer has judged them (and made their preview). Each receipt shows its preview (never
// the original) and opens in the viewer; Download keeps the file. Delete moves an entry to the
// trash with an Undo toast. Each entry shows its tags (a click filters by one) and a checkbox: the
// entries ticked can be deleted (with Undo), given a category, or get or lose a tag at once
// (POST /entries/bulk). A category can be renamed, or merged into another, everywhere
// (POST /categories/rename). select#filter-period fills From and To with a preset (periods.js) and
// applies them; dates typed by hand make it Custom. The budgets card (budgets.js) follows the
// filters' month and loads again whenever the list does, or an entry is deleted or restored.

import { api } from '../api.js';
import { drawChart } from '../chart.js';
import { periodOf, periodRange } from '../periods.js';
import { duplicateNote, formatMoney, icon, PREVIEWABLE, stamp, thumbnail } from '../receipts.js';
import { attachSuggestions } from '../suggest.js';
import { currentSettings, homeCurrency, noteHomeCurrency, onSettingsChange } from '../settings.js';
import { initBudgets, loadBudgets, refreshBudgets, resetBudgets } from './budgets.js';
import { openViewer } from '../viewer.js';
import {
  $, announce, clearErrorBanner, clearFieldErrors, describeError, h, normalizeAmount, notify, safeUrl, showBanner,
  showError, showFieldErrors, today,
} from '../ui.js';

const PAGE_SIZE = 50;
const UNDO_MS = 10_000;
const POLL_DELAYS_MS = [1000, 1000, 1500, 2000, 2000, 3000, 5000];
const POLL_MAX_MS = 10_000;
const POLL_GIVE_UP_AFTER = 60; // polls (≈ 9 minutes)
const FINISHING_POLLS = 6;     // an accepted receipt whose preview is still being made: a few more looks
const DOWNLOAD_URL_FRESH_MS = 4 * 60_000; // the API's download URLs live 5 minutes

let hooks;
let els;
let observer = null;
const state = {
  generation: 0,          // bumped on every new query: answers for an older one are dropped
  stale: true,
  filters: {},
  cursor: null,
  entries: new Map(),     // id → entry as last read
  polls: new Map(),       // id → timeout
  currencies: new Set(),  // every currency seen among the user's entries: the currency filter's options
  summary: null,          // the last summary of the current filters (with groupBy), for the chart
  chartCurrency: '',      // the chart's currency as picked with #chart-currency ('' = the default)
  summaryRequest: 0,      // bumped on every totals load: older answers are dropped
  chartRequest: 0,        // bumped on every chart load: older answers are dropped
  deleted: null,          // {entry, nextId, generation} or {ids} (a bulk delete) while Undo is offered
  selected: new Set(),    // ids of the listed entries ticked for a bulk action
  bulkBusy: false,
};
let resetting = false;
let filterSuggestions = [];
let otherSuggestions = [];
let toastTimer = null;
let toastRemaining = 0;
let toastStartedAt = 0;

/** hooks: editEntry(entry) */
export function initEntries(viewHooks) {
  hooks = viewHooks;
  els = {
    view: $('#view-entries'), filters: $('#filters'), list: $('#entries'), more: $('#more'), status: $('#list-status'),
    debit: $('#total-debit'), credit: $('#total-credit'), net: $('#total-net'), currency: $('#totals-currency'),
    note: $('#totals-note'), other: $('#totals-other'), currencyTotals: $('#currency-totals'),
    totals: $('#view-entries .totals'), chartGroup: $('#chart-group'), chart: $('#chart'), chartTable: $('#chart-table'),
    chartCurrency: $('#chart-currency'), chartCurrencyField: $('#chart-currency-field'), chartUnit: $('#chart-unit'),
    filterCurrency: $('#filter-currency'), q: $('#filter-q'), suggestion: $('#search-suggestion'),
    suggestionText: $('#search-suggestion-text'), useSuggestion: $('#use-suggestion'),
    toast: $('#toast'), toastText: $('#toast-text'), undo: $('#undo'),
    home: $('#home-total'), homeCurrency: $('#home-total-currency'), homeDebit: $('#home-total-debit'),
    homeCredit: $('#home-total-credit'), homeNet: $('#home-total-net'), homeNote: $('#home-total-note'),
    homeMissing: $('#home-missing'),
    selectAll: $('#select-all'), bulkBar: $('#bulk-bar'), bulkCount: $('#bulk-count'), bulkMessage: $('#bulk-message'),
    bulkCategory: $('#bulk-category'), bulkTag: $('#bulk-tag'), filterTag: $('#filter-tag'),
    renameForm: $('#rename-category-form'), renameFrom: $('#rename-from'), renameTo: $('#rename-to'),
    renameMessage: $('#rename-message'), renameSubmit: $('#rename-submit'),
    period: $('#filter-period'), periodHint: $('#filter-period-hint'), from: $('#filter-from'), to: $('#filter-to'),
  };
  onSettingsChange(settingsChanged);
  initBudgets();
  initPeriods();
  els.filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrorBanner();
    reload();
  });
  els.filters.addEventListener('reset', () => {
    if (!resetting) setTimeout(reload, 0); // after the browser has cleared the fields
  });
  els.chartGroup.addEventListener('change', () => loadChart(state.generation));
  els.chartCurrency.addEventListener('change', () => {
    state.chartCurrency = els.chartCurrency.value;
    loadChart(state.generation);
  });
  els.useSuggestion.addEventListener('click', useSuggestion);
  els.more.addEventListener('click', loadMore);
  els.undo.addEventListener('click', undoDelete);
  filterSuggestions = [
    attachSuggestions($('#filter-category'), $('#filter-category-options'), 'category'),
    attachSuggestions(els.filterTag, $('#filter-tag-options'), 'tag'),
  ];
  otherSuggestions = [
    attachSuggestions(els.bulkCategory, $('#bulk-category-options'), 'category'),
    attachSuggestions(els.bulkTag, $('#bulk-tag-options'), 'tag'),
    attachSuggestions(els.renameFrom, $('#rename-from-options'), 'category'),
    attachSuggestions(els.renameTo, $('#rename-to-options'), 'category'),
  ];
  initBulk();
  els.renameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    renameCategory();
  });

  // The Undo toast waits while the pointer or keyboard focus is on it.
  els.toast.addEventListener('mouseenter', pauseToast);
  els.toast.addEventListener('focusin', pauseToast);
  els.toast.addEventListener('mouseleave', resumeToast);
  els.toast.addEventListener('focusout', resumeToast);

  if ('IntersectionObserver' in window) {
    observer = new IntersectionObserver((records) => {
      for (const record of records) {
        if (record.isIntersecting) {
          observer.unobserve(record.target);
          loadReceipts(record.target.dataset.id, state.generation, 0);
        }
      }
    }, { rootMargin: '600px 0px' });
  }
}

/** Called when the view is shown: reloads when something changed since it was last loaded. */
export function showEntries() {
  if (state.stale) reload();
}

/** Leaving the list ends the Undo offer (the entry stays restorable from the trash). */
export function hideEntries() {
  hideToast();
}

export function invalidateEntries() {
  state.stale = true;
}

export function listedEntry(id) {
  return state.entries.get(id) ?? null;
}

/** Every currency seen among the user's entries and summaries. */
export function knownCurrencies() {
  return [...state.currencies];
}

/**
 * The settings were read or saved: the totals follow. Shown with a summary in the same home
 * currency, they are drawn again (the locale may be new); in another one, loaded again.
 */
function settingsChanged(settings) {
  describeFiscalYear();
  if (!settings) return;
  learnCurrencies([settings.homeCurrency]);
  if (els.view.hidden) {
    state.stale = true;
  } else if (state.summary) {
    if (state.summary.home?.currency === settings.homeCurrency) renderTotals(state.summary, state.filters);
    else reload();
  }
}

export function resetEntries() {
  state.generation += 1;
  stopPolls();
  observer?.disconnect();
  state.entries.clear();
  state.cursor = null;
  state.stale = true;
  state.deleted = null;
  resetting = true;
  els.filters.reset();
  resetting = false;
  clearFieldErrors(els.filters, 'data-filter-error-for');
  for (const suggestion of [...filterSuggestions, ...otherSuggestions]) suggestion.reset();
  els.list.replaceChildren();
  state.selected.clear();
  els.bulkCategory.value = '';
  els.bulkTag.value = '';
  els.bulkMessage.textContent = '';
  updateBulkBar();
  els.renameForm.reset();
  clearFieldErrors(els.renameForm, 'data-rename-error-for');
  els.renameMessage.textContent = '';
  $('#rename-category').open = false;
  els.more.hidden = true;
  els.status.textContent = '';
  for (const total of [els.debit, els.credit, els.net]) total.textContent = '…';
  els.currency.textContent = '';
  els.note.textContent = '';
  // another user may sign in next: nothing of this one's currencies stays
  state.currencies.clear();
  state.summary = null;
  state.chartCurrency = '';
  state.chartRequest += 1;
  renderCurrencyOptions();
  renderCurrencyTotals(null);
  renderHomeTotal(null);
  renderChartCurrencies();
  hideSuggestion();
  drawChart(els.chart, els.chartTable, null, els.chartGroup.value);
  hideToast();
  resetBudgets();
}

function readFilters() {
  const value = (selector) => $(selector).value.trim();
  return {
    q: value('#filter-q'),
    from: value('#filter-from'),
    to: value('#filter-to'),
    category: value('#filter-category'),
    tag: value('#filter-tag').toLowerCase(),
    type: value('#filter-type'),
    minAmount: normalizeAmount(value('#filter-min')),
    maxAmount: normalizeAmount(value('#filter-max')),
    currency: value('#filter-currency'),
  };
}

function hasFilters(filters) {
  return Object.values(filters).some((value) => value !== '');
}

async function reload() {
  state.stale = false;
  const generation = ++state.generation;
  stopPolls();
  observer?.disconnect();
  state.entries.clear();
  state.cursor = null;
  state.filters = readFilters();
  clearFieldErrors(els.filters, 'data-filter-error-for');
  els.list.replaceChildren();
  state.selected.clear();
  updateBulkBar();
  els.more.hidden = true;
  els.status.textContent = 'Loading…';
  hideSuggestion();
  state.summary = null;
  state.chartCurrency = ''; // new filters: the chart starts from the default currency again
  for (const total of [els.debit, els.credit, els.net]) total.textContent = '…';
  els.period.value = periodOf(state.filters.from, state.filters.to, today(), fiscalYearStart());
  await Promise.all([loadPage(generation), loadSummary(generation), loadBudgets(state.filters)]);
}

// ---------------------------------------------------------------------------------------------
// Date presets: select#filter-period fills #filter-from and #filter-to and applies the filters.

function fiscalYearStart() {
  return currentSettings()?.fiscalYearStartMonth ?? 1;
}

function initPeriods() {
  els.period.addEventListener('change', () => {
    const period = els.period.value;
    if (period === 'custom') {
      els.from.focus(); // the dates stay as they are, to be typed
      return;
    }
    const range = periodRange(period, today(), fiscalYearStart());
    els.from.value = range?.from ?? '';
    els.to.value = range?.to ?? '';
    clearErrorBanner();
    reload();
  });
  // Dates typed or picked by hand: the preset they are, if any, else Custom.
  for (const input of [els.from, els.to]) {
    input.addEventListener('input', () => {
      els.period.value = periodOf(els.from.value, els.to.value, today(), fiscalYearStart());
    });
  }
  describeFiscalYear();
}

/** The hint says when the fiscal year starts (Account settings), so "This fiscal year" is not a guess. */
function describeFiscalYear() {
  const month = fiscalYearStart();
  const name = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 1)));
  els.periodHint.textContent = `Fills in From and To, and applies the filters. Your fiscal year starts in ${name}.`;
}

async function loadMore() {
  if (!state.cursor) return;
  els.more.disabled = true;
  const first = await loadPage(state.generation, state.cursor);
  els.more.disabled = false;
  first?.querySelector('.entry-edit')?.focus();
}

/** Loads one page into the list; resolves the first new item (or null). */
async function loadPage(generation, cursor = null) {
  els.list.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api('GET', '/entries', { query: { ...state.filters, limit: PAGE_SIZE, cursor } });
    if (generation !== state.generation) return null;
    const items = data?.items ?? [];
    const elements = items.map((entry) => {
      state.entries.set(entry.id, entry);
      return renderEntry(entry);
    });
    els.list.append(...elements);
    for (const element of elements) watchReceipts(element);
    state.cursor = data?.nextCursor ?? null;
    els.more.hidden = !state.cursor;
    learnCurrencies(items.map((entry) => entry.currency));
    if (!cursor) showSuggestion(items.length === 0 ? data?.suggestion : null);
    updateCount();
    return elements[0] ?? null;
  } catch (error) {
    if (generation !== state.generation) return null;
    state.stale = true;
    if (error.code === 'VALIDATION_FAILED') {
      const unplaced = showFieldErrors(els.filters, 'data-filter-error-for', error.details);
      els.status.textContent = 'Check the filters marked above.';
      if (unplaced.length) showBanner(describeError({ ...error, details: unplaced }));
    } else {
      els.status.textContent = 'Could not load the entries.';
      showError(error);
    }
    return null;
  } finally {
    if (generation === state.generation) els.list.setAttribute('aria-busy', 'false');
  }
}

function updateCount() {
  const count = els.list.querySelectorAll(':scope > li.entry').length;
  if (count === 0) {
    els.status.textContent = hasFilters(state.filters) ? 'No entries match these filters.' : 'No entries yet: add one with “Add”.';
    if (!els.suggestion.hidden) els.status.textContent += ` Did you mean “${els.suggestionText.textContent}”?`;
  } else {
    els.status.textContent = `Showing ${count} ${count === 1 ? 'entry' : 'entries'}${state.cursor ? '; more below' : ''}.`;
  }
}

/**
 * The totals: GET /summary with the filters gives the totals in one currency (#total-*, as returned)
 * and those of every currency found (#currency-totals); the chart follows.
 */
async function loadSummary(generation) {
  const request = ++state.summaryRequest;
  const groupBy = els.chartGroup.value;
  const filters = state.filters;
  let data;
  try {
    ({ data } = await api('GET', '/summary', { query: { ...filters, groupBy } }));
  } catch (error) {
    if (generation !== state.generation || request !== state.summaryRequest) return;
    for (const total of [els.debit, els.credit, els.net]) total.textContent = '—';
    // A bad filter is explained beside the filters (by the list); anything else here.
    els.note.textContent = error.code === 'VALIDATION_FAILED' ? '' : `Totals unavailable: ${describeError(error)}`;
    state.summary = null;
    state.chartRequest += 1;
    renderCurrencyTotals(null);
    renderHomeTotal(null);
    renderChartCurrencies();
    drawChart(els.chart, els.chartTable, null, groupBy);
    return;
  }
  if (generation !== state.generation || request !== state.summaryRequest) return;
  noteHomeCurrency(data.home?.currency); // only while the settings could not be read
  learnCurrencies([data.currency, data.home?.currency, ...(data.currencies ?? []).map((total) => total.currency)]);
  state.summary = { ...data, groupBy };
  renderTotals(data, filters);
  renderChartCurrencies();
  await loadChart(generation);
}

/** #total-* (the amounts as returned), #totals-note, #totals-other and #currency-totals. */
function renderTotals(data, filters) {
  const currencies = data.currencies ?? [];
  const others = currencies.filter((total) => total.currency !== data.currency);
  const otherCount = others.reduce((sum, total) => sum + total.count, 0);
  const matching = hasFilters(filters) ? ' matching the filters' : '';
  els.debit.textContent = data.debit;
  els.credit.textContent = data.credit;
  els.net.textContent = data.net;
  els.net.classList.toggle('negative', data.net.startsWith('-'));
  els.currency.textContent = data.currency ? `(${data.currency})` : '';
  els.note.textContent = data.count > 0 || !others.length
    ? `${entriesText(data.count)} in ${data.currency}${matching}.`
    : `No entries in ${data.currency}${matching}.`;
  // Found only in other currencies: the totals in the one currency step back, theirs come first.
  els.totals.classList.toggle('totals-none', data.count === 0 && others.length > 0);
  els.other.hidden = others.length === 0;
  els.other.textContent = others.length === 0 ? ''
    : `+ ${entriesText(otherCount)} in ${listText(others.map((total) => total.currency))} not in these totals`
      + `${data.count === 0 ? ': their totals are below.' : '; each currency below.'}`;
  renderCurrencyTotals(data);
  renderHomeTotal(data);
}

/**
 * #home-total: the totals in the home currency of the entries in it and of those in other currencies
 * that say what they cost there; #home-missing counts the entries that do not. Shown when the filtered
 * entries are (also) in other currencies: otherwise it would repeat the totals above.
 */
function renderHomeTotal(data) {
  const home = data?.home;
  const others = home ? (data.currencies ?? []).some((total) => total.currency !== home.currency) : false;
  els.home.hidden = !home || !others;
  if (els.home.hidden) {
    els.homeMissing.hidden = true;
    return;
  }
  Object.assign(els.home.dataset, { currency: home.currency, debit: home.debit, credit: home.credit, net: home.net,
    count: String(home.count), missing: String(home.missing) });
  els.homeCurrency.textContent = home.currency;
  els.homeCurrency.title = currencyName(home.currency);
  els.homeDebit.textContent = formatMoney(home.debit, home.currency);
  els.homeCredit.textContent = formatMoney(home.credit, home.currency);
  els.homeNet.textContent = formatMoney(home.net, home.currency);
  els.homeNet.classList.toggle('negative', home.net.startsWith('-'));
  els.homeNote.textContent = `${entriesText(home.count)}: in ${home.currency}, or with what ${home.count === 1 ? 'it' : 'they'} `
    + `cost in ${home.currency}.`;
  els.homeMissing.hidden = home.missing === 0;
  els.homeMissing.textContent = home.missing === 0 ? ''
    : `${entriesText(home.missing)} ${home.missing === 1 ? 'has' : 'have'} no home amount, so `
      + `${home.missing === 1 ? 'it is' : 'they are'} not in this total: edit ${home.missing === 1 ? 'it' : 'them'} `
      + `to add what ${home.missing === 1 ? 'it' : 'they'} cost in ${home.currency}.`;
}

function entriesText(count) {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}

function listText(items) {
  try {
    return new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/**
 * ul#currency-totals: one li.currency-total[data-currency] per currency of the summary, most entries
 * first, with its spent, received, net and count in the reader's locale; hidden when it would only
 * repeat the totals above (one currency, the same).
 */
function renderCurrencyTotals(data) {
  const currencies = data?.currencies ?? [];
  const items = currencies.map((total) => {
    // one tap to see only this currency's entries and totals (not offered for what is already all)
    const only = currencies.length > 1 || total.currency !== data.currency
      ? h('button', { type: 'button', class: 'quiet currency-total-only', 'aria-label': `Show only entries in ${total.currency}` },
        `Only ${total.currency}`)
      : null;
    only?.addEventListener('click', () => filterByCurrency(total.currency));
    return h('li', { class: 'currency-total', dataset: { currency: total.currency, debit: total.debit, credit: total.credit,
      net: total.net, count: String(total.count) } },
    h('div', { class: 'currency-total-head' },
      h('abbr', { class: 'currency-total-code', title: currencyName(total.currency) }, total.currency),
      h('span', { class: 'currency-total-count muted' }, entriesText(total.count)),
      only),
    h('dl', { class: 'currency-total-sums' },
      h('div', { class: 'total-debit' }, h('dt', {}, 'Spent'),
        h('dd', { class: 'currency-total-debit' }, formatMoney(total.debit, total.currency))),
      h('div', { class: 'total-credit' }, h('dt', {}, 'Received'),
        h('dd', { class: 'currency-total-credit' }, formatMoney(total.credit, total.currency))),
      h('div', { class: 'total-net' }, h('dt', {}, 'Net'),
        h('dd', { class: `currency-total-net${total.net.startsWith('-') ? ' negative' : ''}` },
          formatMoney(total.net, total.currency)))));
  });
  els.currencyTotals.replaceChildren(...items);
  if (!data) {
    els.other.hidden = true;
    els.totals.classList.remove('totals-none');
  }
  els.currencyTotals.hidden = currencies.length === 0
    || (currencies.length === 1 && currencies[0].currency === data.currency);
}

/** "Euro" for EUR in the reader's language (the code itself where the browser has no names). */
function currencyName(code) {
  try {
    return new Intl.DisplayNames(undefined, { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function filterByCurrency(currency) {
  els.filterCurrency.value = currency;
  clearErrorBanner();
  $('#totals-title').focus({ preventScroll: true }); // the button pressed goes with the list
  reload();
}

// ---------------------------------------------------------------------------------------------
// The currency filter: select#filter-currency offers every currency seen (the deployment's default
// among them), "" = all.

function learnCurrencies(codes) {
  let added = false;
  for (const code of codes) {
    if (code && !state.currencies.has(code)) {
      state.currencies.add(code);
      added = true;
    }
  }
  if (added) renderCurrencyOptions();
}

function renderCurrencyOptions() {
  const select = els.filterCurrency;
  const selected = select.value;
  const codes = [...state.currencies].sort();
  if (selected && !codes.includes(selected)) codes.push(selected);
  select.replaceChildren(h('option', { value: '' }, 'All currencies'),
    ...codes.map((code) => {
      const name = currencyName(code);
      return h('option', { value: code }, name === code ? code : `${code} · ${name}`);
    }));
  select.value = codes.includes(selected) ? selected : '';
}

// ---------------------------------------------------------------------------------------------
// The chart: one currency at a time. #chart-currency (shown when the filtered entries are in
// several currencies) picks it; by default the currency filter's, else the one with most entries.

function chartCurrencyOf(summary) {
  if (state.filters.currency) return state.filters.currency;
  const currencies = summary?.currencies ?? [];
  if (state.chartCurrency && currencies.some((total) => total.currency === state.chartCurrency)) return state.chartCurrency;
  // the one with most entries (listed first); on a tie the totals' own, so the chart matches them
  const most = currencies.filter((total) => total.count === currencies[0].count);
  return (most.find((total) => total.currency === summary.currency) ?? most[0])?.currency ?? summary?.currency ?? '';
}

function renderChartCurrencies() {
  const summary = state.summary;
  const currencies = summary?.currencies ?? [];
  const select = els.chartCurrency;
  select.replaceChildren(...currencies.map((total) => h('option', { value: total.currency }, total.currency)));
  select.value = chartCurrencyOf(summary);
  els.chartCurrencyField.hidden = currencies.length < 2 || Boolean(state.filters.currency);
}

/** Draws the chart in its currency: from the summary already loaded when it is in that one, else asked for. */
async function loadChart(generation) {
  const request = ++state.chartRequest;
  const summary = state.summary;
  const groupBy = els.chartGroup.value;
  const currency = chartCurrencyOf(summary);
  els.chartUnit.textContent = currency ? `(${currency})` : '';
  if (!summary || (summary.currency === currency && summary.groupBy === groupBy)) {
    els.chart.setAttribute('aria-busy', 'false');
    if (summary) drawChart(els.chart, els.chartTable, summary, groupBy);
    return;
  }
  els.chart.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api('GET', '/summary', { query: { ...state.filters, currency, groupBy } });
    if (generation !== state.generation || request !== state.chartRequest) return;
    drawChart(els.chart, els.chartTable, data, groupBy);
  } catch (error) {
    if (generation !== state.generation || request !== state.chartRequest) return;
    drawChart(els.chart, els.chartTable, null, groupBy);
    if (error.code !== 'VALIDATION_FAILED') showError(error);
  } finally {
    if (request === state.chartRequest) els.chart.setAttribute('aria-busy', 'false');
  }
}

// ---------------------------------------------------------------------------------------------
// "Did you mean": a search that found nothing may come back with what the user may have meant.

function showSuggestion(suggestion) {
  const q = state.filters.q;
  if (!suggestion || !q || suggestion.toLocaleLowerCase() === q.toLocaleLowerCase()) {
    hideSuggestion();
    return;
  }
  els.suggestionText.textContent = suggestion;
  els.useSuggestion.dataset.suggestion = suggestion;
  els.suggestion.hidden = false;
}

function hideSuggestion() {
  els.suggestion.hidden = true;
  els.suggestionText.textContent = '';
  delete els.useSuggestion.dataset.suggestion;
}

function useSuggestion() {
  const suggestion = els.useSuggestion.dataset.suggestion;
  if (!suggestion) return;
  els.q.value = suggestion;
  els.q.focus();
  clearErrorBanner();
  reload();
}

// ---------------------------------------------------------------------------------------------
// One entry: li.entry[data-id] with .entry-date, .entry-description, .entry-category,
// .entry-amount, button.entry-edit, button.entry-delete and .entry-receipts.

function describeEntry(entry) {
  return entry.description || entry.category || (entry.type === 'CREDIT' ? 'income' : 'expense');
}

function renderEntry(entry) {
  const edit = h('button', { type: 'button', class: 'entry-edit quiet' }, 'Edit');
  const remove = h('button', { type: 'button', class: 'entry-delete quiet danger' }, 'Delete');
  const select = h('input', { type: 'checkbox', class: 'entry-select' });
  const li = h('li', { class: 'entry', dataset: { id: entry.id, type: entry.type } },
    h('div', { class: 'entry-row' },
      select,
      h('time', { class: 'entry-date' }),
      h('div', { class: 'entry-text' },
        h('span', { class: 'entry-description' }),
        h('span', { class: 'entry-category' }),
        h('a', { class: 'entry-recurring', href: '#/recurring', hidden: true }, 'Recurring')),
      h('p', { class: 'entry-money' },
        h('span', { class: 'visually-hidden entry-kind' }),
        h('span', { class: 'entry-sign', 'aria-hidden': 'true' }),
        h('span', { class: 'entry-amount' }), ' ',
        h('span', { class: 'entry-currency' }))),
    h('ul', { class: 'entry-tags', 'aria-label': 'Tags' }),
    h('div', { class: 'entry-actions' }, edit, remove),
    h('ul', { class: 'entry-receipts', 'aria-label': 'Receipts' }));
  fillEntry(li, entry);
  edit.addEventListener('click', () => hooks.editEntry(state.entries.get(entry.id) ?? entry));
  remove.addEventListener('click', () => deleteEntry(entry.id, li, remove));
  select.checked = state.selected.has(entry.id);
  select.addEventListener('change', () => {
    if (select.checked) state.selected.add(entry.id);
    else state.selected.delete(entry.id);
    updateBulkBar();
  });
  return li;
}

function fillEntry(li, entry) {
  const label = describeEntry(entry);
  li.dataset.type = entry.type;
  const date = li.querySelector('.entry-date');
  date.dateTime = entry.date;
  date.textContent = entry.date;
  li.querySelector('.entry-description').textContent = entry.description ?? '';
  li.querySelector('.entry-category').textContent = entry.category ?? '';
  // Made by a schedule: said, and one tap away from it.
  const recurring = li.querySelector('.entry-recurring');
  recurring.hidden = !entry.recurringId;
  if (entry.recurringId) {
    recurring.dataset.recurringId = entry.recurringId;
    recurring.setAttribute('aria-label', `Recurring: see the schedule of ${label}`);
  }
  li.querySelector('.entry-kind').textContent = entry.type === 'CREDIT' ? 'Income ' : 'Expense ';
  li.querySelector('.entry-sign').textContent = entry.type === 'CREDIT' ? '+' : '−';
  li.querySelector('.entry-amount').textContent = entry.amount;
  li.querySelector('.entry-currency').textContent = entry.currency ?? '';
  li.querySelector('.entry-edit').setAttribute('aria-label', `Edit ${label}, ${entry.date}`);
  li.querySelector('.entry-delete').setAttribute('aria-label', `Delete ${label}, ${entry.date}`);
  li.querySelector('.entry-select').setAttribute('aria-label', `Select ${label}, ${entry.date}`);
  const tags = li.querySelector('.entry-tags');
  tags.replaceChildren(...(entry.tags ?? []).map((tag) => {
    const button = h('button', { type: 'button', class: 'entry-tag', dataset: { tag },
      'aria-label': `Show entries tagged ${tag}` }, tag);
    button.addEventListener('click', () => filterByTag(tag));
    return h('li', {}, button);
  }));
  tags.hidden = tags.childElementCount === 0;
  const receipts = li.querySelector('.entry-receipts');
  if (entry.documentCount > 0 && !receipts.querySelector('[data-document-id]')) {
    receipts.replaceChildren(h('li', { class: 'receipts-placeholder muted' },
      `${entry.documentCount} ${entry.documentCount === 1 ? 'receipt' : 'receipts'}…`));
  }
}

// ---------------------------------------------------------------------------------------------
// Receipts, loaded when the entry comes near the viewport.

function watchReceipts(li) {
  const entry = state.entries.get(li.dataset.id);
  if (!entry || entry.documentCount === 0) return;
  if (observer) observer.observe(li);
  else loadReceipts(entry.id, state.generation, 0);
}

function findItem(id) {
  return els.list.querySelector(`li.entry[data-id="${CSS.escape(id)}"]`);
}

async function loadReceipts(id, generation, polls) {
  state.polls.delete(id);
  let data;
  try {
    ({ data } = await api('GET', `/entries/${id}`));
  } catch (error) {
    const li = findItem(id);
    if (generation !== state.generation || !li) return;
    const receipts = li.querySelector('.entry-receipts');
    if (error.code === 'NOT_FOUND') {
      receipts.replaceChildren(h('li', { class: 'muted' }, 'This entry was deleted elsewhere.'));
      return;
    }
    const retry = h('button', { type: 'button', class: 'quiet' }, 'Retry');
    retry.addEventListener('click', () => loadReceipts(id, state.generation, 0));
    receipts.replaceChildren(h('li', { class: 'receipts-error' }, `Could not load the receipts (${describeError(error)}) `, retry));
    return;
  }
  const li = findItem(id);
  if (generation !== state.generation || !li) return;
  state.entries.set(id, data);
  fillEntry(li, data);
  renderReceipts(li, data.documents ?? []);
  const documents = data.documents ?? [];
  if (documents.some((doc) => doc.status === 'PENDING')
      || (polls < FINISHING_POLLS && documents.some(finishing))) schedulePoll(id, generation, polls + 1);
}

/** Accepted a moment ago: its preview and reading follow right after. */
function finishing(doc) {
  return doc.status === 'AVAILABLE' && !doc.previewUrl && doc.extracted == null && PREVIEWABLE.has(doc.contentType);
}

function schedulePoll(id, generation, polls) {
  clearTimeout(state.polls.get(id));
  if (polls > POLL_GIVE_UP_AFTER) {
    for (const pending of findItem(id)?.querySelectorAll('.receipt[data-status="PENDING"] .receipt-state') ?? []) {
      pending.textContent = 'still being checked: reload later';
    }
    return;
  }
  const delay = POLL_DELAYS_MS[polls - 1] ?? POLL_MAX_MS;
  state.polls.set(id, setTimeout(() => {
    if (generation !== state.generation) return;
    if (els.view.hidden || document.hidden) {
      schedulePoll(id, generation, polls); // not on screen: check again later without calling the API
      return;
    }
    loadReceipts(id, generation, polls);
  }, delay));
}

function stopPolls() {
  for (const timer of state.polls.values()) clearTimeout(timer);
  state.polls.clear();
}

function renderReceipts(li, documents) {
  const list = li.querySelector('.entry-receipts');
  const fetchedAt = Date.now();
  const existing = new Map(Array.from(list.querySelectorAll('[data-document-id]'), (item) => [item.dataset.documentId, item]));
  const items = documents.map((doc) => {
    const current = existing.get(doc.id);
    // Keep an item that did not change (no flicker, no reloading thumbnails while polling).
    const unchanged = current && current.dataset.status === doc.status && current.dataset.preview === previewFlag(doc);
    if (unchanged && doc.status !== 'AVAILABLE') return current;
    if (unchanged && fetchedAt - Number(current.dataset.fetchedAt) < DOWNLOAD_URL_FRESH_MS) return current;
    return renderReceipt(stamp(doc, fetchedAt), fetchedAt);
  });
  list.replaceChildren(...items);
}

const previewFlag = (doc) => (doc.previewUrl ? 'yes' : 'no');

/**
 * One receipt, [data-document-id][data-status]: when AVAILABLE, a button with its preview
 * (img.thumb of the previewUrl, or a file-type icon) that opens the viewer, and a.receipt-download
 * to the download URL.
 */
function renderReceipt(doc, fetchedAt) {
  const item = h('li', { class: 'receipt', dataset: { documentId: doc.id, status: doc.status, fetchedAt: String(fetchedAt),
    preview: previewFlag(doc) } });
  const name = h('span', { class: 'receipt-name' }, doc.fileName);
  if (doc.status === 'AVAILABLE' && doc.downloadUrl) {
    let current = doc;
    const open = h('button', { type: 'button', class: 'receipt-open', 'aria-label': `View receipt ${doc.fileName}` },
      thumbnail(doc), name);
    const download = h('a', { class: 'receipt-download', href: safeUrl(doc.downloadUrl), 'aria-label': `Download ${doc.fileName}` },
      'Download');
    open.addEventListener('click', async () => {
      const fresh = await openViewer(current, open);
      if (fresh && fresh !== current) {
        current = fresh;
        item.dataset.fetchedAt = String(fresh.fetchedAt);
        download.href = safeUrl(fresh.downloadUrl);
      }
    });
    download.addEventListener('click', async (event) => {
      if (Date.now() - Number(item.dataset.fetchedAt) < DOWNLOAD_URL_FRESH_MS) return;
      // An expired link: exchanged for a fresh one first.
      event.preventDefault();
      try {
        const { data } = await api('GET', `/documents/${doc.id}`);
        if (!data.downloadUrl) return;
        current = stamp(data);
        item.dataset.fetchedAt = String(current.fetchedAt);
        download.href = safeUrl(data.downloadUrl);
        window.location.assign(download.href);
      } catch (error) {
        showError(error, { notFound: 'This receipt no longer exists.' });
      }
    });
    item.append(open, download);
    const duplicate = duplicateNote(doc);
    if (duplicate) item.append(duplicate);
  } else if (doc.status === 'REJECTED') {
    item.append(icon(doc),
      h('span', { class: 'receipt-body' }, name,
        h('span', { class: 'receipt-state' }, `Rejected: ${doc.reason ?? 'the file was not accepted'}`)));
  } else {
    item.append(icon(doc),
      h('span', { class: 'receipt-body' }, name, h('span', { class: 'receipt-state' }, 'Being checked…')));
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Delete with undo.

async function deleteEntry(id, li, button) {
  const entry = state.entries.get(id);
  button.disabled = true;
  try {
    await api('DELETE', `/entries/${id}`);
  } catch (error) {
    button.disabled = false;
    if (error.code === 'NOT_FOUND') {
      li.remove();
      updateCount();
      notify('That entry had already been deleted.');
      return;
    }
    showError(error);
    return;
  }
  const next = li.nextElementSibling;
  const previous = li.previousElementSibling;
  state.deleted = { entry, nextId: next?.dataset.id ?? null, generation: state.generation };
  clearTimeout(state.polls.get(id));
  state.polls.delete(id);
  observer?.unobserve(li);
  li.remove();
  state.entries.delete(id);
  if (state.selected.delete(id)) updateBulkBar();
  ((next ?? previous)?.querySelector('.entry-edit') ?? $('#entries-title')).focus();
  updateCount();
  loadSummary(state.generation);
  refreshBudgets();
  showUndoToast(entry);
}

function showUndoToast(entry) {
  els.toastText.textContent = `Deleted “${describeEntry(entry)}”.`;
  announce(`Deleted “${describeEntry(entry)}”. Undo is available for ${UNDO_MS / 1000} seconds.`);
  els.undo.disabled = false;
  els.toast.hidden = false;
  toastRemaining = UNDO_MS;
  startToastTimer();
}

function startToastTimer() {
  clearTimeout(toastTimer);
  toastStartedAt = Date.now();
  toastTimer = setTimeout(hideToast, toastRemaining);
}

function pauseToast() {
  if (els.toast.hidden || toastTimer === null) return;
  clearTimeout(toastTimer);
  toastTimer = null;
  toastRemaining = Math.max(2000, toastRemaining - (Date.now() - toastStartedAt));
}

function resumeToast() {
  if (els.toast.hidden || toastTimer !== null) return;
  if (els.toast.contains(document.activeElement)) return;
  startToastTimer();
}

function hideToast() {
  clearTimeout(toastTimer);
  toastTimer = null;
  els.toast.hidden = true;
  state.deleted = null;
}

async function undoDelete() {
  const deleted = state.deleted;
  if (!deleted) return;
  if (deleted.renamed) {
    undoRename(deleted.renamed);
    return;
  }
  if (deleted.ids) {
    undoBulkDelete(deleted.ids);
    return;
  }
  els.undo.disabled = true;
  let restored;
  try {
    ({ data: restored } = await api('POST', `/entries/${deleted.entry.id}/restore`));
  } catch (error) {
    els.undo.disabled = false;
    if (error.code === 'NOT_FOUND') {
      hideToast();
      showBanner('That entry could not be restored: it is no longer in the trash.');
    } else {
      showError(error);
    }
    return;
  }
  hideToast();
  notify(`Restored “${describeEntry(restored)}”.`);
  if (deleted.generation !== state.generation || els.view.hidden) {
    // The list was reloaded (or left) meanwhile: load it afresh rather than guess the position.
    state.stale = true;
    if (!els.view.hidden) reload();
    return;
  }
  state.entries.set(restored.id, restored);
  const li = renderEntry(restored);
  const next = deleted.nextId ? findItem(deleted.nextId) : null;
  if (next) els.list.insertBefore(li, next);
  else els.list.append(li);
  watchReceipts(li);
  updateCount();
  loadSummary(state.generation);
  refreshBudgets();
  li.querySelector('.entry-edit').focus();
}

// ---------------------------------------------------------------------------------------------
// Tags: a click on one filters the list by it.

function filterByTag(tag) {
  els.filterTag.value = tag;
  clearErrorBanner();
  reload();
  els.filterTag.focus();
}

// ---------------------------------------------------------------------------------------------
// Bulk actions on the ticked entries: #bulk-bar (shown while any is ticked) with "N selected".

function initBulk() {
  els.selectAll.addEventListener('change', () => {
    for (const box of els.list.querySelectorAll(':scope > li.entry .entry-select')) {
      box.checked = els.selectAll.checked;
      const id = box.closest('li.entry').dataset.id;
      if (box.checked) state.selected.add(id);
      else state.selected.delete(id);
    }
    updateBulkBar();
  });
  $('#bulk-delete').addEventListener('click', () => runBulk('delete'));
  $('#bulk-set-category').addEventListener('click', () => {
    const category = els.bulkCategory.value.trim();
    if (!category) return needInput(els.bulkCategory, 'Type the category to give them first.');
    return runBulk('setCategory', { category });
  });
  for (const [button, action] of [['#bulk-add-tag', 'addTag'], ['#bulk-remove-tag', 'removeTag']]) {
    $(button).addEventListener('click', () => {
      const tag = els.bulkTag.value.trim().toLowerCase();
      if (!tag) return needInput(els.bulkTag, 'Type the tag first.');
      return runBulk(action, { tag });
    });
  }
  for (const input of [els.bulkCategory, els.bulkTag]) {
    input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
  }
  $('#bulk-clear').addEventListener('click', () => {
    clearSelection();
    els.bulkMessage.textContent = '';
    (els.list.querySelector('.entry-select') ?? els.selectAll).focus();
  });
}

function needInput(input, text) {
  input.setAttribute('aria-invalid', 'true');
  els.bulkMessage.textContent = text;
  input.focus();
}

function clearSelection() {
  state.selected.clear();
  for (const box of els.list.querySelectorAll('.entry-select')) box.checked = false;
  updateBulkBar();
}

function updateBulkBar() {
  // only entries still listed count
  for (const id of state.selected) if (!state.entries.has(id)) state.selected.delete(id);
  const count = state.selected.size;
  const boxes = els.list.querySelectorAll(':scope > li.entry .entry-select');
  els.bulkBar.hidden = count === 0;
  els.bulkCount.textContent = `${count} selected`;
  els.selectAll.checked = count > 0 && count === boxes.length;
  els.selectAll.indeterminate = count > 0 && count < boxes.length;
  els.selectAll.disabled = boxes.length === 0;
  for (const button of els.bulkBar.querySelectorAll('button')) button.disabled = state.bulkBusy;
}

const BULK_DONE = {
  delete: (n) => `Deleted ${entriesText(n)}.`,
  setCategory: (n, body) => `Set the category of ${entriesText(n)} to “${body.category}”.`,
  addTag: (n, body) => `Tagged ${entriesText(n)} “${body.tag}”.`,
  removeTag: (n, body) => `Removed the tag “${body.tag}” from ${entriesText(n)}.`,
};

async function runBulk(action, extra = {}) {
  if (state.bulkBusy || state.selected.size === 0) return;
  const body = { action, ids: [...state.selected], ...extra };
  state.bulkBusy = true;
  updateBulkBar();
  els.bulkMessage.textContent = 'Working…';
  clearErrorBanner();
  let data;
  try {
    ({ data } = await api('POST', '/entries/bulk', { body }));
  } catch (error) {
    els.bulkMessage.textContent = '';
    if (error.code === 'VALIDATION_FAILED') {
      els.bulkMessage.textContent = (error.details ?? []).map((d) => `${d.field} ${d.message}`).join('; ')
        || describeError(error);
    } else {
      showError(error);
    }
    return;
  } finally {
    state.bulkBusy = false;
    updateBulkBar();
  }
  const changed = data?.ids ?? [];
  const text = BULK_DONE[action](data?.count ?? changed.length, body);
  els.bulkMessage.textContent = '';
  notify(text);
  if (action === 'delete') {
    if (changed.length) showBulkUndoToast(changed, text);
  } else {
    if (action === 'setCategory') els.bulkCategory.value = '';
    else els.bulkTag.value = '';
  }
  await reload();
  $('#entries-title').focus();
}

function showBulkUndoToast(ids, text) {
  showUndoableToast(text, { ids });
}

/** #toast with `text` and #undo for what `undo` names (ids of a bulk delete, or a rename's previous categories). */
function showUndoableToast(text, undo) {
  state.deleted = undo;
  els.toastText.textContent = text;
  announce(`${text} Undo is available for ${UNDO_MS / 1000} seconds.`);
  els.undo.disabled = false;
  els.toast.hidden = false;
  toastRemaining = UNDO_MS;
  startToastTimer();
}

async function undoBulkDelete(ids) {
  els.undo.disabled = true;
  let data;
  try {
    ({ data } = await api('POST', '/entries/bulk', { body: { action: 'restore', ids } }));
  } catch (error) {
    els.undo.disabled = false;
    showError(error);
    return;
  }
  hideToast();
  const count = data?.count ?? 0;
  notify(count === ids.length ? `Restored ${entriesText(count)}.`
    : `Restored ${entriesText(count)}; the others are no longer in the trash.`);
  if (els.view.hidden) {
    state.stale = true;
    return;
  }
  await reload();
  $('#entries-title').focus();
}

// ---------------------------------------------------------------------------------------------
// Rename or merge a category: form#rename-category-form → POST /categories/rename.

async function renameCategory() {
  const from = els.renameFrom.value.trim();
  const to = els.renameTo.value.trim();
  clearFieldErrors(els.renameForm, 'data-rename-error-for');
  const missing = [];
  if (!from) missing.push({ field: 'from', message: 'type the category to rename' });
  if (!to) missing.push({ field: 'to', message: 'type its new name' });
  if (missing.length) {
    showFieldErrors(els.renameForm, 'data-rename-error-for', missing);
    els.renameMessage.textContent = '';
    return;
  }
  els.renameSubmit.disabled = true;
  els.renameMessage.textContent = 'Renaming…';
  clearErrorBanner();
  let data;
  try {
    ({ data } = await api('POST', '/categories/rename', { body: { from, to } }));
  } catch (error) {
    els.renameMessage.textContent = '';
    if (error.code === 'VALIDATION_FAILED') {
      const unplaced = showFieldErrors(els.renameForm, 'data-rename-error-for', error.details);
      els.renameMessage.textContent = unplaced.length ? describeError({ ...error, details: unplaced })
        : 'Check the fields marked above.';
    } else {
      showError(error);
    }
    return;
  } finally {
    els.renameSubmit.disabled = false;
  }
  const count = data?.count ?? 0;
  const text = count === 0
    ? `No entries are in “${from}”: nothing changed.`
    : `Renamed “${from}” to “${to}” in ${entriesText(count)}.`;
  els.renameMessage.textContent = text;
  if (count > 0) {
    els.renameFrom.value = '';
    els.renameTo.value = '';
    for (const suggestion of otherSuggestions) suggestion.reset();
    // Undo gives each entry back the category it had (the answer groups them by it)
    showUndoableToast(text, { renamed: data.previous ?? [] });
    reload();
  }
}

/** One setCategory bulk action per category the renamed entries had. */
async function undoRename(groups) {
  els.undo.disabled = true;
  let count = 0;
  try {
    for (const group of groups) {
      const { data } = await api('POST', '/entries/bulk',
        { body: { action: 'setCategory', ids: group.ids, category: group.category } });
      count += data?.count ?? 0;
    }
  } catch (error) {
    els.undo.disabled = false;
    showError(error);
    return;
  }
  hideToast();
  notify(`Undone: ${entriesText(count)} ${count === 1 ? 'has' : 'have'} ${groups.length === 1
    ? `“${groups[0].category}” again` : 'their categories again'}.`);
  els.renameMessage.textContent = '';
  if (els.view.hidden) {
    state.stale = true;
    return;
  }
  await reload();
}

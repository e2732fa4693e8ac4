// Recurring entries (section#view-recurring, #/recurring): GET /recurring lists the schedules (what,
// how much, how often, from and until when, the next date); form#recurring-form creates one (POST
// with an id generated once per new form, so pressing Save again after a lost answer never makes a
// second schedule) or changes one (PUT, with If-Match whenever the API gave the schedule a version:
// what was made stays, only the entries still to come change); Delete ends a schedule (its entries
// stay). The entries themselves are made by the scheduled maintenance run, each carrying recurringId.

import { api } from '../api.js';
import { formatDay, formatMoney } from '../receipts.js';
import { everyText, intervalValue, unitText } from '../recurrence.js';
import { COMMON_CURRENCIES, homeCurrency, onSettingsChange } from '../settings.js';
import { attachSuggestions } from '../suggest.js';
import { parseTags } from '../tags.js';
import {
  $, announce, clearErrorBanner, clearFieldErrors, h, normalizeAmount, notify, showBanner, showError,
  showFieldErrors, today, uuid,
} from '../ui.js';

let hooks;
let els;
let suggestions = [];
const state = {
  generation: 0,      // bumped on every list load: answers for an older one are dropped
  schedules: new Map(), // id → schedule as last read
  editing: null,      // the schedule being changed ({…, etag}), or null for a new one
  newId: null,        // the client id of the schedule the new form creates
  busy: false,
  currencyTouched: false,
};

/** hooks: entriesChanged() */
export function initRecurring(viewHooks) {
  hooks = viewHooks;
  els = {
    form: $('#recurring-form'), title: $('#recurring-form-title'), note: $('#recurring-edit-note'),
    type: $('#recurring-type'), amount: $('#recurring-amount'), currency: $('#recurring-currency'),
    category: $('#recurring-category'), description: $('#recurring-description'), tags: $('#recurring-tags'),
    interval: $('#recurring-interval'), frequency: $('#recurring-frequency'), start: $('#recurring-start'),
    end: $('#recurring-end'), summary: $('#recurring-summary'), save: $('#recurring-save'),
    cancel: $('#recurring-cancel'), message: $('#recurring-message'), list: $('#recurring-list'),
    status: $('#recurring-status'),
  };
  suggestions = [
    attachSuggestions(els.category, $('#recurring-category-options'), 'category'),
    attachSuggestions(els.description, $('#recurring-description-options'), 'description'),
  ];
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  els.cancel.addEventListener('click', () => {
    newForm();
    els.title.focus();
  });
  els.currency.addEventListener('input', () => { state.currencyTouched = true; });
  // A field error goes once its field is edited.
  for (const input of [els.type, els.amount, els.currency, els.category, els.description, els.tags, els.interval,
    els.frequency, els.start, els.end]) {
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') !== 'true') return;
      input.removeAttribute('aria-invalid');
      const slot = document.getElementById(`${input.id}-error`);
      if (slot) slot.textContent = '';
    });
  }
  // "Every 2 weeks from 1 Dec 2026": the units follow the number, the sentence follows the fields.
  for (const input of [els.interval, els.frequency, els.start, els.end]) {
    input.addEventListener('input', describeForm);
    input.addEventListener('change', describeForm);
  }
  onSettingsChange(() => {
    if (!state.editing && !state.currencyTouched) els.currency.value = homeCurrency();
    els.currency.placeholder = homeCurrency();
    offerCurrencies();
    if (state.schedules.size) renderList();
    describeForm();
  });
  newForm();
}

/** The view is shown: the schedules are read again (the maintenance run may have moved their next dates). */
export function showRecurring() {
  load();
}

export function resetRecurring() {
  state.generation += 1;
  state.schedules.clear();
  els.list.replaceChildren();
  els.status.textContent = '';
  state.currencyTouched = false;
  newForm();
  for (const suggestion of suggestions) suggestion.reset();
}

function offerCurrencies() {
  const codes = [...new Set([homeCurrency(), ...COMMON_CURRENCIES].filter(Boolean))];
  $('#recurring-currency-options').replaceChildren(...codes.map((code) => h('option', { value: code })));
}

// ---------------------------------------------------------------------------------------------
// The list.

async function load() {
  const generation = ++state.generation;
  els.list.setAttribute('aria-busy', 'true');
  if (!state.schedules.size) els.status.textContent = 'Loading…';
  try {
    const { data } = await api('GET', '/recurring');
    if (generation !== state.generation) return;
    state.schedules = new Map((data?.items ?? []).map((schedule) => [schedule.id, schedule]));
    renderList();
  } catch (error) {
    if (generation !== state.generation) return;
    els.status.textContent = 'Could not load the recurring entries.';
    showError(error);
  } finally {
    if (generation === state.generation) els.list.setAttribute('aria-busy', 'false');
  }
}

function renderList() {
  const schedules = [...state.schedules.values()];
  els.list.replaceChildren(...schedules.map(renderSchedule));
  const running = schedules.filter((schedule) => schedule.nextDate).length;
  els.status.textContent = schedules.length === 0
    ? 'No recurring entries yet: create one with the form.'
    : `${schedules.length} ${schedules.length === 1 ? 'schedule' : 'schedules'}`
      + `${running < schedules.length ? `, ${schedules.length - running} ended` : ''}.`;
}

function whatOf(schedule) {
  const template = schedule.template ?? {};
  return template.description || template.category || (template.type === 'CREDIT' ? 'Income' : 'Expense');
}

/** "from 1 Dec 2026", "from 1 Dec 2026 until 31 Mar 2027". */
function spanText(schedule) {
  const { startDate, endDate } = schedule.schedule ?? {};
  return `from ${formatDay(startDate)}${endDate ? ` until ${formatDay(endDate)}` : ''}`;
}

/**
 * li.recurring[data-id][data-next-date][data-frequency][data-interval]: what (.recurring-what,
 * .recurring-category), how much (.recurring-amount), how often (.recurring-every), from and until when
 * (.recurring-span), the next date (.recurring-next with time[datetime], or "Ended"), Edit and Delete.
 */
function renderSchedule(schedule) {
  const template = schedule.template ?? {};
  const { frequency, interval } = schedule.schedule ?? {};
  const what = whatOf(schedule);
  const edit = h('button', { type: 'button', class: 'quiet recurring-edit', 'aria-label': `Edit ${what}` }, 'Edit');
  const remove = h('button', { type: 'button', class: 'quiet danger recurring-delete', 'aria-label': `Delete ${what}` },
    'Delete');
  edit.addEventListener('click', () => editSchedule(schedule.id));
  remove.addEventListener('click', () => deleteSchedule(schedule, remove));
  const every = everyText(frequency, interval);
  const next = schedule.nextDate
    ? h('p', { class: 'recurring-next' }, 'Next: ',
      h('time', { class: 'recurring-next-date', datetime: schedule.nextDate }, formatDay(schedule.nextDate)))
    : h('p', { class: 'recurring-next recurring-ended' }, 'Ended: no more entries will be made.');
  return h('li', {
    class: 'recurring', dataset: { id: schedule.id, type: template.type, nextDate: schedule.nextDate ?? '', frequency,
      interval: String(interval ?? 1) },
  },
  h('div', { class: 'recurring-text' },
    h('span', { class: 'recurring-what' }, what),
    template.category && template.description && template.category.toLowerCase() !== template.description.toLowerCase()
      ? h('span', { class: 'recurring-category' }, template.category) : null),
  h('p', { class: 'recurring-money' },
    h('span', { class: 'visually-hidden' }, template.type === 'CREDIT' ? 'Income ' : 'Expense '),
    h('span', { class: 'entry-sign', 'aria-hidden': 'true' }, template.type === 'CREDIT' ? '+' : '−'),
    h('span', { class: 'recurring-amount', dataset: { amount: template.amount } }, formatMoney(template.amount, template.currency))),
  h('p', { class: 'recurring-when' },
    h('span', { class: 'recurring-every' }, every.charAt(0).toUpperCase() + every.slice(1)), ' ',
    h('span', { class: 'recurring-span' }, spanText(schedule))),
  next,
  h('div', { class: 'recurring-actions' }, edit, remove));
}

async function deleteSchedule(schedule, button) {
  const what = whatOf(schedule);
  if (!window.confirm(`Delete the recurring entry “${what}”? No more entries will be made; those already made stay.`)) return;
  button.disabled = true;
  try {
    await api('DELETE', `/recurring/${encodeURIComponent(schedule.id)}`);
  } catch (error) {
    button.disabled = false;
    if (error.code !== 'NOT_FOUND') {
      showError(error);
      return;
    }
  }
  state.schedules.delete(schedule.id);
  if (state.editing?.id === schedule.id) newForm();
  renderList();
  notify(`Deleted the recurring entry “${what}”; the entries it made stay.`);
  ($('#recurring-list .recurring-edit') ?? $('#recurring-list-title')).focus?.();
}

// ---------------------------------------------------------------------------------------------
// The form: new, or changing one schedule.

function newForm() {
  state.editing = null;
  state.newId = uuid();
  els.form.reset();
  clearFieldErrors(els.form, 'data-error-for');
  els.title.textContent = 'New recurring entry';
  els.note.hidden = true;
  els.save.textContent = 'Create';
  els.cancel.hidden = true;
  els.message.textContent = '';
  els.start.value = today();
  els.currency.value = homeCurrency();
  els.currency.placeholder = homeCurrency();
  state.currencyTouched = false;
  offerCurrencies();
  describeForm();
}

function fill(schedule) {
  const template = schedule.template ?? {};
  const when = schedule.schedule ?? {};
  els.type.value = template.type ?? 'DEBIT';
  els.amount.value = template.amount ?? '';
  els.currency.value = template.currency ?? '';
  els.category.value = template.category ?? '';
  els.description.value = template.description ?? '';
  els.tags.value = (template.tags ?? []).join(', ');
  els.interval.value = String(when.interval ?? 1);
  els.frequency.value = when.frequency ?? 'MONTHLY';
  els.start.value = when.startDate ?? '';
  els.end.value = when.endDate ?? '';
  describeForm();
}

/** Opens a schedule in the form: at once as listed, then as GET /recurring/{id} has it (with its version). */
async function editSchedule(id) {
  const listed = state.schedules.get(id);
  if (!listed) return;
  clearFieldErrors(els.form, 'data-error-for');
  clearErrorBanner();
  state.editing = { ...listed, etag: versionTag(listed) };
  fill(listed);
  els.title.textContent = `Edit “${whatOf(listed)}”`;
  els.note.hidden = false;
  els.save.textContent = 'Save changes';
  els.cancel.hidden = false;
  els.message.textContent = '';
  els.title.scrollIntoView?.({ block: 'start' });
  els.amount.focus();
  try {
    const { data, etag } = await api('GET', `/recurring/${encodeURIComponent(id)}`);
    if (state.editing?.id !== id) return;
    const unchanged = sameFields(bodyOf(listed), readBody());
    state.editing = { ...data, etag: etag ?? versionTag(data) };
    if (unchanged) fill(data); // not while the user has started changing it
  } catch (error) {
    if (state.editing?.id !== id) return;
    if (error.code === 'NOT_FOUND') {
      state.schedules.delete(id);
      renderList();
      newForm();
      showBanner('That recurring entry no longer exists: it was deleted elsewhere.');
    }
    // otherwise the form keeps what the list showed
  }
}

function versionTag(schedule) {
  return schedule?.version !== undefined && schedule?.version !== null ? `"${schedule.version}"` : null;
}

/** The request body of the form: the schedule and the template of its entries. */
function readBody() {
  const currency = els.currency.value.trim().toUpperCase() || homeCurrency();
  return {
    schedule: {
      frequency: els.frequency.value,
      interval: intervalValue(els.interval.value),
      startDate: els.start.value,
      ...(els.end.value ? { endDate: els.end.value } : {}),
    },
    template: {
      type: els.type.value,
      amount: normalizeAmount(els.amount.value),
      ...(currency ? { currency } : {}),
      category: els.category.value.trim(),
      description: els.description.value.trim(),
      tags: parseTags(els.tags.value),
    },
  };
}

/** The body the schedule itself makes, to tell whether the form was changed. */
function bodyOf(schedule) {
  const template = schedule.template ?? {};
  const when = schedule.schedule ?? {};
  return {
    schedule: { frequency: when.frequency, interval: when.interval, startDate: when.startDate,
      ...(when.endDate ? { endDate: when.endDate } : {}) },
    template: { type: template.type, amount: template.amount, ...(template.currency ? { currency: template.currency } : {}),
      category: template.category ?? '', description: template.description ?? '', tags: template.tags ?? [] },
  };
}

const sameFields = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** "Every 2 weeks from 1 Dec 2026, until …": what the form will do, and the unit in the number's form. */
function describeForm() {
  const count = intervalValue(els.interval.value);
  for (const option of els.frequency.options) option.textContent = unitText(option.value, count);
  const start = els.start.value;
  els.summary.textContent = start && typeof count === 'number' && count >= 1
    ? `${capitalized(everyText(els.frequency.value, count))} from ${formatDay(start)}`
      + `${els.end.value ? ` until ${formatDay(els.end.value)}` : ''}.`
    : '';
}

const capitalized = (text) => text.charAt(0).toUpperCase() + text.slice(1);

async function save() {
  if (state.busy) return;
  clearFieldErrors(els.form, 'data-error-for');
  clearErrorBanner();
  const body = readBody();
  const editing = state.editing;
  if (editing && sameFields(body, bodyOf(editing))) {
    els.message.textContent = 'Nothing changed.';
    return;
  }
  state.busy = true;
  els.save.disabled = true;
  els.form.setAttribute('aria-busy', 'true');
  els.message.textContent = 'Saving…';
  let data;
  try {
    ({ data } = editing
      ? await api('PUT', `/recurring/${encodeURIComponent(editing.id)}`, { body, ifMatch: editing.etag ?? undefined })
      : await api('POST', '/recurring', { body: { id: state.newId, ...body } }));
  } catch (error) {
    els.message.textContent = '';
    failed(error, editing);
    return;
  } finally {
    state.busy = false;
    els.save.disabled = false;
    els.form.setAttribute('aria-busy', 'false');
  }
  state.schedules.set(data.id, data);
  renderList();
  hooks.entriesChanged();
  const what = whatOf(data);
  const next = data.nextDate ? ` The next entry is on ${formatDay(data.nextDate)}.` : '';
  newForm();
  const text = editing
    ? `Saved “${what}”: the entries still to come follow it.${next}`
    : `Created “${what}”, ${everyText(data.schedule?.frequency, data.schedule?.interval)}.${next} Entries due up to today `
      + 'are made by the next scheduled run.';
  els.message.textContent = text;
  announce(text);
}

function failed(error, editing) {
  switch (error.code) {
    case 'VALIDATION_FAILED': {
      const unplaced = showFieldErrors(els.form, 'data-error-for', tagErrorsNamed(error.details));
      els.message.textContent = unplaced.length
        ? `Not saved: ${unplaced.map((detail) => `${detail.field} ${detail.message}`).join('; ')}.`
        : 'Not saved: please correct the fields marked above.';
      break;
    }
    case 'PRECONDITION_FAILED':
      // Changed elsewhere since it was opened: the latest version is shown to edit again.
      showBanner('This recurring entry was changed elsewhere since you opened it. It has been reloaded: '
        + 'check it and make your change again.');
      if (editing) editSchedule(editing.id);
      break;
    case 'NOT_FOUND':
      if (editing) {
        state.schedules.delete(editing.id);
        renderList();
        newForm();
      }
      showBanner('That recurring entry no longer exists: it was deleted elsewhere.');
      break;
    default:
      els.message.textContent = 'Not saved.';
      showError(error);
  }
}

/** "template.tags[1]" → the tags field, naming the tag. */
function tagErrorsNamed(details) {
  const tags = parseTags(els.tags.value);
  return (details ?? []).map((detail) => {
    const match = /^template\.tags\[(\d+)\]$/.exec(detail.field ?? '');
    if (!match) return detail;
    const index = Number(match[1]);
    return { ...detail, field: 'template.tags', message: `tag ${index + 1}${tags[index] ? ` “${tags[index]}”` : ''}: ${detail.message}` };
  });
}

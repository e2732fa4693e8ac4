// The trash (section#view-trash): GET /trash, newest deletion first, each li.trash-entry[data-id]
// with button.trash-restore → POST /entries/{id}/restore.

import { api } from '../api.js';
import { $, formatDateTime, h, notify, showBanner, showError } from '../ui.js';

let hooks;
let els;
const state = { generation: 0, cursor: null };

/** hooks: entriesChanged() */
export function initTrash(viewHooks) {
  hooks = viewHooks;
  els = { list: $('#trash-list'), status: $('#trash-status'), more: $('#trash-more') };
  els.more.addEventListener('click', async () => {
    els.more.disabled = true;
    const first = await loadPage(state.generation, state.cursor);
    els.more.disabled = false;
    first?.querySelector('.trash-restore')?.focus();
  });
}

export function showTrash() {
  reload();
}

export function resetTrash() {
  state.generation += 1;
  state.cursor = null;
  els.list.replaceChildren();
  els.status.textContent = '';
  els.more.hidden = true;
}

function reload() {
  const generation = ++state.generation;
  state.cursor = null;
  els.list.replaceChildren();
  els.more.hidden = true;
  els.status.textContent = 'Loading…';
  return loadPage(generation, null);
}

async function loadPage(generation, cursor) {
  els.list.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api('GET', '/trash', { query: { limit: 50, cursor } });
    if (generation !== state.generation) return null;
    const elements = (data?.items ?? []).map(renderItem);
    els.list.append(...elements);
    state.cursor = data?.nextCursor ?? null;
    els.more.hidden = !state.cursor;
    updateCount();
    return elements[0] ?? null;
  } catch (error) {
    if (generation !== state.generation) return null;
    els.status.textContent = 'Could not load the trash.';
    showError(error);
    return null;
  } finally {
    if (generation === state.generation) els.list.setAttribute('aria-busy', 'false');
  }
}

function updateCount() {
  const count = els.list.children.length;
  els.status.textContent = count === 0 ? 'The trash is empty.' : `${count} deleted ${count === 1 ? 'entry' : 'entries'}${state.cursor ? '; more below' : ''}.`;
}

function label(entry) {
  return entry.description || entry.category || (entry.type === 'CREDIT' ? 'income' : 'expense');
}

function renderItem(entry) {
  const restore = h('button', { type: 'button', class: 'trash-restore', 'aria-label': `Restore ${label(entry)}, ${entry.date}` }, 'Restore');
  const li = h('li', { class: 'trash-entry', dataset: { id: entry.id, type: entry.type } },
    h('div', { class: 'entry-row' },
      h('time', { class: 'trash-date', datetime: entry.date }, entry.date),
      h('div', { class: 'entry-text' },
        h('span', { class: 'trash-description' }, entry.description ?? ''),
        h('span', { class: 'trash-category' }, entry.category ?? ''),
        h('span', { class: 'trash-deleted muted' }, `Deleted ${formatDateTime(entry.deletedAt)}`)),
      h('p', { class: 'entry-money' },
        h('span', { class: 'visually-hidden' }, entry.type === 'CREDIT' ? 'Income ' : 'Expense '),
        h('span', { class: 'entry-sign', 'aria-hidden': 'true' }, entry.type === 'CREDIT' ? '+' : '−'),
        h('span', { class: 'trash-amount' }, entry.amount), ' ',
        h('span', { class: 'entry-currency' }, entry.currency ?? ''))),
    h('div', { class: 'entry-actions' }, restore));
  restore.addEventListener('click', () => restoreEntry(entry, li, restore));
  return li;
}

async function restoreEntry(entry, li, button) {
  button.disabled = true;
  try {
    await api('POST', `/entries/${entry.id}/restore`);
  } catch (error) {
    button.disabled = false;
    if (error.code === 'NOT_FOUND') {
      li.remove();
      updateCount();
      showBanner('That entry can no longer be restored (it was restored elsewhere or is past the retention period).');
      return;
    }
    showError(error);
    return;
  }
  const next = li.nextElementSibling ?? li.previousElementSibling;
  li.remove();
  (next?.querySelector('.trash-restore') ?? $('#trash-title')).focus();
  updateCount();
  notify(`Restored “${label(entry)}”.`);
  hooks.entriesChanged();
}

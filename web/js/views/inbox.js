// The inbox (section#view-inbox): receipts captured first that wait for their entry,
// GET /documents?unattached=true (newest first; "More" follows nextCursor). Each
// li.inbox-item[data-document-id][data-status] shows the preview (it opens the viewer), what was
// read (merchant, date, total), its state and the "same file" flag, with "Create entry" (the form
// prefilled from it) and "Delete". Receipts still being checked or read are followed until they
// are. The number waiting shows on the Inbox tab (#inbox-count).

import { api } from '../api.js';
import { captureOf, watchCapture } from '../capture.js';
import {
  duplicateNote, followDocument, formatDay, formatMoney, isSettled, readingOf, stamp, stateText, thumbnail,
} from '../receipts.js';
import { openViewer } from '../viewer.js';
import { $, announce, formatDateTime, h, notify, showError } from '../ui.js';

const PAGE_SIZE = 20;
const COUNT_LIMIT = 100;  // the badge says "99+" beyond
const FOLLOWED_AT_ONCE = 10;

let hooks;
let els;
const state = {
  generation: 0,
  cursor: null,
  documents: new Map(), // id → document as last read
  unwatch: new Map(),   // id → stop listening to this tab's upload of it
  countSequence: 0,
};

/** hooks: createEntry(doc) */
export function initInbox(viewHooks) {
  hooks = viewHooks;
  els = { view: $('#view-inbox'), list: $('#inbox-list'), status: $('#inbox-status'), more: $('#inbox-more'), badge: $('#inbox-count') };
  els.more.addEventListener('click', async () => {
    els.more.disabled = true;
    const first = await loadPage(state.generation, state.cursor);
    els.more.disabled = false;
    first?.querySelector('.inbox-create, .inbox-delete')?.focus();
  });
}

export function showInbox() {
  reload();
}

export function resetInbox() {
  state.generation += 1;
  state.countSequence += 1;
  stopWatching();
  state.cursor = null;
  state.documents.clear();
  els.list.replaceChildren();
  els.status.textContent = '';
  els.more.hidden = true;
  setBadge(0);
}

/** The receipt as the inbox last showed it (for the form to open at once), or null. */
export function inboxDocument(id) {
  return state.documents.get(id) ?? null;
}

function stopWatching() {
  for (const unwatch of state.unwatch.values()) unwatch();
  state.unwatch.clear();
}

function reload() {
  const generation = ++state.generation;
  stopWatching();
  state.cursor = null;
  state.documents.clear();
  els.list.replaceChildren();
  els.more.hidden = true;
  els.status.textContent = 'Loading…';
  return loadPage(generation, null);
}

async function loadPage(generation, cursor) {
  els.list.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api('GET', '/documents', { query: { unattached: 'true', limit: PAGE_SIZE, cursor } });
    if (generation !== state.generation) return null;
    const fetchedAt = Date.now();
    const items = (data?.items ?? []).filter((doc) => !state.documents.has(doc.id)).map((doc) => stamp(doc, fetchedAt));
    const elements = items.map((doc) => {
      state.documents.set(doc.id, doc);
      return renderItem(doc);
    });
    els.list.append(...elements);
    state.cursor = data?.nextCursor ?? null;
    els.more.hidden = !state.cursor;
    updateStatus();
    if (!state.cursor) setBadge(els.list.children.length);
    followUnsettled(generation);
    return elements[0] ?? null;
  } catch (error) {
    if (generation !== state.generation) return null;
    els.status.textContent = 'Could not load the inbox.';
    showError(error);
    return null;
  } finally {
    if (generation === state.generation) els.list.setAttribute('aria-busy', 'false');
  }
}

function updateStatus() {
  const count = els.list.children.length;
  els.status.textContent = count === 0
    ? 'Nothing waiting. Scan a receipt with “Scan receipt”: it waits here until you create its entry.'
    : `${count} ${count === 1 ? 'receipt' : 'receipts'} waiting for an entry${state.cursor ? '; more below' : ''}.`;
}

function findItem(id) {
  return els.list.querySelector(`li.inbox-item[data-document-id="${CSS.escape(id)}"]`);
}

/** One receipt: preview, what was read, state, and its actions. */
function renderItem(doc) {
  const reading = readingOf(doc);
  const available = doc.status === 'AVAILABLE' && doc.viewUrl;
  const picture = thumbnail(doc, { size: 72 });
  const preview = available
    ? h('button', { type: 'button', class: 'inbox-preview', 'aria-label': `View receipt ${doc.fileName}` }, picture)
    : h('span', { class: 'inbox-preview' }, picture);
  const title = reading?.merchant || doc.fileName;
  const create = h('button', { type: 'button', class: 'inbox-create primary', 'aria-label': `Create entry from ${title}` },
    'Create entry');
  const remove = h('button', { type: 'button', class: 'inbox-delete quiet danger', 'aria-label': `Delete receipt ${title}` }, 'Delete');
  const li = h('li', { class: 'inbox-item', dataset: { documentId: doc.id, status: doc.status } },
    preview,
    h('div', { class: 'inbox-body' },
      h('p', { class: 'inbox-merchant' }, title),
      reading && (reading.date || reading.total) ? h('p', { class: 'inbox-read' },
        reading.date ? h('time', { class: 'inbox-date', datetime: reading.date }, formatDay(reading.date)) : null,
        reading.date && reading.total ? ' · ' : null,
        reading.total ? h('span', { class: 'inbox-total', dataset: { amount: reading.total } },
          formatMoney(reading.total, reading.currency)) : null) : null,
      h('p', { class: 'inbox-state muted' },
        h('span', { class: 'inbox-status' }, stateText(doc)), ` · scanned ${formatDateTime(doc.createdAt)}`),
      duplicateNote(doc, 'p'),
      h('div', { class: 'inbox-progress' })),
    h('div', { class: 'inbox-actions' }, doc.status === 'REJECTED' ? null : create, remove));
  if (available) preview.addEventListener('click', () => view(doc.id, preview));
  create.addEventListener('click', () => hooks.createEntry(state.documents.get(doc.id) ?? doc));
  remove.addEventListener('click', () => deleteItem(doc.id, li, remove));
  showLocalUpload(doc.id, li);
  return li;
}

/** A receipt this tab is still uploading shows its progress (and Retry) in its item. */
function showLocalUpload(id, li) {
  const local = captureOf(id);
  if (!local || local.upload.status === 'done') return;
  li.querySelector('.inbox-progress').replaceChildren(local.upload.element);
  if (!state.unwatch.has(id)) {
    const generation = state.generation;
    state.unwatch.set(id, watchCapture(id, (event) => {
      if (generation !== state.generation) return;
      if (event === 'uploaded') follow(id, generation);
      if (event === 'removed') removeItem(id);
    }));
  }
}

async function view(id, button) {
  const doc = state.documents.get(id);
  if (!doc) return;
  const fresh = await openViewer(doc, button);
  if (fresh && fresh !== doc) state.documents.set(id, fresh);
}

function replaceItem(doc) {
  const li = findItem(doc.id);
  if (!li) return;
  state.documents.set(doc.id, doc);
  const focused = li.contains(document.activeElement) ? document.activeElement.className.split(' ')[0] : null;
  const next = renderItem(doc);
  li.replaceWith(next);
  if (focused) next.querySelector(`.${focused}`)?.focus();
}

function followUnsettled(generation) {
  let followed = 0;
  for (const doc of state.documents.values()) {
    if (isSettled(doc) || followed >= FOLLOWED_AT_ONCE) continue;
    const local = captureOf(doc.id);
    if (local && local.upload.status !== 'done') continue; // followed once its upload is through
    followed += 1;
    follow(doc.id, generation);
  }
}

async function follow(id, generation) {
  const isCurrent = () => generation === state.generation && !els.view.hidden && state.documents.has(id);
  try {
    const { outcome } = await followDocument(id, {
      doc: state.documents.get(id),
      isCurrent,
      onUpdate: (doc) => {
        const before = state.documents.get(id);
        if (before && before.status === doc.status && !!before.extracted === !!doc.extracted
            && !!before.previewUrl === !!doc.previewUrl) {
          state.documents.set(id, doc);
          return;
        }
        replaceItem(doc);
      },
    });
    if (outcome === 'gone' && isCurrent()) removeItem(id);
  } catch {
    // the item keeps its last state; reopening the inbox looks again
  }
}

function removeItem(id) {
  const li = findItem(id);
  state.documents.delete(id);
  state.unwatch.get(id)?.();
  state.unwatch.delete(id);
  if (!li) return;
  const next = li.nextElementSibling ?? li.previousElementSibling;
  const hadFocus = li.contains(document.activeElement);
  li.remove();
  updateStatus();
  refreshInboxCount();
  if (hadFocus) (next?.querySelector('.inbox-create, .inbox-delete') ?? $('#inbox-title')).focus();
}

async function deleteItem(id, li, button) {
  const doc = state.documents.get(id);
  // Receipts have no trash: deleting one is for good, so ask first.
  if (!window.confirm(`Delete the receipt “${doc?.fileName ?? 'receipt'}” for good?`)) return;
  button.disabled = true;
  try {
    await api('DELETE', `/documents/${id}`);
  } catch (error) {
    button.disabled = false;
    if (error.code !== 'NOT_FOUND') {
      showError(error);
      return;
    }
  }
  removeItem(id);
  notify('Receipt deleted.');
  announce('Receipt deleted.');
}

// ---------------------------------------------------------------------------------------------
// The badge on the Inbox tab.

/** Counts the receipts waiting (up to COUNT_LIMIT) and shows the number on the Inbox tab. */
export async function refreshInboxCount() {
  const mine = ++state.countSequence;
  try {
    const { data } = await api('GET', '/documents', { query: { unattached: 'true', limit: COUNT_LIMIT } });
    if (mine !== state.countSequence) return;
    setBadge((data?.items ?? []).length, !!data?.nextCursor);
  } catch {
    // the badge is a convenience; the inbox itself says what went wrong
  }
}

function setBadge(count, more = false) {
  const shown = more || count >= COUNT_LIMIT ? `${COUNT_LIMIT - 1}+` : String(count);
  els.badge.replaceChildren(shown, h('span', { class: 'visually-hidden' }, ` ${count === 1 && !more ? 'receipt' : 'receipts'} waiting`));
  els.badge.hidden = count === 0 && !more;
}

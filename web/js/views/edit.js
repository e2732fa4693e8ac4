// Add and edit an entry (section#view-edit, form#entry-form).
// Add: the entry id is generated once per opening of the form and sent with POST /entries, so
// pressing Save again after a network error can never create a second entry. Edit: PUT with
// If-Match (412: changed elsewhere → reloaded). Then each chosen receipt is uploaded (uploads.js);
// when the entry is saved and every receipt uploaded, the app returns to the entries list.
// Edit: the entry's receipts show as previews, and the viewer opens them.

import { api } from '../api.js';
import { duplicateNote, readingOf, readingSummary, stamp, stateText, thumbnail } from '../receipts.js';
import { attachSuggestions } from '../suggest.js';
import { Upload } from '../uploads.js';
import { openViewer } from '../viewer.js';
import {
  $, clearErrorBanner, clearFieldErrors, describeError, formatBytes, h, normalizeAmount, notify, safeUrl, showBanner,
  showError, showFieldErrors, today, uuid,
} from '../ui.js';

const UPLOAD_CONCURRENCY = 3;

let form;
let fields;
let hooks;
let suggestions = [];
let state = freshState();

function freshState() {
  return {
    token: 0,          // bumped on every opening: answers for an earlier opening are ignored
    mode: 'add',
    entryId: null,
    created: false,    // the entry exists on the server
    etag: null,
    saved: null,       // the fields as last saved or loaded (an unchanged form needs no PUT)
    uploads: [],
    busy: false,
    documents: [],     // edit: the entry's receipts as last read
  };
}

/** hooks: goToEntries(), entriesChanged() */
export function initEdit(viewHooks) {
  hooks = viewHooks;
  form = $('#entry-form');
  fields = {
    date: $('#entry-date'), type: $('#entry-type'), amount: $('#entry-amount'), currency: $('#entry-currency'),
    category: $('#entry-category'), description: $('#entry-description'),
  };
  suggestions = [
    attachSuggestions(fields.category, $('#entry-category-options'), 'category'),
    attachSuggestions(fields.description, $('#entry-description-options'), 'description'),
  ];
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  $('#entry-cancel').addEventListener('click', () => hooks.goToEntries());
  for (const input of [$('#entry-files'), $('#entry-camera')]) {
    input.addEventListener('change', () => {
      addFiles(input.files);
      input.value = ''; // the same file can be chosen again later
    });
  }
  // A field error goes away once the field is edited.
  for (const [name, input] of Object.entries(fields)) {
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true') {
        input.removeAttribute('aria-invalid');
        $(`[data-error-for="${name}"]`, form).textContent = '';
      }
    });
  }
}

function message(text) {
  $('#edit-message').textContent = text;
}

function setBusy(busy) {
  state.busy = busy;
  form.setAttribute('aria-busy', String(busy));
  $('#entry-save').textContent = busy ? 'Saving…' : 'Save';
}

function readFields() {
  const currency = fields.currency.value.trim().toUpperCase();
  return {
    date: fields.date.value,
    type: fields.type.value,
    amount: normalizeAmount(fields.amount.value),
    ...(currency ? { currency } : {}),
    category: fields.category.value.trim(),
    description: fields.description.value.trim(),
  };
}

function fieldsOf(entry) {
  return {
    date: entry.date, type: entry.type, amount: entry.amount, currency: entry.currency,
    category: entry.category ?? '', description: entry.description ?? '',
  };
}

function fill(entry) {
  const values = fieldsOf(entry);
  for (const [name, input] of Object.entries(fields)) input.value = values[name] ?? '';
}

const same = (a, b) => !!a && !!b && Object.keys(fields).every((name) => (a[name] ?? '') === (b[name] ?? ''));

function clearForm() {
  for (const upload of state.uploads) upload.dispose();
  state = { ...freshState(), token: state.token + 1 };
  form.reset();
  clearFieldErrors(form, 'data-error-for');
  message('');
  setBusy(false);
  $('#uploads').replaceChildren();
  const documents = $('#entry-documents');
  documents.replaceChildren();
  documents.hidden = true;
  for (const suggestion of suggestions) suggestion.reset();
}

/** A new, empty form: today's date, an expense, a new client-side entry id. */
export function showAdd({ defaultCurrency = '' } = {}) {
  clearForm();
  state.mode = 'add';
  state.entryId = uuid();
  fields.date.value = today();
  fields.type.value = 'DEBIT';
  fields.currency.placeholder = defaultCurrency;
  $('#edit-title').textContent = 'Add entry';
}

/**
 * The form for an existing entry. With the entry as the list showed it, the form is filled at
 * once (its version is the ETag); GET /entries/{id} then brings the receipts and the latest version.
 */
export async function showEdit(id, listed = null) {
  clearForm();
  const token = state.token;
  state.mode = 'edit';
  state.entryId = id;
  state.created = true;
  $('#edit-title').textContent = 'Edit entry';
  if (listed) {
    fill(listed);
    state.saved = fieldsOf(listed);
    state.etag = `"${listed.version}"`;
  } else {
    message('Loading…');
  }
  form.setAttribute('aria-busy', 'true');
  try {
    const { data, etag } = await api('GET', `/entries/${id}`);
    if (token !== state.token) return;
    // Refill only if the user has not started changing the fields meanwhile.
    if (!listed || same(readFields(), state.saved)) {
      if (!same(fieldsOf(data), state.saved)) fill(data); // changed since the list was read
      state.saved = fieldsOf(data);
      state.etag = etag ?? `"${data.version}"`;
    }
    renderDocuments(data.documents ?? []);
    message('');
  } catch (error) {
    if (token !== state.token) return;
    message('');
    showError(error, { notFound: 'This entry no longer exists: it may have been deleted.' });
  } finally {
    if (token === state.token) form.setAttribute('aria-busy', String(state.busy));
  }
}

/** After a 412: the latest version replaces the form's fields; chosen receipts stay. */
async function reload(token) {
  const { data, etag } = await api('GET', `/entries/${state.entryId}`);
  if (token !== state.token) return;
  fill(data);
  state.saved = fieldsOf(data);
  state.etag = etag ?? `"${data.version}"`;
  renderDocuments(data.documents ?? []);
}

function renderDocuments(documents) {
  const fetchedAt = Date.now();
  state.documents = documents.map((doc) => stamp(doc, fetchedAt));
  const list = $('#entry-documents');
  list.replaceChildren(...state.documents.map(renderDocument));
  list.hidden = documents.length === 0;
}

/**
 * li.doc[data-doc-id][data-status]: the preview (a button that opens the viewer), the name with a
 * link to download it, its size and state, what was read, the "same file" flag and Remove.
 */
function renderDocument(doc) {
  const available = doc.status === 'AVAILABLE' && doc.downloadUrl;
  const picture = thumbnail(doc, { size: 64 });
  const preview = available
    ? h('button', { type: 'button', class: 'doc-open', 'aria-label': `View receipt ${doc.fileName}` }, picture)
    : picture;
  const name = available
    ? h('a', { href: safeUrl(doc.downloadUrl), class: 'doc-name', title: `Download ${doc.fileName}` }, doc.fileName)
    : h('span', { class: 'doc-name' }, doc.fileName);
  const status = { PENDING: 'processing', AVAILABLE: 'available', REJECTED: `rejected${doc.reason ? `: ${doc.reason}` : ''}` }[doc.status] ?? doc.status;
  const reading = readingOf(doc);
  const remove = h('button', { type: 'button', class: 'doc-remove quiet', 'aria-label': `Remove receipt ${doc.fileName}` }, 'Remove');
  const item = h('li', { class: 'doc', dataset: { docId: doc.id, status: doc.status } },
    preview,
    h('div', { class: 'doc-body' },
      name,
      h('span', { class: 'muted doc-meta' }, `${formatBytes(doc.sizeBytes)} · ${status}`),
      reading ? h('span', { class: 'doc-read' }, `Read: ${readingSummary(reading)}`)
        : doc.status === 'AVAILABLE' && doc.extracted ? h('span', { class: 'doc-read muted' }, stateText(doc)) : null,
      duplicateNote(doc)),
    remove);
  if (available) preview.addEventListener('click', () => viewDocument(doc, item, preview));
  remove.addEventListener('click', () => removeDocument(doc, item, remove));
  return item;
}

async function viewDocument(doc, item, button) {
  const fresh = await openViewer(doc, button);
  if (!fresh || fresh === doc) return;
  state.documents = state.documents.map((other) => (other.id === fresh.id ? fresh : other));
  const link = item.querySelector('a.doc-name');
  if (link) link.href = safeUrl(fresh.downloadUrl);
}

async function removeDocument(doc, item, button) {
  // Documents have no trash: removing one is for good, so ask first.
  if (!window.confirm(`Remove the receipt “${doc.fileName}” for good?`)) return;
  button.disabled = true;
  try {
    await api('DELETE', `/documents/${doc.id}`);
    item.remove();
    state.documents = state.documents.filter((other) => other.id !== doc.id);
    $('#entry-documents').hidden = !$('#entry-documents').children.length;
    message(`Removed ${doc.fileName}.`);
    hooks.entriesChanged();
  } catch (error) {
    button.disabled = false;
    if (error.code === 'NOT_FOUND') {
      item.remove();
      return;
    }
    showError(error);
  }
}

function addFiles(fileList) {
  const list = $('#uploads');
  for (const file of Array.from(fileList ?? [])) {
    const upload = new Upload(file, { onRemove: removeUpload, onRetry: retryUpload });
    state.uploads.push(upload);
    list.append(upload.element);
  }
  if (state.created && state.uploads.length) message('Press Save to upload the receipts.');
}

function removeUpload(upload) {
  state.uploads = state.uploads.filter((other) => other !== upload);
  upload.element.remove();
  upload.dispose();
  if (upload.status === 'failed' && state.created) {
    // It may have been announced: drop the PENDING document rather than let it wait 24 hours.
    api('DELETE', `/documents/${upload.documentId}`).catch(() => {});
  }
}

async function retryUpload(upload) {
  if (!state.created || state.busy) return;
  const token = state.token;
  setBusy(true);
  try {
    await upload.run(state.entryId);
    hooks.entriesChanged();
  } finally {
    setBusy(false);
  }
  if (token === state.token) afterUploads(token);
}

async function runUploads() {
  const pending = state.uploads.filter((upload) => upload.status !== 'done');
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      await pending[next++].run(state.entryId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, pending.length) }, worker));
  if (pending.length) hooks.entriesChanged();
}

function afterUploads(token) {
  if (token !== state.token) return;
  const failed = state.uploads.filter((upload) => upload.status !== 'done').length;
  if (failed === 0) {
    finish();
  } else {
    message(failed === 1
      ? 'The entry is saved, but 1 receipt was not uploaded: retry it, or remove it and press Save.'
      : `The entry is saved, but ${failed} receipts were not uploaded: retry them, or remove them and press Save.`);
  }
}

function finish() {
  const description = fields.description.value.trim();
  notify(description ? `Saved “${description}”.` : 'Saved.');
  hooks.entriesChanged();
  hooks.goToEntries();
}

async function save() {
  if (state.busy) return;
  const token = state.token;
  clearErrorBanner();
  clearFieldErrors(form, 'data-error-for');
  message('Saving…');
  setBusy(true);
  let saved = false;
  try {
    saved = await saveFields(readFields(), token);
    if (saved && token === state.token) {
      if (state.uploads.some((upload) => upload.status !== 'done')) message('Uploading receipts…');
      await runUploads();
    }
  } finally {
    if (token === state.token) setBusy(false);
  }
  if (saved) afterUploads(token);
}

/** Creates or updates the entry; resolves true when the server has the form's fields. */
async function saveFields(values, token) {
  if (state.created && same(values, state.saved)) return true;
  try {
    if (!state.created) {
      const { data, etag } = await api('POST', '/entries', { body: { id: state.entryId, ...values } });
      if (token !== state.token) return false;
      state.created = true;
      state.etag = etag ?? `"${data.version}"`;
    } else {
      const { data, etag } = await api('PUT', `/entries/${state.entryId}`, { body: values, ifMatch: state.etag });
      if (token !== state.token) return false;
      state.etag = etag ?? `"${data.version}"`;
    }
    state.saved = values;
    hooks.entriesChanged();
    return true;
  } catch (error) {
    if (token !== state.token) return false;
    return recover(error, values, token);
  }
}

async function recover(error, values, token) {
  message('');
  if (error.kind === 'network') {
    showBanner(state.created
      ? 'Could not reach the server, so the change is not saved yet. Press Save again when you are back online.'
      : 'Could not reach the server, so the entry may not be saved yet. Press Save again when you are back online: '
        + 'it will not be saved twice.');
    return false;
  }
  switch (error.code) {
    case 'VALIDATION_FAILED': {
      const unplaced = showFieldErrors(form, 'data-error-for', error.details);
      message('Please correct the fields marked below.');
      if (unplaced.length) showBanner(unplaced.map((d) => `${d.field} ${d.message}`).join('; '));
      return false;
    }
    case 'CONFLICT':
      if (!state.created) {
        // An earlier attempt (whose answer was lost) created this entry, with other values:
        // take it from there and save the form's values over it.
        try {
          const { data, etag } = await api('GET', `/entries/${state.entryId}`);
          if (token !== state.token) return false;
          state.created = true;
          state.saved = fieldsOf(data);
          state.etag = etag ?? `"${data.version}"`;
          return saveFields(values, token);
        } catch (again) {
          showError(again);
          return false;
        }
      }
      showError(error);
      return false;
    case 'PRECONDITION_FAILED':
      showBanner('This entry was changed elsewhere (in another tab or on another device) since you opened it. '
        + 'It has been reloaded with the latest version: check it and make your change again.');
      try {
        await reload(token);
      } catch (again) {
        showError(again, { notFound: 'This entry no longer exists: it may have been deleted.' });
      }
      return false;
    case 'NOT_FOUND':
      showBanner('This entry no longer exists: it may have been deleted (look in the trash).');
      return false;
    default:
      showBanner(describeError(error));
      return false;
  }
}

/** On sign-out: nothing of the previous user stays in the form. */
export function resetEdit() {
  clearForm();
}

// Add and edit an entry (section#view-edit, form#entry-form).
// Add: the entry id is generated once per opening of the form and sent with POST /entries, so
// pressing Save again after a network error can never create a second entry. Edit: PUT with
// If-Match (412: changed elsewhere → reloaded). Then each chosen receipt is uploaded (uploads.js);
// when the entry is saved and every receipt uploaded, the app returns to the entries list.
// From a receipt (#/scan/<document id>): the receipt captured first (capture.js) shows beside the
// form (aside#scan-receipt) while it uploads, is checked and read; what was read fills the fields
// the user has not touched, each marked "read from the receipt" (.prefilled[data-field]), and Save
// creates the entry with documentIds: [that receipt]. Leaving without saving leaves it in the inbox.
// Edit: the entry's receipts show as previews (the viewer opens them), and when a receipt that was
// read says another amount or date than the entry, #receipt-mismatch offers to use its values.
// New entries are in the home currency (GET /settings); an entry in another currency may say what
// it cost in the home one (#entry-home-amount, sent as homeAmount), which the home totals count;
// while that field is empty, p#home-amount-suggestion offers what the amount comes to at the day's
// exchange rate (GET /rates, rates.js), to be taken with "Use it": never filled in by itself.

import { api } from '../api.js';
import { captureOf, watchCapture } from '../capture.js';
import {
  duplicateNote, followDocument, formatDay, formatMoney, isFresh, LOW_CONFIDENCE, readingOf, readingSummary, stamp, stateText,
  thumbnail,
} from '../receipts.js';
import { createRateSuggester, suggestionText } from '../rates.js';
import { COMMON_CURRENCIES, homeCurrency, onSettingsChange } from '../settings.js';
import { attachSuggestions } from '../suggest.js';
import { attachTagInput } from '../tags.js';
import { Upload } from '../uploads.js';
import { openViewer } from '../viewer.js';
import {
  $, $$, announce, appLocale, clearErrorBanner, clearFieldErrors, describeError, formatBytes, h, normalizeAmount, notify, safeUrl,
  showBanner, showError, showFieldErrors, today, uuid,
} from '../ui.js';

const UPLOAD_CONCURRENCY = 3;

let form;
let fields;
let hooks;
let suggestions = [];
let tagInput = null;
let rateSuggester = null;
let suggestedHomeAmount = null; // the converted amount p#home-amount-suggestion offers, or null
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
    capture: null,     // from a receipt: {id, doc, attach, unwatch}
    touched: new Set(), // fields the user changed since the form opened (a reading never overwrites them)
    defaultCurrency: '', // add: the currency the form started with (the home one)
    documents: [],     // edit: the entry's receipts as last read
  };
}

// Which confidence of a reading stands for which field.
const READ_FIELDS = { date: 'date', amount: 'total', currency: 'currency', description: 'merchant' };

/** hooks: goToEntries(), entriesChanged(), inboxChanged() */
export function initEdit(viewHooks) {
  hooks = viewHooks;
  form = $('#entry-form');
  fields = {
    date: $('#entry-date'), type: $('#entry-type'), amount: $('#entry-amount'), currency: $('#entry-currency'),
    category: $('#entry-category'), description: $('#entry-description'), homeAmount: $('#entry-home-amount'),
  };
  suggestions = [
    attachSuggestions(fields.category, $('#entry-category-options'), 'category'),
    attachSuggestions(fields.description, $('#entry-description-options'), 'description'),
  ];
  tagInput = attachTagInput($('#entry-tags'), $('#entry-tag-list'), $('#entry-tag-options'), {
    onChange: () => clearTagError(),
  });
  $('#entry-tags').addEventListener('input', clearTagError);
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
  // A field error goes away once the field is edited; so does the mark of a value read from a receipt.
  for (const [name, input] of Object.entries(fields)) {
    input.addEventListener('input', () => {
      state.touched.add(name);
      unmarkPrefilled(name);
      if (input.getAttribute('aria-invalid') === 'true') {
        input.removeAttribute('aria-invalid');
        $(`[data-error-for="${name}"]`, form).textContent = '';
      }
    });
    input.addEventListener('change', checkAgainstReceipts);
  }
  $('#use-receipt-values').addEventListener('click', useReceiptValues);
  fields.currency.addEventListener('input', showHomeAmount);
  initRateSuggestion();
  onSettingsChange(settingsChanged);
}

// ---------------------------------------------------------------------------------------------
// The home amount suggested from the day's exchange rate.

function initRateSuggestion() {
  rateSuggester = createRateSuggester({
    lookup: async (query, signal) => (await api('GET', '/rates', { query, signal })).data,
    onShow: showRateSuggestion,
    onHide: hideRateSuggestion,
  });
  for (const input of [fields.amount, fields.date, fields.homeAmount]) {
    input.addEventListener('input', followRate);
    input.addEventListener('change', followRate);
  }
  $('#use-home-amount-suggestion').addEventListener('click', () => {
    if (suggestedHomeAmount === null) return;
    fields.homeAmount.value = suggestedHomeAmount;
    state.touched.add('homeAmount');
    fields.homeAmount.removeAttribute('aria-invalid');
    $('[data-error-for="homeAmount"]', form).textContent = '';
    followRate(); // the field has a value now: the suggestion goes
    fields.homeAmount.focus();
    announce('Home amount filled in from the exchange rate. Press Save to keep it.');
  });
}

/** Asks for a suggestion whenever what it depends on changes (rates.js decides whether there is one). */
function followRate() {
  rateSuggester?.update({
    currency: formCurrency(), home: homeCurrency(), amount: normalizeAmount(fields.amount.value), date: fields.date.value,
    homeAmount: needsHomeAmount(formCurrency()) ? fields.homeAmount.value : 'not asked',
  });
}

function showRateSuggestion(answer) {
  suggestedHomeAmount = answer.converted;
  const box = $('#home-amount-suggestion');
  $('#home-amount-suggestion-text').textContent = suggestionText(answer, { formatMoney, formatDay, locale: appLocale() });
  Object.assign(box.dataset, { converted: answer.converted, rate: answer.rate, rateDate: answer.rateDate ?? '' });
  box.hidden = false;
}

function hideRateSuggestion() {
  suggestedHomeAmount = null;
  const box = $('#home-amount-suggestion');
  box.hidden = true;
  $('#home-amount-suggestion-text').textContent = '';
  for (const name of ['converted', 'rate', 'rateDate']) delete box.dataset[name];
}

function clearTagError() {
  const input = $('#entry-tags');
  if (input.getAttribute('aria-invalid') === 'true') {
    input.removeAttribute('aria-invalid');
    $('[data-error-for="tags"]', form).textContent = '';
  }
}

/** An entry in this currency can say what it cost in the home currency. */
function needsHomeAmount(currency) {
  const home = homeCurrency();
  return !!home && /^[A-Z]{3}$/.test(currency) && currency !== home;
}

function formCurrency() {
  return fields.currency.value.trim().toUpperCase() || homeCurrency();
}

/** #entry-home-amount ("Cost in INR") shows when the entry's currency is not the home one. */
function showHomeAmount() {
  const shown = needsHomeAmount(formCurrency());
  $('#entry-home-amount-field').hidden = !shown;
  $('#entry-home-amount-label').textContent = `Cost in ${homeCurrency() || 'your home currency'}`;
  if (!shown && fields.homeAmount.getAttribute('aria-invalid') === 'true') {
    fields.homeAmount.removeAttribute('aria-invalid');
    $('[data-error-for="homeAmount"]', form).textContent = '';
  }
  followRate();
}

/** The settings were read or saved: a new form not yet changed takes the home currency. */
function settingsChanged() {
  const home = homeCurrency();
  if (state.mode !== 'edit' && !state.created && !state.touched.has('currency')
      && fields.currency.value.trim().toUpperCase() === state.defaultCurrency) {
    fields.currency.value = home;
    state.defaultCurrency = home;
  }
  fields.currency.placeholder = home;
  offerCurrencies();
  showHomeAmount();
}

/** The datalist of #entry-currency: the home currency first, then the common ones. */
function offerCurrencies() {
  const home = homeCurrency();
  const codes = [...new Set([home, fields.currency.value.trim().toUpperCase(), ...COMMON_CURRENCIES].filter(Boolean))];
  $('#entry-currency-options').replaceChildren(...codes.map((code) => h('option', { value: code })));
}

function message(text) {
  $('#edit-message').textContent = text;
}

function setBusy(busy) {
  state.busy = busy;
  form.setAttribute('aria-busy', String(busy));
  $('#entry-save').textContent = busy ? 'Saving…' : 'Save';
}

/** The fields to send: blank currency = the home one; homeAmount only for another currency, when given. */
function readFields() {
  const currency = formCurrency();
  const homeAmount = needsHomeAmount(currency) ? normalizeAmount(fields.homeAmount.value) : '';
  return {
    date: fields.date.value,
    type: fields.type.value,
    amount: normalizeAmount(fields.amount.value),
    ...(currency ? { currency } : {}),
    category: fields.category.value.trim(),
    description: fields.description.value.trim(),
    ...(homeAmount ? { homeAmount } : {}),
    tags: tagInput.values(),
  };
}

function fieldsOf(entry) {
  return {
    date: entry.date, type: entry.type, amount: entry.amount, currency: entry.currency,
    category: entry.category ?? '', description: entry.description ?? '', homeAmount: entry.homeAmount ?? '',
    tags: entry.tags ?? [],
  };
}

function fill(entry) {
  const values = fieldsOf(entry);
  for (const [name, input] of Object.entries(fields)) input.value = values[name] ?? '';
  tagInput.set(values.tags);
  offerCurrencies();
  showHomeAmount();
}

const same = (a, b) => !!a && !!b && Object.keys(fields).every((name) => (a[name] ?? '') === (b[name] ?? ''))
  && (a.tags ?? []).join(',') === (b.tags ?? []).join(',');

function clearForm() {
  for (const upload of state.uploads) upload.dispose();
  state.capture?.unwatch?.();
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
  tagInput.reset();
  for (const name of Object.keys(fields)) unmarkPrefilled(name);
  $('#receipt-mismatch').hidden = true;
  $('#category-chips').replaceChildren();
  $('#category-chips').hidden = true;
  const panel = $('#scan-receipt');
  panel.hidden = true;
  $('#scan-preview').replaceChildren();
  $('#scan-progress').replaceChildren();
  $('#scan-details').replaceChildren();
  $('#scan-status').textContent = '';
  $('#view-edit').classList.remove('with-receipt');
  $('#entry-home-amount-field').hidden = true;
  rateSuggester?.reset();
}

/** A new, empty form: today's date, an expense, a new client-side entry id. */
export function showAdd({ defaultCurrency = '' } = {}) {
  clearForm();
  state.mode = 'add';
  state.entryId = uuid();
  fields.date.value = today();
  fields.type.value = 'DEBIT';
  fields.currency.value = defaultCurrency;
  fields.currency.placeholder = defaultCurrency;
  state.defaultCurrency = defaultCurrency;
  offerCurrencies();
  showHomeAmount();
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
    checkAgainstReceipts();
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
  checkAgainstReceipts();
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
    checkAgainstReceipts();
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
  if (state.capture) {
    // A receipt that was not accepted is of no use to anyone: it does not stay in the inbox.
    if (!state.capture.attach && state.capture.doc?.status === 'REJECTED') {
      api('DELETE', `/documents/${state.capture.id}`).catch(() => {}).finally(() => hooks.inboxChanged());
    }
    hooks.inboxChanged();
  }
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
    if (!(await captureReady(token))) return;
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
      const documentIds = state.capture?.attach ? [state.capture.id] : undefined;
      const { data, etag } = await api('POST', '/entries', { body: { id: state.entryId, ...values, documentIds } });
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
      if (state.capture?.attach && (error.details ?? []).some((detail) => detail.field === 'documentIds')) {
        // Deleted meanwhile, or another entry (another tab) took it: the entry can still be saved, without it.
        state.capture.attach = false;
        scanStatus('This receipt is no longer waiting in the inbox (it was deleted, or another entry took it).');
        const others = error.details.filter((detail) => detail.field !== 'documentIds');
        if (!others.length) {
          message('The receipt is no longer in the inbox: press Save to save the entry without it.');
          return false;
        }
        error = { ...error, details: others };
      }
      const unplaced = showFieldErrors(form, 'data-error-for', tagErrorsNamed(error.details));
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

/** "tags[2]" → the tags field, saying which tag: "Tag 3 (…): must be at most 32 characters". */
function tagErrorsNamed(details) {
  const tags = tagInput.values();
  return (details ?? []).map((detail) => {
    const match = /^tags\[(\d+)\]$/.exec(detail.field ?? '');
    if (!match) return detail;
    const index = Number(match[1]);
    const tag = tags[index];
    return { ...detail, field: 'tags', message: `tag ${index + 1}${tag ? ` “${tag}”` : ''}: ${detail.message}` };
  });
}

/** Another view is shown: a receipt scanned but not saved into an entry is said to wait in the inbox. */
export function leaveEdit() {
  if (state.mode === 'capture' && !state.created && state.capture?.attach && !state.capture.left) {
    state.capture.left = true;
    notify('The receipt waits in the inbox: create its entry from there.');
  }
}

/** On sign-out: nothing of the previous user stays in the form. */
export function resetEdit() {
  clearForm();
}

// ---------------------------------------------------------------------------------------------
// From a receipt: #/scan/<document id>.

/**
 * A new entry from a receipt captured first: the add form, with the receipt beside it. `known` is
 * the document as a list showed it (e.g. the inbox), so what was read fills the form at once; a
 * receipt still uploading, being checked or read is followed until it is, then fills the form.
 */
export function showCapture(id, { defaultCurrency = '', known = null } = {}) {
  showAdd({ defaultCurrency });
  const token = state.token;
  state.mode = 'capture';
  // A document the list read a while ago has expired URLs: it is fetched afresh.
  state.capture = { id, doc: isFresh(known) ? stamp({ ...known }, known.fetchedAt) : null, attach: true, unwatch: null };
  $('#edit-title').textContent = 'New entry from a receipt';
  $('#scan-receipt').hidden = false;
  $('#view-edit').classList.add('with-receipt');
  loadCategoryChips(token);

  const local = captureOf(id);
  if (local) {
    state.capture.unwatch = watchCapture(id, (event) => onCaptureEvent(event, token));
    if (local.upload.status !== 'done') {
      renderScanPanel();
      showUploadProgress(local.upload);
      return;
    }
  }
  renderScanPanel();
  followReading(token);
}

function onCaptureEvent(event, token) {
  if (token !== state.token || !state.capture) return;
  const local = captureOf(state.capture.id);
  switch (event) {
    case 'uploading':
      if (local) showUploadProgress(local.upload);
      break;
    case 'uploaded':
      $('#scan-progress').replaceChildren();
      followReading(token);
      break;
    case 'failed':
      scanStatus('The receipt did not upload: retry it, or remove it and fill the entry in without it.');
      break;
    case 'removed':
      state.capture.attach = false;
      $('#scan-progress').replaceChildren();
      $('#scan-preview').replaceChildren();
      scanStatus('Receipt removed: the entry will be saved without it.');
      break;
    default:
      break;
  }
}

/** The upload's own item (progress, message, Retry/Remove) in the panel while it is on its way. */
function showUploadProgress(upload) {
  $('#scan-progress').replaceChildren(upload.element);
  scanStatus(upload.status === 'failed' ? 'The receipt did not upload: retry it, or remove it.' : 'Uploading the receipt…');
}

function scanStatus(text) {
  $('#scan-status').textContent = text;
}

/** The receipt's preview (which opens the viewer), name, what was read, and the "same file" flag. */
function renderScanPanel() {
  const capture = state.capture;
  if (!capture) return;
  const doc = capture.doc;
  const local = captureOf(capture.id);
  const preview = $('#scan-preview');
  if (doc?.status === 'AVAILABLE' && doc.previewUrl) {
    const open = h('button', { type: 'button', class: 'scan-open', 'aria-label': `View receipt ${doc.fileName}` },
      thumbnail(doc, { size: 320, className: 'scan-image' }));
    open.addEventListener('click', async () => {
      const fresh = await openViewer(capture.doc, open);
      if (fresh && state.capture === capture) capture.doc = fresh;
    });
    preview.replaceChildren(open);
  } else if (local?.upload.previewUrl) {
    // The photo itself, from this device, until the receipt's own preview exists.
    preview.replaceChildren(h('img', { class: 'scan-image', src: local.upload.previewUrl, alt: `Receipt ${local.upload.file.name}`,
      width: '320', height: '320' }));
  } else if (doc) {
    preview.replaceChildren(thumbnail(doc, { size: 320, className: 'scan-image' }));
  }
  const name = doc?.fileName ?? local?.upload.file.name ?? '';
  const reading = readingOf(doc);
  $('#scan-details').replaceChildren(
    name ? h('p', { class: 'scan-name' }, name) : '',
    reading ? h('p', { class: 'scan-read' }, `Read: ${readingSummary(reading)}`
      + `${reading.tax ? ` (tax ${formatMoney(reading.tax, reading.currency)})` : ''}`) : '',
    duplicateNote(doc, 'p') ?? '');
}

/** Follows the receipt until it is checked and read, then fills the form from what was read. */
async function followReading(token) {
  const capture = state.capture;
  if (!capture) return;
  if (!capture.doc || capture.doc.status === 'PENDING') scanStatus('Checking the receipt…');
  let result;
  try {
    result = await followDocument(capture.id, {
      doc: capture.doc,
      isCurrent: () => token === state.token,
      onUpdate: (doc) => {
        capture.doc = doc;
        renderScanPanel();
        if (doc.status === 'AVAILABLE' && !doc.extracted) scanStatus('Reading the receipt…');
      },
    });
    if (token === state.token && result.doc?.entryId) {
      // Opened again (the back button, another tab) after an entry took it.
      capture.doc = result.doc;
      capture.attach = false;
      renderScanPanel();
      const link = h('a', { href: `#/edit/${encodeURIComponent(result.doc.entryId)}` }, 'Open its entry');
      $('#scan-status').replaceChildren('This receipt already has its entry. ', link, '.');
      return;
    }
  } catch (error) {
    if (token !== state.token) return;
    scanStatus(`Could not follow the receipt (${describeError(error)}). You can still save the entry: the receipt stays attached.`);
    return;
  }
  if (token !== state.token) return;
  const { doc, outcome } = result;
  if (doc) capture.doc = doc;
  renderScanPanel();
  switch (outcome) {
    case 'settled':
      if (doc.status === 'REJECTED') {
        capture.attach = false;
        scanStatus(`${stateText(doc)} Scan it again, or fill the entry in without it.`);
      } else if (readingOf(doc)) {
        const filled = prefill(readingOf(doc));
        scanStatus(filled.length
          ? 'Filled in from the receipt: check the marked fields, choose a category, then save.'
          : 'The receipt was read, but none of its values could be used: fill the entry in.');
      } else {
        scanStatus(`${stateText(doc)} Fill the entry in: the receipt stays attached.`);
      }
      break;
    case 'unread':
      scanStatus('The receipt was not read (reading may be turned off). Fill the entry in: the receipt stays attached.');
      break;
    case 'pending':
      scanStatus('The receipt is still being checked. You can save the entry now: the receipt stays attached.');
      break;
    case 'gone':
      capture.attach = false;
      $('#scan-preview').replaceChildren();
      scanStatus('This receipt was deleted: the entry will be saved without it.');
      break;
    default:
      break;
  }
}

/** Fills the fields the user has not touched from a reading; returns the names filled. */
function prefill(reading) {
  const values = { date: reading.date, amount: reading.total, currency: reading.currency, description: reading.merchant };
  const filled = [];
  for (const [name, value] of Object.entries(values)) {
    if (!value || state.touched.has(name)) continue;
    fields[name].value = value;
    markPrefilled(name, reading.confidence?.[READ_FIELDS[name]]);
    filled.push(name);
  }
  if (filled.length && !state.touched.has('type')) fields.type.value = 'DEBIT'; // a bill is an expense
  if (filled.includes('currency')) showHomeAmount();
  else followRate();
  return filled;
}

/** Marks a field as read from the receipt (".prefilled[data-field]"), "check this" when the reader was unsure. */
function markPrefilled(name, confidence) {
  const mark = $(`.prefilled[data-field="${name}"]`, form);
  if (!mark) return;
  const low = typeof confidence === 'number' && confidence < LOW_CONFIDENCE;
  mark.dataset.confidence = low ? 'low' : 'ok';
  mark.textContent = low ? 'Read from the receipt: check this' : 'Read from the receipt';
  mark.hidden = false;
  const input = fields[name];
  const described = new Set((input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  described.add(mark.id);
  input.setAttribute('aria-describedby', [...described].join(' '));
}

function unmarkPrefilled(name) {
  const mark = $(`.prefilled[data-field="${name}"]`, form);
  if (!mark || mark.hidden) return;
  mark.hidden = true;
  mark.textContent = '';
  delete mark.dataset.confidence;
  const input = fields[name];
  const described = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== mark.id);
  input.setAttribute('aria-describedby', described.join(' '));
}

/** One-tap categories: the user's most used ones (GET /suggestions), as buttons under the field. */
async function loadCategoryChips(token) {
  let values = [];
  try {
    const { data } = await api('GET', '/suggestions', { query: { field: 'category', prefix: '', limit: 6 } });
    values = data?.suggestions ?? [];
  } catch {
    return; // a convenience: the field and its datalist still work
  }
  if (token !== state.token || !values.length) return;
  const chips = $('#category-chips');
  chips.replaceChildren(...values.map((value) => {
    const chip = h('button', { type: 'button', class: 'category-chip', 'aria-pressed': 'false' }, value);
    chip.addEventListener('click', () => {
      fields.category.value = value;
      state.touched.add('category');
      for (const other of $$('.category-chip', chips)) other.setAttribute('aria-pressed', String(other === chip));
      fields.category.removeAttribute('aria-invalid');
      $('[data-error-for="category"]', form).textContent = '';
    });
    return chip;
  }));
  chips.hidden = false;
}

/** Before the entry is created with its receipt: the receipt's upload must have gone through. */
async function captureReady(token) {
  if (!state.capture?.attach) return true;
  const local = captureOf(state.capture.id);
  if (local && local.upload.status === 'uploading') {
    message('Waiting for the receipt to upload…');
    await local.promise;
    if (token !== state.token) return false;
  }
  if (local && local.upload.status === 'failed') {
    message('The receipt has not uploaded yet: retry it, or remove it to save the entry without it.');
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Edit: the entry against what its receipts say.

/** What the entry's read receipts say together: {total, date, currency, count}, or null when none was read. */
function receiptValues() {
  const readings = state.documents.map(readingOf).filter((reading) => reading && (reading.total || reading.date));
  if (!readings.length) return null;
  if (readings.length === 1) {
    const [only] = readings;
    return { total: only.total, date: only.date, currency: only.currency, count: 1 };
  }
  const currencies = new Set(readings.map((reading) => reading.currency ?? ''));
  const allTotals = readings.every((reading) => /^\d+\.\d{2}$/.test(reading.total ?? ''));
  const cents = allTotals && currencies.size === 1
    ? readings.reduce((sum, reading) => sum + Math.round(Number(reading.total) * 100), 0) : null;
  const dates = new Set(readings.map((reading) => reading.date));
  return {
    total: cents === null ? null : (cents / 100).toFixed(2),
    date: dates.size === 1 ? readings[0].date : null,
    currency: currencies.size === 1 ? readings[0].currency : null,
    count: readings.length,
  };
}

function sameAmount(a, b) {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) && Math.round(x * 100) === Math.round(y * 100);
}

/**
 * Shows #receipt-mismatch when the entry's amount (or currency) or date differs from what its read
 * receipts say: a warning, never a block.
 */
function checkAgainstReceipts() {
  const box = $('#receipt-mismatch');
  const expected = state.mode === 'edit' ? receiptValues() : null;
  const differs = expected ? {
    amount: !!expected.total && !sameAmount(normalizeAmount(fields.amount.value), expected.total),
    currency: !!expected.total && !!expected.currency && !!fields.currency.value.trim()
      && fields.currency.value.trim().toUpperCase() !== expected.currency,
    date: !!expected.date && fields.date.value !== expected.date,
  } : {};
  if (!expected || !(differs.amount || differs.currency || differs.date)) {
    box.hidden = true;
    return;
  }
  const money = expected.total ? formatMoney(expected.total, expected.currency) : null;
  const day = expected.date ? formatDay(expected.date) : null;
  const subject = expected.count > 1 ? 'The receipts say' : 'The receipt says';
  let text;
  if (money && day) text = `${subject} ${money} on ${day}.`;
  else if (money) text = `${subject} ${money}.`;
  else text = `${expected.count > 1 ? 'The receipts are' : 'The receipt is'} dated ${day}.`;
  $('#receipt-mismatch-text').textContent = text;
  box.dataset.differs = Object.keys(differs).filter((name) => differs[name]).join(' ');
  box.hidden = false;
}

/** "Use these": the receipt's amount, currency and date replace the form's (saved with Save). */
function useReceiptValues() {
  const expected = receiptValues();
  if (!expected) return;
  const confidence = state.documents.length === 1 ? readingOf(state.documents[0])?.confidence : null;
  const values = { amount: expected.total, currency: expected.currency, date: expected.date };
  for (const [name, value] of Object.entries(values)) {
    if (!value || fields[name].value === value) continue;
    fields[name].value = value;
    fields[name].removeAttribute('aria-invalid');
    $(`[data-error-for="${name}"]`, form).textContent = '';
    markPrefilled(name, confidence?.[READ_FIELDS[name]]);
  }
  $('#receipt-mismatch').hidden = true;
  showHomeAmount();
  fields.amount.focus();
  announce('Filled in from the receipt. Press Save to keep it.');
  message('Filled in from the receipt: press Save to keep it.');
}

// Exports (section#view-exports): POST /exports with the chosen filters, format and layout, then
// GET /exports/{id} polled while QUEUED/RUNNING (#export-status shows the status and the rows
// written so far); on SUCCEEDED an a#export-download links the file. ul#export-list lists the
// recent exports (GET /exports) with their download links.

import { api } from '../api.js';
import {
  $, clearErrorBanner, clearFieldErrors, describeError, formatBytes, formatDateTime, h, safeUrl, showBanner, showError,
  showFieldErrors, uuid,
} from '../ui.js';

const POLL_DELAYS_MS = [500, 1000, 1000, 1500, 2000, 3000];
const POLL_MAX_MS = 5000;
const POLL_GIVE_UP_MS = 15 * 60_000;
const DOWNLOAD_URL_FRESH_MS = 4 * 60_000; // the API's download URLs live 5 minutes

const STATUS_WORDS = { QUEUED: 'Queued', RUNNING: 'Running', SUCCEEDED: 'Succeeded', FAILED: 'Failed' };

let els;
const state = {
  job: null,            // the export being followed
  pollTimer: null,
  generation: 0,        // bumped on sign-out and on every new export
  lastAttempt: null,    // {key, id} of a start whose answer was lost: the same request reuses its id
  busy: false,
  listGeneration: 0,
};

export function initExports() {
  els = {
    form: $('#export-form'), status: $('#export-status'), slot: $('#export-download-slot'),
    list: $('#export-list'), listStatus: $('#export-list-status'), start: $('#export-start'),
  };
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    start();
  });
}

export function showExports() {
  loadList();
}

export function resetExports() {
  state.generation += 1;
  state.listGeneration += 1;
  clearTimeout(state.pollTimer);
  state.job = null;
  state.lastAttempt = null;
  els.form.reset();
  els.status.textContent = '';
  delete els.status.dataset.status;
  els.slot.replaceChildren();
  els.list.replaceChildren();
  els.listStatus.textContent = '';
}

function readRequest() {
  const value = (selector) => $(selector).value.trim();
  const filters = {};
  for (const [name, selector] of [['from', '#export-from'], ['to', '#export-to'], ['q', '#export-q']]) {
    if (value(selector)) filters[name] = value(selector);
  }
  return { filters, format: value('#export-format'), layout: value('#export-layout') };
}

async function start() {
  if (state.busy) return;
  clearErrorBanner();
  clearFieldErrors(els.form, 'data-export-error-for');
  const request = readRequest();
  const key = JSON.stringify(request);
  // The same request again after a lost answer reuses its id: the API then answers that job.
  const id = state.lastAttempt?.key === key ? state.lastAttempt.id : uuid();
  state.lastAttempt = { key, id };
  const generation = ++state.generation;
  clearTimeout(state.pollTimer);
  state.busy = true;
  els.start.disabled = true;
  els.slot.replaceChildren();
  setStatus(null, 'Starting the export…');
  try {
    const { data } = await api('POST', '/exports', { body: { id, ...request } });
    if (generation !== state.generation) return;
    state.lastAttempt = null;
    follow(data, generation, Date.now(), 0);
    loadList();
  } catch (error) {
    if (generation !== state.generation) return;
    if (error.kind !== 'network') state.lastAttempt = null;
    setStatus(null, '');
    if (error.code === 'VALIDATION_FAILED') {
      const unplaced = showFieldErrors(els.form, 'data-export-error-for', error.details);
      setStatus(null, 'Check the fields marked above.');
      if (unplaced.length) showBanner(describeError({ ...error, details: unplaced }));
    } else if (error.kind === 'network') {
      showBanner('Could not reach the server, so the export may not have started. Press “Start export” again: '
        + 'it will not start twice.');
    } else {
      showError(error);
    }
  } finally {
    state.busy = false;
    els.start.disabled = false;
  }
}

function describeJob(job) {
  const word = STATUS_WORDS[job.status] ?? job.status;
  const rows = `${job.rowCount ?? 0} ${job.rowCount === 1 ? 'row' : 'rows'}`;
  switch (job.status) {
    case 'QUEUED': return `${word}: waiting to start…`;
    case 'RUNNING': return `${word}: ${rows} so far…`;
    case 'SUCCEEDED': return `${word}: ${rows}${job.bytes ? `, ${formatBytes(job.bytes)}` : ''}.`;
    case 'FAILED': return `${word}: ${job.error ?? 'the export could not be made'}. Start it again.`;
    default: return word;
  }
}

function setStatus(job, text) {
  els.status.textContent = text;
  if (job) els.status.dataset.status = job.status;
  else delete els.status.dataset.status;
}

/** The name the API gives the file (by the period it holds). */
function fileName(job) {
  return job.fileName ?? `expenses-${(job.createdAt ?? '').slice(0, 10) || 'export'}.${job.format ?? 'csv'}`;
}

const FORMAT_NAMES = { csv: 'CSV', zip: 'ZIP', xlsx: 'Excel workbook' };

/** A link to the file; its URL lives 5 minutes, so an old one is exchanged for a fresh one on click. */
function downloadLink(job, attrs) {
  const fetchedAt = Date.now();
  const link = h('a', { ...attrs, href: safeUrl(job.downloadUrl) }, `Download ${fileName(job)}`);
  link.addEventListener('click', async (event) => {
    if (Date.now() - fetchedAt < DOWNLOAD_URL_FRESH_MS) return;
    event.preventDefault();
    try {
      const { data } = await api('GET', `/exports/${job.id}`);
      if (!data.downloadUrl) {
        showBanner('This export has expired: start a new one.');
        return;
      }
      link.href = safeUrl(data.downloadUrl);
      window.location.assign(link.href);
    } catch (error) {
      showError(error, { notFound: 'This export no longer exists: start a new one.' });
    }
  });
  return link;
}

function follow(job, generation, startedAt, polls) {
  state.job = job;
  setStatus(job, describeJob(job));
  if (job.status === 'SUCCEEDED') {
    if (job.downloadUrl) {
      els.slot.replaceChildren(downloadLink(job, { id: 'export-download', class: 'button-link primary' }));
    }
    loadList();
    return;
  }
  if (job.status === 'FAILED') {
    loadList();
    return;
  }
  if (Date.now() - startedAt > POLL_GIVE_UP_MS) {
    setStatus(job, `${describeJob(job)} This is taking long: it will appear in the list below when done.`);
    return;
  }
  const delay = POLL_DELAYS_MS[polls] ?? POLL_MAX_MS;
  state.pollTimer = setTimeout(async () => {
    try {
      const { data } = await api('GET', `/exports/${job.id}`);
      if (generation !== state.generation) return;
      follow(data, generation, startedAt, polls + 1);
    } catch (error) {
      if (generation !== state.generation) return;
      if (error.kind === 'network' || error.code === 'DATABASE_RESUMING' || error.code === 'INTERNAL') {
        follow(job, generation, startedAt, polls + 1); // keep trying
      } else {
        setStatus(job, `Could not follow the export: ${describeError(error)}`);
      }
    }
  }, delay);
}

async function loadList() {
  const generation = ++state.listGeneration;
  if (!els.list.children.length) els.listStatus.textContent = 'Loading…';
  try {
    const { data } = await api('GET', '/exports');
    if (generation !== state.listGeneration) return;
    const items = data?.items ?? [];
    els.list.replaceChildren(...items.map(renderJob));
    els.listStatus.textContent = items.length ? '' : 'No exports yet.';
  } catch (error) {
    if (generation !== state.listGeneration) return;
    els.listStatus.textContent = `Could not load the recent exports: ${describeError(error)}`;
  }
}

function describeFilters(filters = {}) {
  const parts = [];
  if (filters.from || filters.to) parts.push(`${filters.from ?? '…'} to ${filters.to ?? '…'}`);
  if (filters.q) parts.push(`“${filters.q}”`);
  for (const name of ['category', 'type', 'minAmount', 'maxAmount', 'currency']) {
    if (filters[name]) parts.push(`${name} ${filters[name]}`);
  }
  return parts.length ? parts.join(', ') : 'all entries';
}

function renderJob(job) {
  const what = `${FORMAT_NAMES[job.format] ?? 'CSV'}, ${job.layout === 'signed' ? 'signed amounts' : 'debit/credit'}`;
  const item = h('li', { class: 'export-item', dataset: { id: job.id, status: job.status } },
    h('p', { class: 'export-what' }, h('strong', {}, describeFilters(job.filters)), ` · ${what}`),
    h('p', { class: 'export-meta muted' }, `${formatDateTime(job.createdAt)} · ${describeJob(job)}`));
  if (job.status === 'SUCCEEDED' && job.downloadUrl) {
    item.append(downloadLink(job, { class: 'export-link' }));
  } else if (job.status === 'SUCCEEDED') {
    item.append(h('p', { class: 'muted' }, 'Expired: start a new export.'));
  }
  return item;
}

// What every view shows of a receipt: its thumbnail (the ≤640 px preview JPEG the indexer makes,
// never the original), a file-type icon when there is no preview, the "same file" flag, what was
// read from it, and the following of a receipt until it is checked and read.

import { api } from './api.js';
import { appLocale, h, safeUrl, sleep } from './ui.js';

/** The API's receipt URLs live 5 minutes: older than this, a fresh document is fetched first. */
export const URL_FRESH_MS = 4 * 60_000;

/** The types the indexer makes a preview of (and reads). */
export const PREVIEWABLE = new Set(['image/jpeg', 'image/png', 'application/pdf']);

/** Below this confidence a value read from a receipt is marked "check this". */
export const LOW_CONFIDENCE = 0.6;

const KINDS = {
  'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG', 'image/webp': 'WEBP', 'image/heic': 'HEIC',
};

/** Remembers when a document (and so its URLs) was read from the API. */
export function stamp(doc, at = Date.now()) {
  if (doc) Object.defineProperty(doc, 'fetchedAt', { value: at, writable: true, configurable: true });
  return doc;
}

export function isFresh(doc) {
  return !!doc?.fetchedAt && Date.now() - doc.fetchedAt < URL_FRESH_MS;
}

/** The document with URLs young enough to use: itself, or a fresh copy from GET /documents/{id}. */
export async function freshDocument(doc) {
  if (isFresh(doc)) return doc;
  const { data } = await api('GET', `/documents/${doc.id}`);
  return stamp(data);
}

/** A short label of the file's type, for the icon shown when there is no preview. */
export function kindOf(doc) {
  return KINDS[doc?.contentType] ?? 'FILE';
}

/**
 * The receipt's small picture: img.thumb of its previewUrl (lazy, sized, with alt text) once the
 * preview exists, else an icon with the file type.
 */
export function thumbnail(doc, { size = 56, className = 'thumb' } = {}) {
  if (doc.status === 'AVAILABLE' && doc.previewUrl) {
    const img = h('img', {
      class: className, src: safeUrl(doc.previewUrl), alt: `Receipt ${doc.fileName}`, width: String(size),
      height: String(size), loading: 'lazy', decoding: 'async',
    });
    img.addEventListener('error', () => img.replaceWith(icon(doc)), { once: true });
    return img;
  }
  return icon(doc);
}

export function icon(doc) {
  const state = doc.status === 'REJECTED' ? ' rejected' : doc.status === 'PENDING' ? ' pending' : '';
  return h('span', { class: `receipt-icon${state}`, 'aria-hidden': 'true', dataset: { kind: kindOf(doc) } },
    doc.status === 'REJECTED' ? '!' : doc.status === 'PENDING' ? '…' : kindOf(doc));
}

/** "Same file as an earlier receipt" for a receipt whose bytes the user uploaded before, else null. */
export function duplicateNote(doc, tag = 'span') {
  if (!doc?.duplicateOf) return null;
  return h(tag, { class: 'receipt-duplicate', dataset: { duplicateOf: doc.duplicateOf } }, 'Same file as an earlier receipt');
}

/** The reading of a receipt when it was read, else null. */
export function readingOf(doc) {
  return doc?.extracted?.status === 'READ' ? doc.extracted : null;
}

/** Whether nothing more will happen to the receipt by itself: rejected, or accepted and read (or not read, with a reason). */
export function isSettled(doc) {
  return doc.status === 'REJECTED' || (doc.status === 'AVAILABLE' && doc.extracted != null);
}

/** "1,250.00" or "₹1,250.00" in the user's locale (their settings', else the browser's); the amount as given when it is not a number. */
export function formatMoney(amount, currency) {
  const value = Number(amount);
  if (amount === null || amount === undefined || amount === '' || !Number.isFinite(value)) return amount ?? '';
  try {
    if (currency) return new Intl.NumberFormat(appLocale(), { style: 'currency', currency }).format(value);
  } catch {
    // an unknown code: the plain number, then the code
    return `${new Intl.NumberFormat(appLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)} ${currency}`;
  }
  return new Intl.NumberFormat(appLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** "21 Nov 2026" (in the user's locale) for a YYYY-MM-DD date, read as a calendar day (no time zone shift). */
export function formatDay(isoDate) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  if (!match) return isoDate ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(appLocale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** One line of what was read: "BLUE CAB CO. · 21 Nov 2026 · ₹1,250.00" (only the parts found). */
export function readingSummary(reading) {
  if (!reading) return '';
  return [reading.merchant, reading.date ? formatDay(reading.date) : null,
    reading.total ? formatMoney(reading.total, reading.currency) : null].filter(Boolean).join(' · ');
}

/** A sentence about where the receipt is: checking, reading, read, not read, rejected. */
export function stateText(doc) {
  if (doc.status === 'PENDING') return 'Being checked…';
  if (doc.status === 'REJECTED') return `Not accepted: ${doc.reason ?? 'the file was not accepted'}.`;
  const extracted = doc.extracted;
  if (!extracted) return 'Being read…';
  if (extracted.status === 'READ') return 'Read';
  return `Not read${extracted.reason ? `: ${extracted.reason.replace(/\.$/, '')}` : ''}.`;
}

const POLL_DELAYS_MS = [400, 600, 800, 1000, 1200, 1500, 2000, 2000, 3000];
const POLL_MAX_DELAY_MS = 5000;
const PENDING_GIVE_UP_MS = 3 * 60_000; // the upload should be checked within seconds
const READING_GIVE_UP_MS = 30_000;     // the reading follows right after the check (when receipts are read at all)

/**
 * Follows a receipt with GET /documents/{id} (backing off) until it is settled, or until waiting
 * longer makes no sense. Calls onUpdate(doc) with each new answer. Resolves
 * {doc, outcome}: outcome = settled | unread (accepted, no reading came) | pending (still being
 * checked) | gone (deleted) | stopped (isCurrent() turned false); rejects on other API errors.
 */
export async function followDocument(id, { onUpdate = () => {}, isCurrent = () => true, doc = null } = {}) {
  const started = Date.now();
  let availableAt = doc?.status === 'AVAILABLE' ? Date.now() : null;
  let last = doc;
  for (let attempt = 0; ; attempt += 1) {
    if (last && isSettled(last)) return { doc: last, outcome: 'settled' };
    if (last?.status === 'AVAILABLE' && Date.now() - availableAt > READING_GIVE_UP_MS) return { doc: last, outcome: 'unread' };
    if (Date.now() - started > PENDING_GIVE_UP_MS) return { doc: last, outcome: 'pending' };
    if (last) await sleep(POLL_DELAYS_MS[attempt - 1] ?? POLL_MAX_DELAY_MS);
    if (!isCurrent()) return { doc: last, outcome: 'stopped' };
    let data;
    try {
      ({ data } = await api('GET', `/documents/${id}`));
    } catch (error) {
      if (error.code === 'NOT_FOUND') return { doc: last, outcome: 'gone' };
      throw error;
    }
    if (!isCurrent()) return { doc: last, outcome: 'stopped' };
    last = stamp(data);
    if (last.status === 'AVAILABLE') availableAt ??= Date.now();
    onUpdate(last);
  }
}

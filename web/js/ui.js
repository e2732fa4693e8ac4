// Small DOM helpers shared by the views: element building, messages (banner, notice, toast),
// field errors and formatting (in the locale of the user's settings, see settings.js). Nothing here
// sets inline styles (the CSP forbids them).

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/**
 * Creates an element. attrs: class, text, dataset {…}, on {event: handler}, and any other
 * attribute (false/null/undefined are skipped, true sets an empty attribute).
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'on') for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/** A URL from the API for an href or src: only http(s), anything else becomes "#". */
export function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : '#';
}

/** Tells screen readers something through an always-present, visually hidden live region. */
export function announce(text) {
  const region = document.getElementById('sr-status');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A UUID v4: crypto.randomUUID where the page is a secure context, else built from getRandomValues. */
export function uuid() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Today as YYYY-MM-DD in the user's own time zone (not UTC). */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// ---------------------------------------------------------------------------------------------
// The locale numbers and dates are written in: the user's saved one (GET /settings), else the browser's.

let locale;

/** Sets the locale every Intl formatter of the app uses; a tag the browser cannot use leaves the browser's. */
export function setLocale(tag) {
  locale = usableLocale(tag);
}

/** The locale for Intl (undefined = the browser's own). */
export function appLocale() {
  return locale;
}

/** The tag in its standard form when this browser can format with it, else undefined. */
export function usableLocale(tag) {
  if (typeof tag !== 'string' || !tag.trim()) return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    new Intl.NumberFormat(canonical); // eslint-disable-line no-new
    return canonical;
  } catch {
    return undefined;
  }
}

export function formatDateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Accepts "12,50" (decimal comma) as "12.50"; anything else is sent as typed and judged by the API. */
export function normalizeAmount(text) {
  const trimmed = text.trim();
  return /^\d+,\d{1,2}$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
}

// ---------------------------------------------------------------------------------------------
// Banner (#banner, role=alert): errors that are not field errors, and "Waking up the database…".

const banner = () => document.getElementById('banner');
let resumingRequests = 0;
let bannerKind = null;

export function showBanner(message, kind = 'error') {
  const element = banner();
  bannerKind = kind;
  element.dataset.kind = kind;
  document.getElementById('banner-text').textContent = message;
  element.hidden = false;
}

export function hideBanner() {
  banner().hidden = true;
  bannerKind = null;
}

/** Clears an error left by an earlier action when the user tries again (not the resuming notice). */
export function clearErrorBanner() {
  if (bannerKind === 'error') hideBanner();
}

/** Shown while requests wait for an auto-paused database; cleared when the last of them is through. */
export function resumingStarted(seconds, first = true) {
  if (first) resumingRequests += 1;
  showBanner(`Waking up the database… retrying in ${seconds} s.`, 'resuming');
}

export function resumingEnded() {
  resumingRequests = Math.max(0, resumingRequests - 1);
  if (resumingRequests === 0 && bannerKind === 'resuming') hideBanner();
}

export function initBanner() {
  document.getElementById('banner-close').addEventListener('click', hideBanner);
}

/** A sentence for people about an API error (see api.js ApiError). */
export function describeError(error, context = {}) {
  if (!error) return 'Something went wrong.';
  if (error.kind === 'network') {
    return context.network ?? 'Could not reach the server. Check your connection and try again.';
  }
  if (error.kind !== 'api') return error.message || 'Something went wrong.';
  switch (error.code) {
    case 'VALIDATION_FAILED': {
      const fields = (error.details ?? []).map((d) => `${d.field} ${d.message}`).join('; ');
      return fields ? `${error.message} ${fields}.` : error.message;
    }
    case 'NOT_FOUND':
      return context.notFound ?? `${error.message || 'Not found.'} It may have been deleted.`;
    case 'CONFLICT':
      return context.conflict ?? error.message;
    case 'PRECONDITION_FAILED':
      return context.preconditionFailed ?? 'This was changed elsewhere in the meantime. Reload and try again.';
    case 'PAYLOAD_TOO_LARGE':
      return context.tooLarge ?? `Too large: ${error.message}`;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return context.unsupported ?? `Not supported: ${error.message}`;
    case 'DATABASE_RESUMING':
      return 'The database is still waking up. Please try again in a moment.';
    case 'UNAUTHORIZED':
      return 'Your session has ended: please log in again.';
    case 'FORBIDDEN':
      return context.forbidden ?? 'You are not allowed to do that.';
    case 'TOO_MANY_REQUESTS':
      return 'Too many requests: try again shortly.';
    case 'SERVICE_UNAVAILABLE':
      return 'The service is unavailable right now. Try again in a moment.';
    case 'GATEWAY_TIMEOUT':
      return 'The server took too long to answer. Try again in a moment.';
    case 'INTERNAL':
      return `Something went wrong on our side. Try again; if it keeps happening, quote request id ${error.requestId || 'unknown'}.`;
    default: {
      const id = error.requestId ? ` (request id ${error.requestId})` : '';
      return `${error.message || `The request failed (HTTP ${error.status}).`}${id}`;
    }
  }
}

/** Shows an error in the banner (unless it was an expired session, which the sign-in screen explains). */
export function showError(error, context) {
  if (error?.kind === 'api' && error.status === 401) return;
  if (error?.name === 'AbortError') return;
  showBanner(describeError(error, context));
}

// ---------------------------------------------------------------------------------------------
// Notice (#notice, role=status): short confirmations such as "Saved.".

let noticeTimer;
export function notify(message) {
  const element = document.getElementById('notice');
  element.textContent = message;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { element.textContent = ''; }, 6000);
}

// ---------------------------------------------------------------------------------------------
// Field errors: elements [attr="<field>"] next to the inputs, linked by aria-describedby.

export function clearFieldErrors(form, attribute) {
  for (const element of $$(`[${attribute}]`, form)) {
    element.textContent = '';
  }
  for (const input of $$('[aria-invalid]', form)) input.removeAttribute('aria-invalid');
}

/**
 * Puts each detail next to its field. Returns the details that have no place in the form,
 * and focuses the first field in error.
 */
export function showFieldErrors(form, attribute, details) {
  const unplaced = [];
  let first = null;
  for (const detail of details ?? []) {
    const slot = $(`[${attribute}="${CSS.escape(detail.field)}"]`, form);
    if (!slot) {
      unplaced.push(detail);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent} ${capitalize(detail.message)}.` : `${capitalize(detail.message)}.`;
    const input = slot.id ? $(`[aria-describedby~="${slot.id}"]`, form) : null;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  first?.focus();
  return unplaced;
}

function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

// The HTTP API client: bearer token, JSON in and out, the error contract as ApiError, one retry
// after refreshing the token on 401, bounded automatic retries while the database wakes up (503
// DATABASE_RESUMING + Retry-After), and a couple of quiet retries of GETs after network errors.
// API Gateway answers some requests itself, before any handler, with {"message": "..."} instead of
// the error contract (403 Forbidden, 404 Not Found, 429 Too Many Requests, 500 Internal Server
// Error, 503 Service Unavailable, 504 timeouts): these get a code and a sentence for people here, and
// a throttled request (429: nothing was done) is retried a few times with backoff, honouring Retry-After.

import { getAccessToken, refresh, signOut } from './auth.js';
import { resumingEnded, resumingStarted, sleep } from './ui.js';

const MAX_RESUME_RETRIES = 6;      // with Retry-After capped at 30 s: at most ~3 minutes
const MAX_RETRY_AFTER_S = 30;
const GET_NETWORK_RETRIES = 2;
const MAX_THROTTLE_RETRIES = 3;    // 429: at most 4 tries
const THROTTLE_BASE_MS = 500;      // backoff 0.5 s, 1 s, 2 s (+ jitter) when there is no Retry-After
const MAX_THROTTLE_WAIT_S = 10;

let base = '';

export function initApi(config) {
  base = new URL(config.apiUrl.replace(/\/+$/, '') + '/', location.href).href;
}

/**
 * kind: 'api' (an HTTP answer other than 2xx: status, code, message, details, requestId)
 * or 'network' (no answer at all).
 */
export class ApiError extends Error {
  constructor({ kind, status = 0, code = '', message = '', details = [], requestId = '', retryAfter = null }) {
    super(message || code || kind);
    this.name = 'ApiError';
    Object.assign(this, { kind, status, code, details, requestId, retryAfter });
  }
}

function fallbackCode(status) {
  return {
    400: 'VALIDATION_FAILED', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
    412: 'PRECONDITION_FAILED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'TOO_MANY_REQUESTS',
    502: 'SERVICE_UNAVAILABLE', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT',
  }[status] ?? 'INTERNAL';
}

/** Sentences for the answers API Gateway gives itself ({"message": "Forbidden"}, …), by status. */
const GATEWAY_MESSAGES = {
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  413: 'That is too large to send.',
  429: 'Too many requests: try again shortly.',
  500: 'Something went wrong on our side. Try again in a moment.',
  502: 'The service is unavailable right now. Try again in a moment.',
  503: 'The service is unavailable right now. Try again in a moment.',
  504: 'The server took too long to answer. Try again in a moment.',
};

/** Seconds from a Retry-After header (seconds or an HTTP date), or null. */
function retryAfterSeconds(response) {
  const header = response.headers.get('Retry-After');
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function buildUrl(path, query) {
  const url = new URL(path.replace(/^\//, ''), base);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && String(value).trim() !== '') url.searchParams.set(name, String(value));
  }
  return url;
}

/**
 * Calls the API. Resolves {status, data, etag, location}; rejects with ApiError.
 * options: query {…}, body (JSON), ifMatch, signal.
 */
export async function api(method, path, { query, body, ifMatch, signal } = {}) {
  const url = buildUrl(path, query);
  let refreshed = false;
  let resumeRetries = 0;
  let networkRetries = 0;
  let throttleRetries = 0;
  try {
    for (;;) {
      const token = await getAccessToken();
      if (!token) {
        throw new ApiError({ kind: 'api', status: 401, code: 'UNAUTHORIZED', message: 'Please log in again.' });
      }
      const headers = { Authorization: `Bearer ${token}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (ifMatch) headers['If-Match'] = ifMatch;

      let response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          cache: 'no-store',
          signal,
        });
      } catch (error) {
        if (error.name === 'AbortError') throw error;
        if (method === 'GET' && networkRetries < GET_NETWORK_RETRIES) {
          networkRetries += 1;
          await sleep(700 * networkRetries);
          continue;
        }
        throw new ApiError({ kind: 'network', message: 'Could not reach the server.' });
      }

      if (response.status === 401) {
        if (!refreshed) {
          refreshed = true;
          let renewed = false;
          try {
            renewed = await refresh({ force: true });
          } catch {
            throw new ApiError({ kind: 'network', message: 'Could not reach the sign-in service.' });
          }
          if (renewed) continue;
        }
        signOut('Your session has ended: please log in again.');
        throw new ApiError({ kind: 'api', status: 401, code: 'UNAUTHORIZED', message: 'Please log in again.' });
      }

      const data = await readBody(response);
      const error = data?.error;
      if (response.status === 503 && (error?.code === 'DATABASE_RESUMING' || response.headers.has('Retry-After'))
          && resumeRetries < MAX_RESUME_RETRIES) {
        const seconds = Math.min(MAX_RETRY_AFTER_S, Math.max(1, parseInt(response.headers.get('Retry-After'), 10) || 5));
        resumingStarted(seconds, resumeRetries === 0);
        resumeRetries += 1;
        await sleep(seconds * 1000);
        continue;
      }

      // Throttled (API Gateway's 429, or the contract's): nothing was done, so any method may try again.
      if (response.status === 429 && throttleRetries < MAX_THROTTLE_RETRIES) {
        const given = retryAfterSeconds(response);
        const waitMs = given !== null ? Math.min(given, MAX_THROTTLE_WAIT_S) * 1000
          : THROTTLE_BASE_MS * 2 ** throttleRetries + Math.random() * THROTTLE_BASE_MS;
        throttleRetries += 1;
        await sleep(waitMs);
        continue;
      }

      if (!response.ok) {
        // Not the error contract: an answer of API Gateway itself (or of something in front of it).
        const gateway = !error?.code;
        throw new ApiError({
          kind: 'api',
          status: response.status,
          code: error?.code ?? fallbackCode(response.status),
          message: gateway ? (GATEWAY_MESSAGES[response.status] ?? `The request failed (HTTP ${response.status}).`)
            : (error.message ?? ''),
          details: Array.isArray(error?.details) ? error.details : [],
          requestId: error?.requestId ?? response.headers.get('apigw-requestid') ?? '',
          retryAfter: response.headers.get('Retry-After'),
        });
      }
      return {
        status: response.status,
        data,
        etag: response.headers.get('ETag'),
        location: response.headers.get('Location'),
      };
    }
  } finally {
    if (resumeRetries > 0) resumingEnded();
  }
}

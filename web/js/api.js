// The HTTP API client: bearer token, JSON in and out, the error contract as ApiError, one retry
// after refreshing the token on 401, bounded automatic retries while the database wakes up (503
// DATABASE_RESUMING + Retry-After), and a couple of quiet retries of GETs after network errors.

import { getAccessToken, refresh, signOut } from './auth.js';
import { resumingEnded, resumingStarted, sleep } from './ui.js';

const MAX_RESUME_RETRIES = 6;      // with Retry-After capped at 30 s: at most ~3 minutes
const MAX_RETRY_AFTER_S = 30;
const GET_NETWORK_RETRIES = 2;

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
    400: 'VALIDATION_FAILED', 401: 'UNAUTHORIZED', 404: 'NOT_FOUND', 409: 'CONFLICT', 412: 'PRECONDITION_FAILED',
    413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 503: 'DATABASE_RESUMING',
  }[status] ?? 'INTERNAL';
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
            renewed = await refresh();
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

      if (!response.ok) {
        throw new ApiError({
          kind: 'api',
          status: response.status,
          code: error?.code ?? fallbackCode(response.status),
          message: error?.message ?? data?.message ?? '',
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

// Receipt uploads: announce the file to the API (POST /entries/{id}/documents, or POST /documents
// for a receipt captured before its entry exists, with a client document id, its type, size and
// SHA-256), then PUT the bytes straight to S3 with the presigned URL, by XMLHttpRequest so that
// progress can be shown. A retry announces the same document id again, which answers a fresh URL
// for the same (still PENDING) document.

import { api } from './api.js';
import { describeError, formatBytes, h, uuid } from './ui.js';
import { sha256HexOf } from './sha256.js';

const BY_EXTENSION = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', jfif: 'image/jpeg', png: 'image/png',
  webp: 'image/webp', heic: 'image/heic', heif: 'image/heic', pdf: 'application/pdf',
};
const ALIASES = {
  'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/heif': 'image/heic', 'application/x-pdf': 'application/pdf',
};
// Headers a browser sets itself and refuses from scripts.
const FORBIDDEN_HEADERS = new Set(['content-length', 'host', 'connection', 'expect', 'transfer-encoding']);

/**
 * The type to announce: the browser's, or by extension when it gives none ("" for e.g. .heic on
 * some systems), mapped onto the API's allow-list (image/jpeg, image/png, image/webp, image/heic,
 * application/pdf).
 */
export function contentTypeOf(file) {
  const declared = (file.type || '').trim().toLowerCase();
  if (ALIASES[declared]) return ALIASES[declared];
  if (declared) return declared;
  const dot = file.name.lastIndexOf('.');
  const extension = dot < 0 ? '' : file.name.slice(dot + 1).toLowerCase();
  // Unknown: announced as is, so the API explains (415) what it accepts.
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/**
 * The file's SHA-256 in hex. Always sent with the announcement: the upload URL then signs it, so S3
 * refuses any other bytes under that URL.
 */
export async function sha256Hex(file) {
  const bytes = await file.arrayBuffer();
  if (!globalThis.crypto?.subtle) return sha256HexOf(new Uint8Array(bytes)); // not a secure context
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

class UploadFailure extends Error {
  constructor(message, retryable, code = '') {
    super(message);
    this.retryable = retryable;
    this.code = code;
  }
}

function s3Failure(xhr) {
  const code = /<Code>([^<]+)<\/Code>/.exec(xhr.responseText ?? '')?.[1] ?? '';
  const why = {
    AccessDenied: 'the upload link expired',
    SignatureDoesNotMatch: 'the file changed since it was chosen',
    BadDigest: 'the file changed since it was chosen',
    EntityTooLarge: 'the file is too large',
  }[code] ?? `storage answered ${xhr.status}${code ? ` ${code}` : ''}`;
  return new UploadFailure(`Upload failed: ${why}.`, true, code);
}

function putFile(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method || 'PUT', upload.url);
    for (const [name, value] of Object.entries(upload.headers ?? {})) {
      if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(s3Failure(xhr))));
    xhr.addEventListener('error', () => reject(new UploadFailure('Upload interrupted: check your connection, then retry.', true)));
    xhr.addEventListener('timeout', () => reject(new UploadFailure('Upload timed out: retry.', true)));
    xhr.addEventListener('abort', () => reject(new UploadFailure('Upload cancelled.', true)));
    xhr.send(file);
  });
}

/**
 * One chosen file and its list item li.upload[data-file][data-status] in #uploads:
 * data-status = queued (chosen, entry not saved yet) | uploading | done | failed.
 */
export class Upload {
  constructor(file, { onRemove, onRetry }) {
    this.file = file;
    this.documentId = uuid();
    this.contentType = contentTypeOf(file);
    this.status = 'queued';
    this.checksum = null;
    this.previewUrl = null;
    this.document = null; // the document as the announcement answered it

    this.progress = h('progress', { class: 'upload-progress', max: '100', value: '0', 'aria-label': `Upload of ${file.name}` });
    this.message = h('p', { class: 'upload-message' });
    this.removeButton = h('button', { type: 'button', class: 'upload-remove quiet', 'aria-label': `Remove ${file.name}`,
      on: { click: () => onRemove(this) } }, 'Remove');
    this.retryButton = null;
    this.onRetry = onRetry;

    let thumb = null;
    if (/^image\/(jpeg|png|webp)$/.test(this.contentType)) {
      this.previewUrl = URL.createObjectURL(file);
      thumb = h('img', { class: 'upload-thumb', src: this.previewUrl, alt: '', width: '48', height: '48' });
    }
    this.element = h('li', { class: 'upload', dataset: { file: file.name, status: 'queued' } },
      thumb ?? h('span', { class: 'upload-icon', 'aria-hidden': 'true' }, this.contentType === 'application/pdf' ? 'PDF' : 'FILE'),
      h('div', { class: 'upload-body' },
        h('p', { class: 'upload-name' }, h('span', { class: 'upload-file-name' }, file.name), ' ',
          h('span', { class: 'muted' }, formatBytes(file.size))),
        this.progress,
        this.message),
      h('div', { class: 'upload-actions' }, this.removeButton));
    this.setStatus('queued', 'Uploads when you save.');
  }

  setStatus(status, message) {
    this.status = status;
    this.element.dataset.status = status;
    this.message.textContent = message;
    this.removeButton.hidden = status !== 'queued' && status !== 'failed';
    if (status === 'done') this.progress.value = 100;
    // Every failure offers a retry (it announces the same document id again for a fresh URL); one
    // the API refused (413/415) would be refused again, so its message says why and Remove is offered.
    const wantRetry = status === 'failed';
    if (wantRetry && !this.retryButton) {
      this.retryButton = h('button', { type: 'button', class: 'upload-retry', 'aria-label': `Retry ${this.file.name}`,
        on: { click: () => this.onRetry(this) } }, 'Retry');
      this.element.querySelector('.upload-actions').append(this.retryButton);
    } else if (!wantRetry && this.retryButton) {
      this.retryButton.remove();
      this.retryButton = null;
    }
  }

  /**
   * Announces and uploads the file to the entry (or, without one, to the inbox); resolves true when
   * the bytes are in storage.
   */
  async run(entryId = null) {
    if (this.status === 'done') return true;
    this.retryable = false;
    this.progress.value = 0;
    this.setStatus('uploading', 'Preparing…');
    try {
      this.checksum ??= await sha256Hex(this.file);
      let answer;
      try {
        answer = await api('POST', entryId ? `/entries/${entryId}/documents` : '/documents', {
          body: {
            id: this.documentId,
            fileName: this.file.name,
            contentType: this.contentType,
            sizeBytes: this.file.size,
            sha256: this.checksum,
          },
        });
      } catch (error) {
        throw this.announceFailure(error);
      }
      const { document, upload } = answer.data;
      this.document = document ?? null;
      if (!upload) {
        // Repeated announcement of a document that is no longer PENDING: the bytes already arrived.
        this.setStatus('done', document?.status === 'REJECTED' ? `Rejected: ${document.reason ?? 'not accepted'}.` : 'Uploaded.');
        return true;
      }
      this.setStatus('uploading', 'Uploading… 0%');
      await putFile(upload, this.file, (fraction) => {
        const percent = Math.round(fraction * 100);
        this.progress.value = percent;
        this.message.textContent = `Uploading… ${percent}%`;
      });
      this.setStatus('done', 'Uploaded. Checking the file…');
      return true;
    } catch (error) {
      this.retryable = error instanceof UploadFailure ? error.retryable : true;
      this.element.dataset.errorCode = error.code ?? '';
      this.setStatus('failed', error.message || 'Upload failed.');
      return false;
    }
  }

  announceFailure(error) {
    if (error.kind === 'network') {
      return new UploadFailure('Could not reach the server: check your connection, then retry.', true);
    }
    switch (error.code) {
      case 'PAYLOAD_TOO_LARGE':
        return new UploadFailure(`Too large (${formatBytes(this.file.size)}): ${error.message || 'receipts can be at most 20 MB.'}`,
          false, error.code);
      case 'UNSUPPORTED_MEDIA_TYPE':
        return new UploadFailure(`Not accepted: ${error.message || 'receipts can be JPEG, PNG, WebP, HEIC or PDF.'}`,
          false, error.code);
      case 'CONFLICT':
      case 'NOT_FOUND':
      case 'VALIDATION_FAILED':
      case 'MALFORMED_JSON':
        return new UploadFailure(describeError(error, { notFound: 'The entry no longer exists.' }), false, error.code);
      default:
        return new UploadFailure(describeError(error), true, error.code);
    }
  }

  dispose() {
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
  }
}

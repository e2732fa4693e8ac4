// Receipts captured first ("Scan receipt"): the chosen photo or PDF is announced to the inbox
// (POST /documents with a client document id) and uploaded at once, before any entry exists. This
// tab keeps each upload while it is under way, so the form and the inbox can show its progress and
// offer Retry; once the bytes are in storage the API knows everything about it.

import { api } from './api.js';
import { Upload } from './uploads.js';

const captures = new Map(); // document id → { upload, promise, listeners }
let changed = () => {};

/** hooks: changed() — a capture was announced, uploaded, failed or removed (e.g. to refresh the inbox count). */
export function initCaptures(hooks) {
  changed = hooks.changed;
}

/** Starts capturing a file; returns the new document's id at once (the upload goes on in the background). */
export function startCapture(file) {
  const capture = { upload: null, promise: null, listeners: new Set() };
  capture.upload = new Upload(file, {
    onRemove: () => removeCapture(capture.upload.documentId),
    onRetry: () => retryCapture(capture.upload.documentId),
  });
  captures.set(capture.upload.documentId, capture);
  capture.promise = run(capture);
  return capture.upload.documentId;
}

async function run(capture) {
  emit(capture, 'uploading');
  const ok = await capture.upload.run(null);
  emit(capture, ok ? 'uploaded' : 'failed');
  if (ok && capture.listeners.size === 0) forget(capture.upload.documentId);
  return ok;
}

/** The capture under way in this tab for that document, or null. */
export function captureOf(id) {
  return captures.get(id) ?? null;
}

/**
 * Calls listener(event) on 'uploading' | 'uploaded' | 'failed' | 'removed'; returns the function
 * that stops listening (after which a finished capture is forgotten).
 */
export function watchCapture(id, listener) {
  const capture = captures.get(id);
  if (!capture) return () => {};
  capture.listeners.add(listener);
  return () => {
    capture.listeners.delete(listener);
    if (capture.listeners.size === 0 && capture.upload.status === 'done') forget(id);
  };
}

export function retryCapture(id) {
  const capture = captures.get(id);
  if (!capture || capture.upload.status === 'uploading' || capture.upload.status === 'done') return capture?.promise;
  capture.promise = run(capture);
  return capture.promise;
}

/** Gives up a failed capture: its document (if it was announced) is deleted, so it does not wait in the inbox. */
export function removeCapture(id) {
  const capture = captures.get(id);
  if (!capture) return;
  api('DELETE', `/documents/${id}`).catch(() => {}).finally(() => changed());
  emit(capture, 'removed');
  forget(id);
}

function forget(id) {
  const capture = captures.get(id);
  if (!capture) return;
  captures.delete(id);
  capture.upload.element.remove();
  capture.upload.dispose();
}

function emit(capture, event) {
  for (const listener of [...capture.listeners]) listener(event, capture);
  changed();
}

/** On sign-out: nothing of the previous user stays (uploads already sent finish on their own). */
export function resetCaptures() {
  for (const id of [...captures.keys()]) forget(id);
}

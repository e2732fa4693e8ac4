// The receipt viewer (dialog#receipt-viewer): a modal dialog that shows the receipt itself by its
// viewUrl (an image, or a PDF in an iframe where the browser shows PDFs inline), with Download
// (its downloadUrl) and Close. Esc and the backdrop close it; focus returns to what opened it.
// Where a PDF cannot be shown inline (phones, or a Content-Security-Policy without frame-src for
// the receipts bucket), its first page (the preview) is shown with a link that opens the PDF.

import { $, formatBytes, h, safeUrl, showError } from './ui.js';
import { duplicateNote, freshDocument, readingSummary, stateText } from './receipts.js';

let dialog;
let els;
let opener = null;
let sequence = 0;

export function initViewer() {
  dialog = $('#receipt-viewer');
  els = {
    title: $('#receipt-viewer-title'), body: $('#receipt-viewer-body'), meta: $('#receipt-viewer-meta'),
    download: $('#receipt-viewer-download'), open: $('#receipt-viewer-open'), close: $('#receipt-viewer-close'),
  };
  els.close.addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  dialog.addEventListener('close', () => {
    sequence += 1;
    els.body.replaceChildren(); // stops loading what was shown
    const back = opener;
    opener = null;
    if (back?.isConnected) back.focus();
  });
  // A PDF frame the page's policy refuses: show its first page instead.
  document.addEventListener('securitypolicyviolation', (event) => {
    if (!dialog.open || !/^(frame|child|default)-src/.test(event.effectiveDirective ?? event.violatedDirective ?? '')) return;
    const frame = els.body.querySelector('iframe');
    if (frame) frame.dispatchEvent(new Event('refused'));
  });
}

/** Opens the viewer for a document (AVAILABLE); `from` gets the focus back when it closes. */
export async function openViewer(doc, from = document.activeElement) {
  const mine = ++sequence;
  let current = doc;
  try {
    current = await freshDocument(doc);
  } catch (error) {
    showError(error, { notFound: 'This receipt no longer exists.' });
    return null;
  }
  if (mine !== sequence) return null;
  opener = from;
  els.title.textContent = current.fileName;
  els.body.replaceChildren(content(current));
  const details = [formatBytes(current.sizeBytes), stateText(current) === 'Read' ? `Read: ${readingSummary(current.extracted)}` : stateText(current)]
    .filter(Boolean).join(' · ');
  els.meta.replaceChildren(details, ...(current.duplicateOf ? [' · ', duplicateNote(current)] : []));
  els.download.href = safeUrl(current.downloadUrl);
  els.download.setAttribute('aria-label', `Download ${current.fileName}`);
  const isPdf = current.contentType === 'application/pdf';
  els.open.hidden = !isPdf;
  els.open.href = isPdf ? safeUrl(current.viewUrl) : '#';
  if (!dialog.open) dialog.showModal();
  els.close.focus();
  return current;
}

export function closeViewer() {
  if (dialog?.open) dialog.close();
}

function content(doc) {
  const view = safeUrl(doc.viewUrl ?? doc.downloadUrl);
  if (doc.contentType === 'application/pdf') {
    if (navigator.pdfViewerEnabled === false) return pdfFallback(doc, 'This browser does not show PDFs here: open it to read every page.');
    const frame = h('iframe', { class: 'viewer-frame', src: view, title: `Receipt ${doc.fileName}` });
    frame.addEventListener('refused', () => frame.replaceWith(pdfFallback(doc, 'Open the PDF to read every page.')), { once: true });
    return frame;
  }
  const img = h('img', { class: 'viewer-image', src: view, alt: `Receipt ${doc.fileName}` });
  img.addEventListener('error', () => {
    img.replaceWith(h('p', { class: 'viewer-note' }, `This browser cannot show ${doc.fileName}: download it to see it.`));
  }, { once: true });
  return img;
}

function pdfFallback(doc, note) {
  return h('div', { class: 'viewer-fallback' },
    doc.previewUrl ? h('img', { class: 'viewer-image', src: safeUrl(doc.previewUrl), alt: `First page of ${doc.fileName}` }) : null,
    h('p', { class: 'viewer-note' }, note));
}

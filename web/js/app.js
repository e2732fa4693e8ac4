// The app's entry point: loads config.json, shows the sign-in screen (#auth) or the app (#app),
// and switches between the views by the URL hash (#/entries, #/add, #/edit/<id>, #/inbox,
// #/scan/<document id>, #/recurring, #/trash, #/exports, #/account), so the back button and reloads behave.
// "Scan receipt" (#nav-scan) captures a photo or PDF into the inbox and opens the form from it.
// The sign-in screen also takes the authenticator code (MFA) and resets a forgotten password.

import { loadConfig, renderConfig } from '../config-view.js';
import { initApi } from './api.js';
import {
  answerMfa, cancelMfa, confirmForgotPassword, confirmSignUp, currentEmail, forgotPassword, initAuth, isSignedIn, logIn,
  onAuthChange, resendConfirmationCode, restoreSession, signOut, signUp,
} from './auth.js';
import { initCaptures, resetCaptures, startCapture } from './capture.js';
import { $, $$, clearErrorBanner, hideBanner, initBanner, showBanner } from './ui.js';
import { closeViewer, initViewer } from './viewer.js';
import { initEdit, leaveEdit, resetEdit, showAdd, showCapture, showEdit } from './views/edit.js';
import { initInbox, inboxDocument, refreshInboxCount, resetInbox, showInbox } from './views/inbox.js';
import {
  hideEntries, initEntries, invalidateEntries, knownCurrencies, listedEntry, resetEntries, showEntries,
} from './views/entries.js';
import { initExports, resetExports, showExports } from './views/exports.js';
import { initRecurring, resetRecurring, showRecurring } from './views/recurring.js';
import { initTrash, resetTrash, showTrash } from './views/trash.js';
import { initAccount, resetAccount, showAccount } from './views/account.js';
import { homeCurrency, loadSettings, resetSettings } from './settings.js';

const ROUTES = {
  entries: { section: 'view-entries', nav: 'nav-entries', title: 'Entries' },
  add: { section: 'view-edit', nav: 'nav-add', title: 'Add entry' },
  edit: { section: 'view-edit', nav: null, title: 'Edit entry' },
  scan: { section: 'view-edit', nav: null, title: 'New entry from a receipt' },
  inbox: { section: 'view-inbox', nav: 'nav-inbox', title: 'Inbox' },
  recurring: { section: 'view-recurring', nav: 'nav-recurring', title: 'Recurring entries' },
  trash: { section: 'view-trash', nav: 'nav-trash', title: 'Trash' },
  exports: { section: 'view-exports', nav: 'nav-exports', title: 'Exports' },
  account: { section: 'view-account', nav: 'nav-account', title: 'Account' },
};

let routed = false;

function currentRoute() {
  const match = /^#\/([a-z]+)(?:\/([^/?#]+))?/.exec(location.hash);
  const name = match && ROUTES[match[1]] ? match[1] : 'entries';
  const param = match?.[2] ? decodeURIComponent(match[2]) : null;
  if (name === 'edit' && !param) return { name: 'add', param: null };
  if (name === 'scan' && !param) return { name: 'inbox', param: null };
  return { name, param };
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash; // → hashchange → route()
}

function route() {
  if (!isSignedIn()) return;
  const { name, param } = currentRoute();
  const target = ROUTES[name];
  for (const section of $$('#main > section.view')) section.hidden = section.id !== target.section;
  for (const link of $$('.tabs a')) {
    if (link.id === target.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${target.title} · Expense Tracker`;
  clearErrorBanner();
  closeViewer();
  if (name !== 'entries') hideEntries();
  if (target.section !== 'view-edit') leaveEdit();
  switch (name) {
    case 'entries': showEntries(); break;
    case 'add': showAdd({ defaultCurrency: homeCurrency() }); break;
    case 'edit': showEdit(param, listedEntry(param)); break;
    case 'scan': showCapture(param, { defaultCurrency: homeCurrency(), known: inboxDocument(param) }); break;
    case 'inbox': showInbox(); break;
    case 'recurring': showRecurring(); break;
    case 'trash': showTrash(); break;
    case 'exports': showExports(); break;
    case 'account': showAccount(); break;
    default: break;
  }
  // Move keyboard and screen-reader focus to the new view's heading (not on the first load).
  if (routed) document.getElementById(target.section).querySelector('.view-title')?.focus();
  routed = true;
}

// ---------------------------------------------------------------------------------------------
// Signed in / signed out.

function resetViews() {
  resetSettings();
  closeViewer();
  resetCaptures();
  resetEntries();
  resetEdit();
  resetInbox();
  resetRecurring();
  resetTrash();
  resetExports();
  resetAccount();
}

function enterApp() {
  hideAuthSteps();
  $('#auth').hidden = true;
  $('#app').hidden = false;
  $('#account-email').textContent = currentEmail();
  $('#auth-message').textContent = '';
  // The home currency, fiscal year and locale: the views follow them as soon as they are read.
  loadSettings().catch(() => {}); // the account view says when they cannot be read
  routed = false;
  route();
  refreshInboxCount();
}

function leaveApp(message) {
  resetViews();
  $('#toast').hidden = true;
  $('#notice').textContent = '';
  if ($('#banner').dataset.kind === 'resuming') hideBanner();
  $('#app').hidden = true;
  $('#auth').hidden = false;
  hideAuthSteps();
  $('#auth-password').value = '';
  $('#auth-message').textContent = message;
  document.title = 'Sign in · Expense Tracker';
  const email = $('#auth-email');
  (email.value ? $('#auth-password') : email).focus();
}

/** Hides the second steps of the sign-in screen (confirmation, authenticator code, password reset). */
function hideAuthSteps() {
  for (const id of ['#confirm-form', '#mfa-form', '#reset-form']) $(id).hidden = true;
  for (const id of ['#confirm-code', '#mfa-code', '#reset-code', '#reset-password']) $(id).value = '';
  cancelMfa();
}

function authMessage(text) {
  $('#auth-message').textContent = text;
}

function setAuthBusy(busy) {
  for (const button of $$('#auth button')) button.disabled = busy;
  $('#auth').setAttribute('aria-busy', String(busy));
}

/** The email and password, or null (with a message) when one is missing. */
function credentials() {
  const email = $('#auth-email').value.trim();
  const password = $('#auth-password').value;
  if (!email || !password) {
    authMessage(!email ? 'Enter your email address.' : 'Enter your password.');
    (!email ? $('#auth-email') : $('#auth-password')).focus();
    return null;
  }
  return { email, password };
}

async function doLogIn() {
  const given = credentials();
  if (!given) return;
  setAuthBusy(true);
  authMessage('Signing in…');
  try {
    const { mfa } = await logIn(given.email, given.password, { keep: keepSignedIn() }); // → onAuthChange → enterApp
    if (mfa) showMfa();
  } catch (error) {
    if (error.type === 'UserNotConfirmedException') showConfirm();
    authMessage(error.message);
  } finally {
    setAuthBusy(false);
  }
}

function keepSignedIn() {
  return $('#keep-signed-in').checked;
}

function showMfa() {
  $('#confirm-form').hidden = true;
  $('#reset-form').hidden = true;
  $('#mfa-form').hidden = false;
  $('#mfa-code').value = '';
  authMessage('Enter the 6-digit code from your authenticator app.');
  $('#mfa-code').focus();
}

async function doMfa() {
  const code = $('#mfa-code').value.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) {
    authMessage('Enter the 6-digit code from your authenticator app.');
    $('#mfa-code').focus();
    return;
  }
  setAuthBusy(true);
  authMessage('Checking the code…');
  try {
    await answerMfa(code); // → onAuthChange → enterApp
  } catch (error) {
    authMessage(error.message);
    if (error.type === 'NotAuthorizedException') {
      // The sign-in session expired (3 minutes) or was used up: back to the password.
      $('#mfa-form').hidden = true;
      $('#auth-password').value = '';
      $('#auth-password').focus();
    } else {
      $('#mfa-code').select();
      $('#mfa-code').focus();
    }
  } finally {
    setAuthBusy(false);
  }
}

// ---- forgotten password: code by email + new password --------------------------------------

async function doForgot({ resend = false } = {}) {
  const email = $('#auth-email').value.trim();
  if (!email) {
    authMessage('Enter your email address, then choose "Forgot password?".');
    $('#auth-email').focus();
    return;
  }
  setAuthBusy(true);
  authMessage('Sending a code…');
  try {
    const destination = await forgotPassword(email);
    $('#confirm-form').hidden = true;
    $('#mfa-form').hidden = true;
    cancelMfa();
    $('#reset-form').hidden = false;
    authMessage(`${resend ? 'A new code is on its way' : 'We sent a code'}${destination ? ` to ${destination}` : ''}: `
      + 'enter it with your new password.');
    $('#reset-code').focus();
  } catch (error) {
    authMessage(error.message);
  } finally {
    setAuthBusy(false);
  }
}

async function doReset() {
  const email = $('#auth-email').value.trim();
  const code = $('#reset-code').value.trim();
  const password = $('#reset-password').value;
  if (!email || !code || !password) {
    authMessage(!email ? 'Enter your email address above.' : !code ? 'Enter the code from the email.' : 'Choose a new password.');
    (!email ? $('#auth-email') : !code ? $('#reset-code') : $('#reset-password')).focus();
    return;
  }
  setAuthBusy(true);
  try {
    await confirmForgotPassword(email, code, password);
    $('#reset-form').hidden = true;
    $('#reset-code').value = '';
    $('#reset-password').value = '';
    $('#auth-password').value = '';
    authMessage('Your password is changed: log in with the new one.');
    $('#auth-password').focus();
  } catch (error) {
    authMessage(error.message);
    (error.type === 'InvalidPasswordException' ? $('#reset-password') : $('#reset-code')).focus();
  } finally {
    setAuthBusy(false);
  }
}

/** The hint for new passwords, from config.json's passwordPolicy when it has one. */
function passwordHint(policy) {
  if (!policy || !Number.isInteger(policy.minLength)) {
    return 'At least 12 characters, with upper and lower case letters, a digit and a symbol.';
  }
  const kinds = [];
  if (policy.requireUppercase && policy.requireLowercase) kinds.push('upper and lower case letters');
  else if (policy.requireUppercase) kinds.push('an upper case letter');
  else if (policy.requireLowercase) kinds.push('a lower case letter');
  if (policy.requireDigits) kinds.push('a digit');
  if (policy.requireSymbols) kinds.push('a symbol');
  const list = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0];
  return `At least ${policy.minLength} characters${list ? `, with ${list}` : ''}.`;
}

async function doSignUp() {
  const given = credentials();
  if (!given) return;
  setAuthBusy(true);
  authMessage('Creating your account…');
  try {
    const { confirmed, destination } = await signUp(given.email, given.password);
    if (confirmed) {
      authMessage('Account created. Signing you in…');
      const { mfa } = await logIn(given.email, given.password, { keep: keepSignedIn() });
      if (mfa) showMfa();
    } else {
      showConfirm();
      authMessage(`Account created. Check your email for the code${destination ? ` (sent to ${destination})` : ''} `
        + 'and enter it below.');
    }
  } catch (error) {
    authMessage(error.message);
  } finally {
    setAuthBusy(false);
  }
}

function showConfirm() {
  $('#mfa-form').hidden = true;
  $('#reset-form').hidden = true;
  $('#confirm-form').hidden = false;
  $('#confirm-code').focus();
}

async function doConfirm() {
  const email = $('#auth-email').value.trim();
  const code = $('#confirm-code').value.trim();
  if (!email || !code) {
    authMessage(!email ? 'Enter your email address above.' : 'Enter the code from the email.');
    return;
  }
  setAuthBusy(true);
  try {
    await confirmSignUp(email, code);
    $('#confirm-form').hidden = true;
    $('#confirm-code').value = '';
    if ($('#auth-password').value) {
      authMessage('Account confirmed. Signing you in…');
      const { mfa } = await logIn(email, $('#auth-password').value, { keep: keepSignedIn() });
      if (mfa) showMfa();
    } else {
      authMessage('Account confirmed: log in now.');
    }
  } catch (error) {
    authMessage(error.message);
    if (/already confirmed/.test(error.message)) {
      $('#confirm-form').hidden = true;
      $('#confirm-code').value = '';
      $($('#auth-password').value ? '#log-in' : '#auth-password').focus();
    }
  } finally {
    setAuthBusy(false);
  }
}

async function doResend() {
  const email = $('#auth-email').value.trim();
  if (!email) {
    authMessage('Enter your email address above.');
    return;
  }
  setAuthBusy(true);
  try {
    const destination = await resendConfirmationCode(email);
    authMessage(`A new code is on its way${destination ? ` to ${destination}` : ''}.`);
  } catch (error) {
    authMessage(error.message);
  } finally {
    setAuthBusy(false);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  initBanner();
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    $('#auth').hidden = false;
    setAuthBusy(true);
    showBanner(error.message);
    return;
  }
  renderConfig($('#config'), config);
  if (config.environment && config.environment !== 'prod') {
    const badge = $('#env-badge');
    badge.textContent = config.environment;
    badge.hidden = false;
    if (config.environment === 'local') {
      // The codes AWS would email land in the local mailbox.
      badge.href = `${config.cognitoEndpoint.replace(/\/+$/, '')}/_local/mailbox.html`;
      badge.target = '_blank';
      badge.rel = 'noopener';
      badge.title = 'Local stack: open the local mailbox (the codes AWS would email)';
    }
  }
  const hint = passwordHint(config.passwordPolicy);
  for (const element of $$('[data-password-hint]')) {
    element.textContent = element.id === 'auth-password-hint' ? `New accounts: ${hint.charAt(0).toLowerCase()}${hint.slice(1)}` : hint;
  }
  initAuth(config);
  initApi(config);
  initViewer();
  initCaptures({ changed: refreshInboxCount });
  initEntries({ editEntry: (entry) => go(`#/edit/${encodeURIComponent(entry.id)}`) });
  initEdit({ goToEntries: () => go('#/entries'), entriesChanged: invalidateEntries, inboxChanged: refreshInboxCount });
  initInbox({ createEntry: (doc) => go(`#/scan/${encodeURIComponent(doc.id)}`) });
  initRecurring({ entriesChanged: invalidateEntries });
  initTrash({ entriesChanged: invalidateEntries });
  initExports();
  initAccount({ currencies: knownCurrencies });

  $('#auth-form').addEventListener('submit', (event) => {
    event.preventDefault();
    doLogIn();
  });
  $('#sign-up').addEventListener('click', doSignUp);
  $('#confirm-form').addEventListener('submit', (event) => {
    event.preventDefault();
    doConfirm();
  });
  $('#confirm-resend').addEventListener('click', doResend);
  $('#mfa-form').addEventListener('submit', (event) => {
    event.preventDefault();
    doMfa();
  });
  $('#mfa-cancel').addEventListener('click', () => {
    hideAuthSteps();
    authMessage('');
    $('#auth-password').focus();
  });
  $('#forgot-password').addEventListener('click', () => doForgot());
  $('#reset-form').addEventListener('submit', (event) => {
    event.preventDefault();
    doReset();
  });
  $('#reset-resend').addEventListener('click', () => doForgot({ resend: true }));
  $('#reset-cancel').addEventListener('click', () => {
    hideAuthSteps();
    authMessage('');
    $('#auth-password').focus();
  });
  $('#log-out').addEventListener('click', () => signOut('You have logged out.', { revoke: true }));

  // Scan receipt: the camera on phones (capture="environment"), a file chooser elsewhere. The photo
  // goes to the inbox at once and the form opens beside it, filled in once the receipt is read.
  const scanFile = $('#scan-file');
  $('#nav-scan').addEventListener('click', () => scanFile.click());
  scanFile.addEventListener('change', () => {
    const [file] = scanFile.files ?? [];
    scanFile.value = ''; // the same file can be chosen again
    if (!file) return;
    go(`#/scan/${encodeURIComponent(startCapture(file))}`);
  });

  // A tab that is already the current hash fires no hashchange: route anyway (e.g. "Add" again → a new form).
  for (const link of $$('.tabs a')) {
    link.addEventListener('click', (event) => {
      if (link.getAttribute('href') === location.hash) {
        event.preventDefault();
        route();
      }
    });
  }
  window.addEventListener('hashchange', route);

  onAuthChange(({ signedIn, message }) => {
    if (!signedIn) {
      leaveApp(message);
      return;
    }
    resetViews(); // a sign-in (here or in another tab) may be another account: nothing of the last one stays
    enterApp();
  });
  if (restoreSession()) enterApp();
  else leaveApp('');
}

main();

// The app's entry point: loads config.json, shows the sign-in screen (#auth) or the app (#app),
// and switches between the views by the URL hash (#/entries, #/add, #/edit/<id>, #/trash,
// #/exports), so the back button and reloads behave.

import { loadConfig, renderConfig } from '../config-view.js';
import { initApi } from './api.js';
import {
  confirmSignUp, currentEmail, initAuth, isSignedIn, logIn, onAuthChange, resendConfirmationCode, restoreSession,
  signOut, signUp,
} from './auth.js';
import { $, $$, clearErrorBanner, hideBanner, initBanner, showBanner } from './ui.js';
import { initEdit, resetEdit, showAdd, showEdit } from './views/edit.js';
import {
  defaultCurrency, hideEntries, initEntries, invalidateEntries, listedEntry, resetEntries, showEntries,
} from './views/entries.js';
import { initExports, resetExports, showExports } from './views/exports.js';
import { initTrash, resetTrash, showTrash } from './views/trash.js';

const ROUTES = {
  entries: { section: 'view-entries', nav: 'nav-entries', title: 'Entries' },
  add: { section: 'view-edit', nav: 'nav-add', title: 'Add entry' },
  edit: { section: 'view-edit', nav: null, title: 'Edit entry' },
  trash: { section: 'view-trash', nav: 'nav-trash', title: 'Trash' },
  exports: { section: 'view-exports', nav: 'nav-exports', title: 'Exports' },
};

let routed = false;

function currentRoute() {
  const match = /^#\/([a-z]+)(?:\/([^/?#]+))?/.exec(location.hash);
  const name = match && ROUTES[match[1]] ? match[1] : 'entries';
  const param = match?.[2] ? decodeURIComponent(match[2]) : null;
  return name === 'edit' && !param ? { name: 'add', param: null } : { name, param };
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
  if (name !== 'entries') hideEntries();
  switch (name) {
    case 'entries': showEntries(); break;
    case 'add': showAdd({ defaultCurrency: defaultCurrency() }); break;
    case 'edit': showEdit(param, listedEntry(param)); break;
    case 'trash': showTrash(); break;
    case 'exports': showExports(); break;
    default: break;
  }
  // Move keyboard and screen-reader focus to the new view's heading (not on the first load).
  if (routed) document.getElementById(target.section).querySelector('.view-title')?.focus();
  routed = true;
}

// ---------------------------------------------------------------------------------------------
// Signed in / signed out.

function enterApp() {
  $('#auth').hidden = true;
  $('#app').hidden = false;
  $('#account-email').textContent = currentEmail();
  $('#auth-message').textContent = '';
  routed = false;
  route();
}

function leaveApp(message) {
  resetEntries();
  resetEdit();
  resetTrash();
  resetExports();
  $('#toast').hidden = true;
  $('#notice').textContent = '';
  if ($('#banner').dataset.kind === 'resuming') hideBanner();
  $('#app').hidden = true;
  $('#auth').hidden = false;
  $('#confirm-form').hidden = true;
  $('#auth-password').value = '';
  $('#auth-message').textContent = message;
  document.title = 'Sign in · Expense Tracker';
  const email = $('#auth-email');
  (email.value ? $('#auth-password') : email).focus();
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
    await logIn(given.email, given.password); // → onAuthChange → enterApp
  } catch (error) {
    if (error.type === 'UserNotConfirmedException') showConfirm();
    authMessage(error.message);
  } finally {
    setAuthBusy(false);
  }
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
      await logIn(given.email, given.password);
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
      await logIn(email, $('#auth-password').value);
    } else {
      authMessage('Account confirmed: log in now.');
    }
  } catch (error) {
    authMessage(error.message);
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
  }
  if (config.environment === 'local') {
    $('#auth-password-hint').textContent = 'New accounts: at least 8 characters.';
  } else {
    $('#auth-password-hint').textContent = 'New accounts: at least 12 characters, with upper and lower case letters, '
      + 'a digit and a symbol.';
  }
  initAuth(config);
  initApi(config);
  initEntries({ editEntry: (entry) => go(`#/edit/${encodeURIComponent(entry.id)}`) });
  initEdit({ goToEntries: () => go('#/entries'), entriesChanged: invalidateEntries });
  initTrash({ entriesChanged: invalidateEntries });
  initExports();

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
  $('#log-out').addEventListener('click', () => signOut('You have logged out.', { revoke: true }));

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

  onAuthChange(({ signedIn, message }) => (signedIn ? enterApp() : leaveApp(message)));
  if (restoreSession()) enterApp();
  else leaveApp('');
}

main();

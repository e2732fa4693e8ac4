// The signed-in user's settings (GET|PUT /settings): the home currency (what new entries default
// to and the totals count in), the month the fiscal year starts and the locale numbers and dates
// are written in. Read once at sign-in; views that depend on them listen with onSettingsChange.

import { api } from './api.js';
import { setLocale } from './ui.js';

/** Offered in the settings and the entry form beside the user's own currencies. */
export const COMMON_CURRENCIES = [
  'INR', 'USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'CNY', 'AED', 'SAR', 'SEK', 'NOK',
  'DKK', 'PLN', 'CZK', 'ZAR', 'BRL', 'MXN', 'THB', 'MYR', 'IDR', 'LKR', 'NPR', 'BDT', 'PKR', 'KRW', 'TRY',
];

/** Offered as number and date formats (BCP 47 tags). */
export const COMMON_LOCALES = [
  'en', 'en-IN', 'en-US', 'en-GB', 'en-AU', 'en-CA', 'en-SG', 'hi-IN', 'de-DE', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES',
  'es-MX', 'it-IT', 'nl-NL', 'pt-BR', 'pt-PT', 'sv-SE', 'pl-PL', 'ja-JP', 'zh-CN',
];

let current = null;   // the settings as the API last gave them, or null (not read yet)
let fallbackHome = ''; // the home currency a summary named while the settings could not be read
let loading = null;   // the GET under way, shared by whoever asks meanwhile
let generation = 0;   // bumped on sign-out: an answer for the previous user is dropped
const listeners = new Set();

/**
 * Calls listener(settings) whenever the settings are read or saved (null: not known, e.g. signed
 * out); returns a function that stops it.
 */
export function onSettingsChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function apply(settings) {
  current = settings;
  setLocale(settings?.locale);
  for (const listener of listeners) listener(settings);
}

/** The settings as last read, or null before they are. */
export function currentSettings() {
  return current;
}

/** The home currency ('' until it is known). */
export function homeCurrency() {
  return current?.homeCurrency ?? fallbackHome;
}

/** Reads the settings (once per sign-in unless forced); resolves them, or rejects with the ApiError. */
export function loadSettings({ force = false } = {}) {
  if (current && !force) return Promise.resolve(current);
  if (loading) return loading;
  const mine = generation;
  loading = api('GET', '/settings').then(({ data }) => {
    if (mine !== generation) return current;
    apply(data);
    return data;
  }).finally(() => {
    if (mine === generation) loading = null;
  });
  return loading;
}

/** PUT /settings with the fields to change; resolves the settings now (and tells every listener). */
export async function saveSettings(changes) {
  const mine = generation;
  const { data } = await api('PUT', '/settings', { body: changes });
  if (mine === generation) apply(data);
  return data;
}

/**
 * When GET /settings could not be read, a summary still names the home currency: it stands in
 * until the settings are read.
 */
export function noteHomeCurrency(code) {
  if (current || !code || code === fallbackHome) return;
  fallbackHome = code;
  for (const listener of listeners) listener(null);
}

/** On sign-out: nothing of this user's settings stays. */
export function resetSettings() {
  generation += 1;
  loading = null;
  current = null;
  fallbackHome = '';
  setLocale(undefined);
  for (const listener of listeners) listener(null);
}

// Autocomplete for category and description: a <datalist> fed by GET /suggestions as the user
// types (debounced; answers to an older prefix are dropped).

import { api } from './api.js';

const DEBOUNCE_MS = 250;

export function attachSuggestions(input, datalist, field) {
  let timer;
  let sequence = 0;
  let shownPrefix = null;

  async function load() {
    const prefix = input.value.trim().slice(0, 100);
    if (prefix === shownPrefix) return;
    const mine = ++sequence;
    try {
      const { data } = await api('GET', '/suggestions', { query: { field, prefix, limit: 10 } });
      if (mine !== sequence) return;
      shownPrefix = prefix;
      datalist.replaceChildren(...(data?.suggestions ?? []).map((value) => {
        const option = document.createElement('option');
        option.value = value;
        return option;
      }));
    } catch {
      // Suggestions are a convenience: stay quiet (an expired session is handled by api.js).
    }
  }

  const schedule = (delay) => {
    clearTimeout(timer);
    timer = setTimeout(load, delay);
  };
  input.addEventListener('input', () => schedule(DEBOUNCE_MS));
  input.addEventListener('focus', () => schedule(0));

  return {
    reset() {
      clearTimeout(timer);
      sequence += 1;
      shownPrefix = null;
      datalist.replaceChildren();
    },
  };
}

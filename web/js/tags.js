// A tag field: the user types tags into an <input> (comma or Enter ends one), each becomes a
// removable chip in a list beside it; suggestions come from GET /suggestions?field=tag. Tags are
// kept as the server stores them: trimmed, lower-case, once each, at most MAX_TAGS of MAX_LENGTH.

import { attachSuggestions } from './suggest.js';
import { h } from './ui.js';

export const MAX_TAGS = 10;
export const MAX_LENGTH = 32;

/** The tags of a text such as "Trip, work": trimmed, lower-case, without blanks and repeats. */
export function parseTags(text) {
  const tags = [];
  for (const part of String(text ?? '').split(',')) {
    const tag = part.trim().toLowerCase();
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/**
 * input: the text field; list: the element that holds the chips; datalist: its suggestions.
 * onChange(tags) is called whenever a tag is added or removed.
 */
export function attachTagInput(input, list, datalist, { onChange = () => {} } = {}) {
  let tags = [];
  const suggestions = attachSuggestions(input, datalist, 'tag');

  function render() {
    list.replaceChildren(...tags.map((tag) => {
      const remove = h('button', { type: 'button', class: 'tag-remove', 'aria-label': `Remove tag ${tag}` }, '×');
      remove.addEventListener('click', () => {
        const index = tags.indexOf(tag);
        tags = tags.filter((other) => other !== tag);
        render();
        onChange(tags);
        // the focus stays in the field: on the next chip's button, else the input
        (list.querySelectorAll('.tag-remove')[Math.min(index, tags.length - 1)] ?? input).focus();
      });
      return h('li', { class: 'tag-chip', dataset: { tag } }, h('span', { class: 'tag-chip-text' }, tag), remove);
    }));
    list.hidden = tags.length === 0;
  }

  /** Moves what is typed into chips; true when something was added. */
  function commit() {
    const added = parseTags(input.value).filter((tag) => !tags.includes(tag));
    input.value = '';
    if (!added.length) return false;
    tags = [...tags, ...added];
    render();
    onChange(tags);
    return true;
  }

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && input.value.trim()) {
      event.preventDefault(); // Enter with text ends a tag; on an empty field it submits the form
      commit();
    } else if (event.key === 'Backspace' && input.value === '' && tags.length) {
      tags = tags.slice(0, -1);
      render();
      onChange(tags);
    }
  });
  input.addEventListener('input', () => {
    // a comma (typed or pasted) ends a tag; a suggestion picked from the list is taken whole
    if (input.value.includes(',')) {
      const rest = input.value.slice(input.value.lastIndexOf(',') + 1);
      input.value = input.value.slice(0, input.value.lastIndexOf(','));
      commit();
      input.value = rest.trimStart();
    }
  });
  input.addEventListener('change', () => {
    if (input.value.trim()) commit();
  });
  render();

  return {
    /** The chips and what is still typed in the field. */
    values() {
      const pending = parseTags(input.value).filter((tag) => !tags.includes(tag));
      return [...tags, ...pending];
    },
    set(values) {
      tags = parseTags((values ?? []).join(','));
      input.value = '';
      render();
    },
    reset() {
      tags = [];
      input.value = '';
      suggestions.reset();
      render();
    },
  };
}

// The summary as a horizontal bar chart in inline SVG, built with DOM APIs: one row per group
// (month or category), a "spent" bar and a "received" bar. The viewBox is as wide as the chart is
// drawn (redrawn when that changes), so text keeps its size on a phone and on a desktop; colours
// come from style.css classes (no inline styles under the CSP).

import { appLocale } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const FALLBACK_WIDTH = 360;
const MIN_WIDTH = 260;
const LABEL_WIDTH = 92;
const VALUE_WIDTH = 74;
const ROW_HEIGHT = 30;
const BAR_HEIGHT = 10;
const TOP = 4;
const MAX_CATEGORIES = 12;
const MAX_MONTHS = 24;

function svg(tag, attrs = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function groupLabel(key, groupBy) {
  if (groupBy === 'month') {
    const match = /^(\d{4})-(\d{2})$/.exec(key);
    if (match) {
      return new Date(Number(match[1]), Number(match[2]) - 1, 1)
        .toLocaleDateString(appLocale(), { month: 'short', year: 'numeric' });
    }
  }
  return key === '' ? '(no category)' : key;
}

/** Keeps the chart readable: the last 24 months, or the 11 largest categories plus "Other". */
function limitGroups(groups, groupBy) {
  if (groupBy === 'month') return groups.slice(-MAX_MONTHS);
  if (groups.length <= MAX_CATEGORIES) return groups;
  const kept = groups.slice(0, MAX_CATEGORIES - 1);
  const rest = groups.slice(MAX_CATEGORIES - 1);
  const sum = (field) => rest.reduce((total, group) => total + Number(group[field]), 0).toFixed(2);
  return [...kept, {
    key: `Other (${rest.length})`, debit: sum('debit'), credit: sum('credit'),
    count: rest.reduce((total, group) => total + group.count, 0), other: true,
  }];
}

const redraws = new WeakMap();
const drawnWidths = new WeakMap();

function chartWidth(chart) {
  const measured = Math.round(chart.getBoundingClientRect().width);
  const width = measured > 0 ? Math.max(MIN_WIDTH, measured) : FALLBACK_WIDTH;
  drawnWidths.set(chart, measured);
  return width;
}

/** Redraws with the latest data when the chart's width changes (rotation, resize, view shown). */
function watchSize(chart, redraw) {
  if (!('ResizeObserver' in window)) return;
  if (!redraws.has(chart)) {
    new ResizeObserver(() => {
      const width = Math.round(chart.getBoundingClientRect().width);
      if (width > 0 && Math.abs(width - (drawnWidths.get(chart) ?? 0)) > 2) redraws.get(chart)();
    }).observe(chart);
  }
  redraws.set(chart, redraw);
}

function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Draws summary.groups into the <svg> and fills the visually hidden table that carries the same
 * numbers for screen readers.
 */
export function drawChart(chart, table, summary, groupBy) {
  watchSize(chart, () => drawChart(chart, table, summary, groupBy));
  const width = chartWidth(chart);
  const groups = limitGroups(summary?.groups ?? [], groupBy);
  const desc = chart.querySelector('desc');
  for (const child of Array.from(chart.children)) {
    if (child.tagName !== 'title' && child.tagName !== 'desc') child.remove();
  }
  const tbody = table.tBodies[0];
  tbody.replaceChildren();

  if (!groups.length) {
    chart.setAttribute('viewBox', `0 0 ${width} 40`);
    chart.append(svg('text', { x: width / 2, y: 24, 'text-anchor': 'middle', class: 'chart-empty' },
      'Nothing to show for these filters.'));
    desc.textContent = 'No entries match the filters.';
    return;
  }

  const max = Math.max(...groups.flatMap((group) => [Number(group.debit), Number(group.credit)]), 0.01);
  const labelChars = width >= 480 ? 22 : 14;
  const labelWidth = width >= 480 ? 140 : LABEL_WIDTH;
  const barSpace = width - labelWidth - VALUE_WIDTH;
  const height = TOP * 2 + groups.length * ROW_HEIGHT;
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);

  const body = svg('g', { class: 'chart-body' });
  groups.forEach((group, index) => {
    const label = groupLabel(group.key, groupBy);
    const y = TOP + index * ROW_HEIGHT;
    const row = svg('g', { class: 'chart-row' });
    row.append(svg('title', {}, `${label}: spent ${group.debit}, received ${group.credit} (${group.count} entries)`));
    row.append(svg('text', { x: labelWidth - 6, y: y + ROW_HEIGHT / 2 + 1, 'text-anchor': 'end',
      'dominant-baseline': 'middle', class: 'chart-label' }, truncate(label, labelChars)));
    [['debit', 'bar-debit', y + 3], ['credit', 'bar-credit', y + 3 + BAR_HEIGHT + 2]].forEach(([field, cls, barY]) => {
      const value = Number(group[field]);
      const barWidth = value > 0 ? Math.max(1.5, (value / max) * barSpace) : 0;
      row.append(svg('rect', { x: labelWidth, y: barY, width: barWidth.toFixed(2), height: BAR_HEIGHT, rx: 2, class: cls }));
      if (value > 0) {
        row.append(svg('text', { x: labelWidth + barWidth + 4, y: barY + BAR_HEIGHT / 2 + 0.5,
          'dominant-baseline': 'middle', class: 'chart-value' }, group[field]));
      }
    });
    body.append(row);

    const tr = document.createElement('tr');
    for (const [cellTag, text] of [['th', label], ['td', group.debit], ['td', group.credit], ['td', String(group.count)]]) {
      const cell = document.createElement(cellTag);
      if (cellTag === 'th') cell.scope = 'row';
      cell.textContent = text;
      tr.append(cell);
    }
    tbody.append(tr);
  });
  chart.append(body);
  desc.textContent = `${groups.length} ${groupBy === 'month' ? 'months' : 'categories'}; `
    + `total spent ${summary.debit}, received ${summary.credit} ${summary.currency ?? ''}.`;
}

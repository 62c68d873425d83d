// Small DOM helpers. Text always goes in as text (textContent / text nodes), never as HTML.
import { currentLocale, t } from './i18n.js';

/**
 * Creates an element. `props`: `class`, `text`, `dataset`, `on` (event → handler), boolean/string attributes.
 * Children: nodes or strings (added as text), null/false skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = String(value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node;
}

/** Replaces a table's content: a header row of `columns` ({label, className?}) and `rows` (arrays of cells). */
export function fillTable(table, columns, rows, emptyText) {
  table.replaceChildren();
  const headRow = el('tr');
  for (const column of columns)
    headRow.append(column.node ?? el('th', { scope: 'col', class: column.className }, column.label));
  table.append(el('thead', {}, headRow));
  const body = el('tbody');
  if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, emptyText)));
  for (const cells of rows)
    body.append(
      el(
        'tr',
        {},
        cells.map((cell, i) => el('td', { class: columns[i]?.className }, cell)),
      ),
    );
  table.append(body);
}

export function formatNumber(value) {
  return new Intl.NumberFormat(currentLocale()).format(value);
}

export function formatPercent(value, digits = 1) {
  if (value === null || value === undefined) return t('kpi.none');
  return new Intl.NumberFormat(currentLocale(), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatDecimal(value, digits = 2) {
  if (value === null || value === undefined) return t('kpi.none');
  return new Intl.NumberFormat(currentLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** `YYYY-MM-DD` of a Date in UTC (the stats' days are UTC days). */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** Sets a from/to date pair to the last `days` days (today included) unless already set. */
export function defaultRange(fromInput, toInput, days) {
  if (fromInput.value && toInput.value) return;
  const today = new Date();
  toInput.value = isoDay(today);
  fromInput.value = isoDay(new Date(today.getTime() - (days - 1) * 86_400_000));
}

/** The API's `from`/`to` for an inclusive day range: from 00:00 UTC of the first day to 00:00 UTC after the last. */
export function rangeParams(fromInput, toInput) {
  const from = new Date(`${fromInput.value}T00:00:00.000Z`);
  const to = new Date(`${toInput.value}T00:00:00.000Z`);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return {};
  return { from: from.toISOString(), to: new Date(to.getTime() + 86_400_000).toISOString() };
}

/** Shows a short message in the page's live region (`kind`: info | success | error). */
export function announce(message, kind = 'info') {
  const status = byId('status');
  status.textContent = message;
  status.dataset.kind = kind;
}

/** A `?a=1&b=2` query of the non-empty values. */
export function query(params) {
  const search = new window.URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

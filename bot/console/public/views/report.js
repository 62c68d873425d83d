// Intent report (GET /api/console/intent-report): per-intent precision/recall/F1 on the held-out tests
// (sortable; weakest F1 first), the most confused pairs and the confidence histogram.
import { api } from '../api.js';
import { drawChart, PALETTE, summarize } from '../charts.js';
import { byId, el, fillTable, formatDateTime, formatDecimal, formatNumber, formatPercent } from '../dom.js';
import { t } from '../i18n.js';

const COLUMNS = [
  { key: 'intent', label: 'report.intent' },
  { key: 'precision', label: 'report.precision', num: true },
  { key: 'recall', label: 'report.recall', num: true },
  { key: 'f1', label: 'report.f1', num: true },
  { key: 'support', label: 'report.support', num: true },
];

let report;
let sort = { key: 'f1', ascending: true };

function header(column) {
  const active = sort.key === column.key;
  const button = el(
    'button',
    { type: 'button', class: 'sort', 'aria-label': t('report.sortBy', { column: t(column.label) }) },
    t(column.label),
    el('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (sort.ascending ? '▲' : '▼') : ''),
  );
  button.addEventListener('click', () => {
    sort = { key: column.key, ascending: active ? !sort.ascending : column.key === 'intent' || column.key === 'f1' };
    renderTable();
    document.querySelector(`#report-table th[data-key="${column.key}"] button`)?.focus();
  });
  return el(
    'th',
    {
      scope: 'col',
      class: column.num ? 'num' : undefined,
      dataset: { key: column.key },
      'aria-sort': active ? (sort.ascending ? 'ascending' : 'descending') : 'none',
    },
    button,
  );
}

function renderTable() {
  const direction = sort.ascending ? 1 : -1;
  const rows = [...report.intents].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    return (typeof x === 'string' ? x.localeCompare(y) : x - y) * direction || a.intent.localeCompare(b.intent);
  });
  fillTable(
    byId('report-table'),
    COLUMNS.map((column) => ({ node: header(column), className: column.num ? 'num' : undefined })),
    rows.map((row) => [
      row.intent,
      formatDecimal(row.precision),
      formatDecimal(row.recall),
      el('span', { class: row.f1 < 0.8 ? 'weak' : undefined }, formatDecimal(row.f1)),
      formatNumber(row.support),
    ]),
    t('report.none'),
  );
}

function render() {
  byId('report-summary').textContent = t('report.summary', {
    version: report.modelVersion,
    accuracy: formatPercent(report.accuracy),
    tests: formatNumber(report.tests),
    when: formatDateTime(report.computedAt),
  });
  renderTable();
  fillTable(
    byId('confusions-table'),
    [{ label: t('report.expected') }, { label: t('report.predicted') }, { label: t('report.count'), className: 'num' }],
    report.confusions.map((pair) => [pair.expected, pair.predicted, formatNumber(pair.count)]),
    t('report.none'),
  );
  const labels = report.histogram.map((bucket) => `${bucket.from.toFixed(1)}–${bucket.to.toFixed(1)}`);
  drawChart(
    'chart-histogram',
    {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: t('chart.correct'), data: report.histogram.map((b) => b.correct), backgroundColor: PALETTE[1] },
          { label: t('chart.wrong'), data: report.histogram.map((b) => b.wrong), backgroundColor: PALETTE[3] },
        ],
      },
      options: {
        plugins: { legend: { position: 'bottom' } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    },
    summarize(
      'chart.histogram',
      report.histogram.map((b, i) => [labels[i], `${b.correct}/${b.wrong}`]),
    ),
  );
}

export async function loadReport() {
  report = await api.get('/intent-report');
  render();
}

export function relabelReport() {
  if (report) render();
}

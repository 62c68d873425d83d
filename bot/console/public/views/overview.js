// Overview: the KPI tiles and charts of GET /api/console/stats for a date range, channel and language.
import { api } from '../api.js';
import { barChart, doughnutChart, drawChart, PALETTE, summarize } from '../charts.js';
import { byId, defaultRange, el, formatDecimal, formatNumber, formatPercent, query, rangeParams } from '../dom.js';
import { t } from '../i18n.js';

let last;

function tile(labelKey, value, note) {
  return el(
    'div',
    { class: 'kpi' },
    el('dt', {}, t(labelKey)),
    el('dd', { class: 'kpi-value' }, value),
    note ? el('dd', { class: 'kpi-note' }, note) : null,
  );
}

function renderKpis(stats) {
  byId('kpis').replaceChildren(
    el(
      'dl',
      { class: 'kpi-grid' },
      tile('kpi.conversations', formatNumber(stats.conversations)),
      tile('kpi.turns', formatNumber(stats.turns)),
      tile('kpi.containment', formatPercent(stats.containment_rate)),
      tile('kpi.handoff', formatPercent(stats.handoff_rate)),
      tile(
        'kpi.csat',
        stats.csat_average === null ? t('kpi.none') : `${formatDecimal(stats.csat_average, 1)} / 5`,
        t('kpi.csatResponses', { count: formatNumber(stats.csat_responses) }),
      ),
      tile('kpi.fallback', formatPercent(stats.fallback_rate)),
      tile('kpi.provisional', formatNumber(stats.provisional), t('kpi.provisionalNote')),
    ),
  );
}

function renderDaily(daily) {
  const labels = daily.map((day) => day.date.slice(5));
  const conversations = daily.map((day) => day.conversations);
  const containment = daily.map((day) =>
    day.containment_rate === null ? null : Math.round(day.containment_rate * 1000) / 10,
  );
  drawChart(
    'chart-daily',
    {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            label: t('chart.conversations'),
            data: conversations,
            borderColor: PALETTE[0],
            backgroundColor: 'rgba(11, 92, 173, 0.12)',
            fill: true,
            tension: 0.25,
            yAxisID: 'y',
          },
          {
            label: t('chart.containment'),
            data: containment,
            borderColor: PALETTE[1],
            backgroundColor: PALETTE[1],
            borderDash: [6, 4],
            tension: 0.25,
            spanGaps: true,
            yAxisID: 'percent',
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line' } } },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t('chart.conversations') } },
          percent: {
            position: 'right',
            min: 0,
            max: 100,
            grid: { drawOnChartArea: false },
            title: { display: true, text: t('chart.containment') },
          },
        },
      },
    },
    summarize(
      'chart.daily',
      daily.map((day, i) => [day.date, `${conversations[i]} / ${formatPercent(day.containment_rate, 0)}`]),
    ),
  );
}

function sorted(record, valueOf) {
  return Object.entries(record)
    .map(([key, value]) => [key, valueOf(value)])
    .sort((a, b) => b[1] - a[1]);
}

function render(stats) {
  renderKpis(stats);
  renderDaily(stats.daily);
  barChart(
    'chart-handoffs',
    'chart.handoffs',
    sorted(stats.handoffs_by_reason, Number).map(([reason, n]) => [translated(`handoff.${reason}`, reason), n]),
    { color: PALETTE[2] },
  );
  barChart(
    'chart-intents',
    'chart.intents',
    stats.top_intents.slice(0, 10).map((row) => [row.intent, row.count]),
    { horizontal: true },
  );
  barChart(
    'chart-channels',
    'chart.channels',
    sorted(stats.by_channel, (figures) => figures.conversations),
    { color: PALETTE[5] },
  );
  doughnutChart(
    'chart-languages',
    'chart.languages',
    sorted(stats.by_language, (figures) => figures.conversations).map(([lang, n]) => [
      translated(`lang.${lang}`, lang),
      n,
    ]),
  );
}

/** A dictionary string, or `fallback` (a raw id) when the dictionary has none. */
function translated(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

export async function loadOverview() {
  defaultRange(byId('ov-from'), byId('ov-to'), 7);
  const params = {
    ...rangeParams(byId('ov-from'), byId('ov-to')),
    channel: byId('ov-channel').value,
    language: byId('ov-language').value,
  };
  last = await api.get(`/stats${query(params)}`);
  render(last);
}

/** Redraws with the current language (labels, number formats) without asking the server again. */
export function relabelOverview() {
  if (last) render(last);
}

export function initOverview(run) {
  byId('overview-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    run(loadOverview);
  });
}

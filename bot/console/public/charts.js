// Chart.js (loaded as /console/vendor/chart.umd.js, a classic script that defines window.Chart) behind a few
// helpers. Every chart is a canvas with role="img" and an aria-label that says what it shows in words.
import { t } from './i18n.js';

export const PALETTE = ['#0b5cad', '#1f9d74', '#e08a00', '#b5446e', '#6a55c2', '#2b8fc6', '#8a6d3b', '#59636e'];
const charts = new Map();

function library() {
  const Chart = window.Chart;
  if (!Chart) throw new Error('Chart.js did not load');
  if (!library.ready) {
    Chart.defaults.font.family = window.getComputedStyle(document.documentElement).fontFamily;
    Chart.defaults.color = '#3d4550';
    Chart.defaults.borderColor = '#e3e7ec';
    Chart.defaults.maintainAspectRatio = false;
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) Chart.defaults.animation = false;
    else Chart.defaults.animation.duration = 300;
    library.ready = true;
  }
  return Chart;
}

/** Draws (or redraws) the chart on canvas `id`; `summary` is read out instead of the picture. */
export function drawChart(id, config, summary) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  charts.get(id)?.destroy();
  charts.set(id, new (library())(canvas, config));
  canvas.setAttribute('aria-label', summary);
}

/** "title: a 3, b 2" for a canvas's label, capped at a readable length. */
export function summarize(titleKey, pairs) {
  const items = pairs.length
    ? pairs
        .slice(0, 12)
        .map(([label, value]) => `${label} ${value}`)
        .join(', ')
    : t('chart.empty');
  return t('chart.summary', { title: t(titleKey), items });
}

/** A bar chart of `pairs` ([label, value]); horizontal when the labels are long (intent ids). */
export function barChart(id, titleKey, pairs, { horizontal = false, color = PALETTE[0] } = {}) {
  drawChart(
    id,
    {
      type: 'bar',
      data: {
        labels: pairs.map(([label]) => label),
        datasets: [{ label: t('chart.count'), data: pairs.map(([, v]) => v), backgroundColor: color, borderRadius: 4 }],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: false } },
        scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    },
    summarize(titleKey, pairs),
  );
}

export function doughnutChart(id, titleKey, pairs) {
  drawChart(
    id,
    {
      type: 'doughnut',
      data: {
        labels: pairs.map(([label]) => label),
        datasets: [{ data: pairs.map(([, v]) => v), backgroundColor: PALETTE, borderWidth: 2, borderColor: '#fff' }],
      },
      options: { cutout: '55%', plugins: { legend: { position: 'bottom' } } },
    },
    summarize(titleKey, pairs),
  );
}

// The Overview's API call trend: calls and failures per hour or day over a range (the last
// 24 h, 7 or 30 days, or two dates picked), from the console's log statistics, drawn by uPlot,
// and the most called APIs as a ranked list. The range lives in the screen's address.
import uPlot from '../../../../vendor/uplot/uPlot.esm.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorBox } from '../../../../components/dialog.js';
import { shortBucket } from '../api-logs/stats.js';
import { alpha, cssVar, onWidth, themedAxes } from './charts.js';

export const RANGES = { '24h': 1, '7d': 7, '30d': 30 };
const two = (n) => String(n).padStart(2, '0');
const day = (d) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
const stamp = (d) => `${day(d)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;

/** The console's `[from, to]` (`yyyy-MM-dd HH:mm:ss`) for `params` at `now`; null if invalid. */
export function trendRange({ range, from, to }, now = new Date()) {
  if (range !== 'custom') {
    const days = RANGES[range] ?? RANGES['7d'];
    return [stamp(new Date(now.getTime() - days * 86400e3)), stamp(now)];
  }
  const ok = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v || '');
  if (!ok(from) || !ok(to) || from > to) return null;
  return [`${from} 00:00:00`, `${to} 23:59:59`];
}

function topList(ranking) {
  const top = (ranking || []).slice(0, 10);
  const most = Math.max(1, ...top.map((r) => Number(r.total) || 0));
  if (!top.length) return h('p', { class: 'muted' }, t('fm.overview.topEmpty'));
  return h('ol', { class: 'ov-top-list', id: 'overview-top' }, top.map((r) => {
    const bar = h('span');
    bar.style.width = `${Math.round(((Number(r.total) || 0) / most) * 100)}%`;
    return h('li', { dataset: { name: r.name, total: String(r.total) } },
      h('div', { class: 'ov-top-row' }, h('span', { class: 'ov-top-name', title: r.name }, r.name), h('span', { class: 'ov-top-count' }, String(r.total))),
      h('div', { class: 'ov-top-bar', 'aria-hidden': 'true' }, bar));
  }));
}

/**
 * The trend card. `load(dateRange, {signal})` answers the log statistics; `initial` the
 * address's {range, from, to}; `onChange(params)` keeps them there. {el, reload(), remake(),
 * destroy()}.
 */
export function trendCard({ load, initial, onChange }) {
  const state = { range: initial.range || '7d', from: initial.from || '', to: initial.to || '' };
  let chart = null;
  let unwatch = null;
  let last = null;
  let inFlight = null;
  const plot = h('div', { class: 'ov-plot ov-trend-plot', id: 'overview-trend-plot' });
  const totals = h('span', { class: 'muted', id: 'overview-trend-totals' });
  const top = h('div', { class: 'ov-top' });
  const message = h('p', { class: 'field-error', id: 'overview-trend-error', role: 'alert', hidden: true });
  const from = h('input', { class: 'input', type: 'date', id: 'overview-from', 'aria-label': t('fm.overview.from'), value: state.from });
  const to = h('input', { class: 'input', type: 'date', id: 'overview-to', 'aria-label': t('fm.overview.to'), value: state.to });
  const buttons = [...Object.keys(RANGES), 'custom'].map((key) => h('button', {
    class: 'btn btn-small', dataset: { range: key }, 'aria-pressed': String(state.range === key),
    onclick: () => { state.range = key; changed(); },
  }, t(`fm.overview.range.${key}`)));
  const dates = h('span', { class: 'ov-dates', hidden: state.range !== 'custom' }, from, '–', to,
    h('button', { class: 'btn btn-small', id: 'overview-apply', onclick: () => { state.from = from.value; state.to = to.value; changed(); } }, t('fm.overview.apply')));
  const body = h('div', { class: 'ov-trend-body' }, h('div', { class: 'ov-trend-chart' }, plot), h('div', { class: 'ov-trend-top' }, h('h3', {}, t('fm.overview.top')), top));
  const el = h('section', { class: 'card ov-trend', id: 'overview-trend' },
    h('div', { class: 'ov-card-head' }, h('h2', {}, t('fm.overview.trend')), totals,
      h('div', { class: 'toolbar ov-ranges', role: 'group' }, buttons, dates)),
    message, body);

  function changed() {
    buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.range === state.range)));
    dates.hidden = state.range !== 'custom';
    onChange({ range: state.range === '7d' ? undefined : state.range, from: state.range === 'custom' ? state.from || undefined : undefined, to: state.range === 'custom' ? state.to || undefined : undefined });
    reload();
  }

  function draw() {
    if (!last) return;
    const c = last.apiChart || {};
    const labels = c.dateList?.length ? c.dateList : (last.apiStatList || []).map((r) => r.date);
    const ok = c.dateList?.length ? (c.successData || []) : (last.apiStatList || []).map((r) => r.total);
    const failed = c.dateList?.length ? (c.failData || []) : labels.map(() => 0);
    const calls = labels.map((_, i) => (Number(ok[i]) || 0) + (Number(failed[i]) || 0));
    const sum = (xs) => xs.reduce((n, v) => n + (Number(v) || 0), 0);
    totals.textContent = t('fm.overview.trendTotals', { calls: sum(calls), failed: sum(failed) });
    el.dataset.buckets = String(labels.length);
    el.dataset.calls = String(sum(calls));
    top.replaceChildren(topList(last.apiRankingList));
    chart?.destroy();
    unwatch?.();
    plot.replaceChildren();
    const xs = labels.map((_, i) => i);
    const step = Math.max(1, Math.ceil(labels.length / 8));
    const accent = cssVar('--accent');
    const danger = cssVar('--danger');
    const axes = themedAxes((u, splits) => splits.map((v) => String(v)));
    axes[0] = { ...axes[0], splits: () => xs.filter((i) => i % step === 0), values: (u, splits) => splits.map((i) => shortBucket(labels[i] ?? '')) };
    chart = new uPlot({
      width: Math.max(240, plot.clientWidth || 480),
      height: 200,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] }, y: { range: (u, min, max) => [0, Math.max(1, Math.ceil((max || 0) * 1.15))] } },
      axes,
      series: [{}, { label: t('fm.overview.calls'), stroke: accent, fill: alpha(accent, 0.12), width: 1.5 },
        { label: t('fm.overview.failed'), stroke: danger, fill: alpha(danger, 0.12), width: 1.5 }],
    }, [xs, calls, failed.map((v) => Number(v) || 0)], plot);
    if (!labels.length || !sum(calls)) plot.append(h('p', { class: 'muted ov-trend-empty' }, t('fm.overview.trendEmpty')));
    unwatch = onWidth(plot, (width) => chart?.setSize({ width, height: 200 }));
  }

  async function reload() {
    inFlight?.abort();
    const range = trendRange(state);
    message.hidden = !!range;
    message.textContent = range ? '' : t('fm.overview.err.dates');
    if (!range) return;
    const mine = (inFlight = new AbortController());
    try {
      last = await load(range, { signal: mine.signal });
      if (inFlight !== mine) return;
      draw();
    } catch (err) {
      if (err.kind === 'cancelled' || inFlight !== mine) return;
      top.replaceChildren();
      chart?.destroy();
      chart = null;
      plot.replaceChildren(errorBox(err, reload));
    }
  }

  return {
    el,
    reload,
    remake: draw,
    destroy() { inFlight?.abort(); unwatch?.(); chart?.destroy(); },
  };
}

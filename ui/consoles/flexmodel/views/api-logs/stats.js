// The API log's statistics over the range in force: calls and failures per hour, day, month
// or year (as the console buckets them) in a chart, and the most called APIs.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { chart } from '../../../../components/chart.js';

/** A bucket's label made short for the axis: `19:00` for an hour, `08-30` for a day. */
export function shortBucket(label) {
  const hour = /^\d{4}-\d{2}-\d{2} (\d{2}):00(:00)?$/.exec(label);
  if (hour) return `${hour[1]}:00`;
  const day = /^\d{4}-(\d{2}-\d{2})$/.exec(label);
  if (day) return day[1];
  return label;
}

const sum = (list) => (list || []).reduce((n, v) => n + (Number(v) || 0), 0);

/** The chart card for a stat answer ({apiChart: {dateList, successData, failData}}). */
export function callsCard(stat) {
  const c = stat.apiChart || {};
  const ok = sum(c.successData);
  const failed = sum(c.failData);
  return h('section', { class: 'card logs-chart', id: 'logs-chart' },
    h('div', { class: 'logs-card-head' }, h('h2', {}, t('fm.logs.chartTitle')),
      h('span', { class: 'muted', id: 'logs-totals' }, t('fm.logs.totals', { calls: ok + failed, failed }))),
    chart({
      title: t('fm.logs.chartTitle'),
      showTitle: false,
      labels: c.dateList || [],
      formatLabel: shortBucket,
      series: [
        { name: t('fm.logs.succeeded'), values: c.successData || [], color: 'var(--ok)' },
        { name: t('fm.logs.failed'), values: c.failData || [], color: 'var(--danger)' },
      ],
      kind: 'bar',
      stacked: true,
      height: 190,
      summary: t('fm.logs.chartSummary', { calls: ok + failed, failed, buckets: (c.dateList || []).length }),
      empty: t('fm.logs.chartEmpty'),
    }));
}

/** A bar `share` (0–1) of its track wide; sized through the CSSOM (the CSP refuses style attributes). */
function bar(share) {
  const el = h('span');
  el.style.width = `${Math.round(share * 100)}%`;
  return el;
}

/** The top APIs card ({apiRankingList: [{name, total}]}), the ten most called. */
export function topCard(stat) {
  const top = (stat.apiRankingList || []).slice(0, 10);
  const most = Math.max(1, ...top.map((r) => Number(r.total) || 0));
  return h('section', { class: 'card logs-top', id: 'logs-top' },
    h('div', { class: 'logs-card-head' }, h('h2', {}, t('fm.logs.topTitle'))),
    top.length ? h('ol', { class: 'logs-top-list' }, top.map((r) => h('li', { dataset: { name: r.name } },
      h('div', { class: 'logs-top-row' }, h('span', { class: 'logs-top-name', title: r.name }, r.name), h('span', { class: 'logs-top-count' }, String(r.total))),
      h('div', { class: 'logs-top-bar', 'aria-hidden': 'true' }, bar((Number(r.total) || 0) / most)))))
      : h('p', { class: 'muted' }, t('fm.logs.topEmpty')));
}

// The API log: every call the console served (its own admin calls and the custom APIs),
// filtered by success, time range and a keyword in the request body, kept in the address;
// the calls and failures over the range in a chart, the most called APIs, the rows paged on
// the console, and a row's whole detail. A newer read abandons the one before it.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { DataTable } from '../../../components/table.js';
import { errorBox, errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { filterBar } from './api-logs/filters.js';
import { callsCard, topCard } from './api-logs/stats.js';
import { pathOf, showLogDetail, statusBadge } from './api-logs/detail.js';
import '../strings/api-logs.js';

const PAGE_SIZE = 20;

export function apiLogsView(ctx, params = {}) {
  let page = Math.max(1, Number.parseInt(params.page, 10) || 1);
  let generation = 0;
  let inFlight = null;
  let left = false;

  const stats = h('div', { class: 'logs-stats', id: 'logs-stats' }, h('div', { class: 'card state state-loading' }, t('common.loading')));
  const table = new DataTable([
    { key: 'httpMethod', label: t('fm.logs.method'), render: (r) => h('span', { class: 'logs-method' }, r.httpMethod || t('common.none')) },
    { key: 'path', label: t('fm.logs.path'), render: (r) => h('button', { class: 'link logs-path', title: r.url || '', onclick: () => showLogDetail(r) }, pathOf(r) || t('common.none')) },
    { key: 'statusCode', label: t('fm.logs.status'), render: statusBadge },
    { key: 'responseTime', label: t('fm.logs.timeMs'), class: 'num', value: (r) => r.responseTime },
    { key: 'clientIp', label: t('fm.logs.clientIp') },
    { key: 'createdAt', label: t('fm.logs.created'), class: 'nowrap', value: (r) => formatTime(r.createdAt) },
    { key: 'errorMessage', label: t('fm.logs.error'), render: (r) => (r.errorMessage ? h('span', { class: 'logs-error', title: r.errorMessage }, r.errorMessage) : t('common.none')) },
  ], {
    key: (r) => String(r.id),
    label: (r) => `${r.httpMethod || ''} ${pathOf(r)}`.trim(),
    actions: (r) => [h('button', { class: 'btn btn-small', dataset: { action: 'detail' }, onclick: () => showLogDetail(r) }, t('common.details'))],
    onPage: (index) => { page = index + 1; keepPlace(); load({ stats: false }); },
  });
  table.el.id = 'logs-table';

  const filters = filterBar(params, {
    onChange: () => { page = 1; keepPlace(); load(); },
    onInvalid: () => { generation += 1; inFlight?.abort(); keepPlace(); },
  });

  function keepPlace() {
    ctx.setParams({ ...filters.params(), page: page > 1 ? page : undefined });
  }

  async function load({ stats: withStats = true } = {}) {
    if (left) return;
    const range = filters.check();
    if (!range) {
      if (!table.rows.length) stats.replaceChildren(h('p', { class: 'muted' }, t('fm.logs.fixRange')));
      return;
    }
    filters.show(range);
    const mine = ++generation;
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    const { ok, q } = filters.params();
    const query = {
      keyword: q || null,
      isSuccess: ok === '' || ok === undefined ? null : ok === 'true',
      dateRange: range.dateRange,
      page: { page, size: PAGE_SIZE },
    };
    table.loading(() => request.abort());
    const options = { signal: request.signal };
    const rows = api.apiLogs.list(query, options).then((answer) => {
      if (mine !== generation) return;
      const count = answer?.total || 0;
      // A page past the end (rows gone meanwhile) goes back to the last one there is.
      if (page > 1 && !answer?.list?.length && count > 0) {
        page = Math.max(1, Math.ceil(count / PAGE_SIZE));
        keepPlace();
        load({ stats: false });
        return;
      }
      table.show(answer?.list || [], { count, index: page - 1, size: PAGE_SIZE });
    }, (err) => {
      if (mine === generation && err.kind !== 'cancelled') table.error(err, () => load({ stats: false }));
    });
    const stat = withStats ? api.apiLogs.stat(range.dateRange, options).then((answer) => {
      if (mine === generation) stats.replaceChildren(callsCard(answer), topCard(answer));
    }, (err) => {
      if (mine !== generation || err.kind === 'cancelled') return;
      stats.replaceChildren(h('div', { class: 'card' }, errorBox(err, () => load())));
    }) : null;
    await Promise.all([rows, stat]);
    if (inFlight === request) inFlight = null;
  }

  const el = h('section', { class: 'screen logs-screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.logs')),
      h('div', { class: 'toolbar' },
        h('span', { class: 'muted' }, t('fm.logs.intro')),
        h('button', { class: 'btn', id: 'logs-refresh', onclick: () => load() }, t('common.refresh')))),
    filters.el,
    stats,
    table.el);
  el.addEventListener('screen-leave', () => { left = true; generation += 1; inFlight?.abort(); });
  load().catch((err) => toast(errorText(err), { kind: 'error' }));
  return el;
}

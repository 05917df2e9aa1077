// The job log: every run of a trigger's job, newest first, paged on the console, filtered by
// trigger, job (a flow), status, success and a time range (all kept in the address; the
// triggers screen links here with `?trigger=<id>&job=<flowModuleId>`). A row opens its detail
// (input and output JSON, the error with its stack). Rows still RUNNING are read again on
// their own until they end, one request at a time; a newer read abandons the one before it.
import { api } from '../api.js';
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { DataTable } from '../../../components/table.js';
import { errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { filterBar } from './job-logs/filters.js';
import { formatDuration, shownTime, showJobDetail, statusBadge } from './job-logs/detail.js';
import '../strings/job-logs.js';

const PAGE_SIZE = 20;
/** How soon a page with RUNNING rows is read again. */
export const RUNNING_REFRESH_MS = 2000;

export function jobLogsView(ctx, params = {}) {
  let page = Math.max(1, Number.parseInt(params.page, 10) || 1);
  let generation = 0;
  let inFlight = null;
  let timer = null;
  let left = false;
  const triggerNames = new Map();
  const flowNames = new Map();
  const names = {
    trigger: (id) => (id ? triggerNames.get(id) || id : t('common.none')),
    flow: (id) => (id ? flowNames.get(id) || id : t('common.none')),
  };
  const links = { openFlow: (id) => ctx.openFlow(id), openInstance: (id) => ctx.openInstance(id) };
  const open = (row) => showJobDetail(row, names, links);

  const table = new DataTable([
    { key: 'startTime', label: t('fm.jobs.started'), class: 'nowrap', render: (r) => h('button', { class: 'link jobs-start', onclick: () => open(r) }, shownTime(r.startTime)) },
    { key: 'triggerId', label: t('fm.jobs.trigger'), render: (r) => h('span', { class: 'jobs-name', dataset: { trigger: r.triggerId || '' } }, names.trigger(r.triggerId)) },
    { key: 'jobId', label: t('fm.jobs.job'), render: (r) => h('span', { class: 'jobs-name' }, names.flow(r.jobId)) },
    { key: 'executionStatus', label: t('fm.jobs.statusLabel'), render: statusBadge },
    { key: 'executionDuration', label: t('fm.jobs.duration'), class: 'num nowrap', value: (r) => formatDuration(r.executionDuration) },
    { key: 'errorMessage', label: t('fm.jobs.error'), render: (r) => (r.errorMessage ? h('span', { class: 'jobs-error', title: r.errorMessage }, r.errorMessage) : t('common.none')) },
  ], {
    key: (r) => String(r.id),
    label: (r) => `${names.trigger(r.triggerId)} ${shownTime(r.startTime)}`,
    actions: (r) => [h('button', { class: 'btn btn-small', dataset: { action: 'detail' }, onclick: () => open(r) }, t('common.details'))],
    onPage: (index) => { page = index + 1; keepPlace(); load(); },
  });
  table.el.id = 'jobs-table';

  const filters = filterBar(params, {
    onChange: () => { page = 1; keepPlace(); load(); },
    onInvalid: () => { generation += 1; inFlight?.abort(); clearTimeout(timer); keepPlace(); },
  });
  const status = h('span', { class: 'muted', id: 'jobs-count', role: 'status' });

  function keepPlace() {
    ctx.setParams({ ...filters.params(), page: page > 1 ? page : undefined });
  }

  // The filters' choices, and the names rows show (a missing list leaves ids shown).
  const choices = Promise.allSettled([api.jobLogs.triggers(), api.jobLogs.flows()]).then(([tr, fl]) => {
    const triggers = tr.status === 'fulfilled' ? tr.value : [];
    const flows = fl.status === 'fulfilled' ? fl.value : [];
    triggers.forEach((x) => triggerNames.set(x.id, x.name || x.id));
    flows.forEach((f) => flowNames.set(f.flowModuleId, f.flowName || f.flowKey || f.flowModuleId));
    if (!left) filters.setChoices(triggers, flows);
    const failed = [tr, fl].find((x) => x.status === 'rejected');
    if (failed && !left) toast(errorText(failed.reason), { kind: 'error' });
  });

  /** Reads the page; `quiet` (a RUNNING row's refresh) keeps the rows shown meanwhile. */
  async function load({ quiet = false } = {}) {
    clearTimeout(timer);
    if (left) return;
    const range = filters.range();
    if (!range) {
      status.textContent = t('fm.jobs.fixRange');
      return;
    }
    const mine = ++generation;
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    const p = filters.params();
    const query = {
      triggerId: p.trigger || null,
      jobId: p.job || null,
      status: p.status || null,
      isSuccess: p.ok === '' ? null : p.ok === 'true',
      startTime: range.startTime,
      endTime: range.endTime,
      page: { page, size: PAGE_SIZE },
    };
    if (!quiet) table.loading(() => request.abort());
    try {
      const answer = await api.jobLogs.list(query, { signal: request.signal });
      await choices;
      if (mine !== generation || left) return;
      const count = answer?.total || 0;
      const rows = answer?.list || [];
      // A page past the end (rows gone meanwhile) goes back to the last one there is.
      if (page > 1 && !rows.length && count > 0) {
        page = Math.max(1, Math.ceil(count / PAGE_SIZE));
        keepPlace();
        load();
        return;
      }
      table.show(rows, { count, index: page - 1, size: PAGE_SIZE });
      const running = rows.filter((r) => r.executionStatus === 'RUNNING').length;
      const counted = t(count === 1 ? 'fm.jobs.countOne' : 'fm.jobs.count', { count });
      status.textContent = running ? `${counted} · ${t('fm.jobs.running', { running })}` : counted;
      if (running) timer = setTimeout(() => load({ quiet: true }), RUNNING_REFRESH_MS);
    } catch (err) {
      if (mine !== generation || err.kind === 'cancelled') return;
      if (quiet) timer = setTimeout(() => load({ quiet: true }), RUNNING_REFRESH_MS * 2);
      else table.error(err, () => load());
    } finally {
      if (inFlight === request) inFlight = null;
    }
  }

  const el = h('section', { class: 'screen jobs-screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.jobs')),
      h('div', { class: 'toolbar' }, status,
        h('button', { class: 'btn', id: 'jobs-refresh', onclick: () => load() }, t('common.refresh')))),
    h('p', { class: 'muted jobs-intro' }, t('fm.jobs.intro')),
    filters.el,
    table.el);
  el.addEventListener('screen-leave', () => { left = true; generation += 1; clearTimeout(timer); inFlight?.abort(); });
  load().catch((err) => toast(errorText(err), { kind: 'error' }));
  return el;
}

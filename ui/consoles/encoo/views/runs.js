// Runs: every workflow and layout run started from this app on this profile, newest first,
// kept on this computer (the console's API has no job list: the answer to a run is its only
// record). Filtered by workflow and state; a run whose answer was lost is kept as unknown,
// with what to check.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView } from '../lists.js';
import { facts, badge } from '../../../components/list-view.js';
import { modal } from '../../../components/dialog.js';
import { select } from '../../../components/form.js';
import { queueName, workflowPicker } from '../lookups.js';

const STATES = ['Queued', 'Running', 'Succeeded', 'Failed', 'Cancelled', 'Paused', 'Unknown'];
const STATE_KIND = { Succeeded: 'ok', Running: 'busy', Queued: '', Failed: 'error', Cancelled: 'off', Unknown: 'warn' };

export function runState(state) {
  return badge(t(`runs.state.${state}`) === `runs.state.${state}` ? state : t(`runs.state.${state}`), STATE_KIND[state] ?? '');
}

const what = (r) => (r.kind === 'layout' ? `${r.layoutName || r.layoutId} › ${r.workflowName || r.workflowId || ''}` : (r.workflowName || r.workflowId));

/** Runs as a compact table (a workflow's recent runs). */
export function runsTable(rows, { compact = false } = {}) {
  const head = [t('runs.started'), t('job.state'), t('job.id'), t('runs.robot')];
  return h('table', { class: `table ${compact ? 'table-compact' : ''} runs` },
    h('thead', {}, h('tr', {}, head.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', { dataset: { run: r.id, job: r.jobId || '' } },
      h('td', {}, formatTime(r.startedAt)), h('td', { title: r.message || '' }, runState(r.state)),
      h('td', {}, r.jobId || t('common.none')), h('td', {}, r.robot || t('common.none'))))));
}

/** How the run journal pages: `pageIndex`/`pageSize` in the filter, `{count, list}` back. */
const runsPaging = {
  query: ({ index, size }) => ({ pageIndex: index, pageSize: size }),
  page: (answer) => ({ count: answer?.count || 0, rows: answer?.list || [] }),
  key: (run) => String(run.id),
  label: (run) => what(run),
};

export function runsView(ctx, params = {}) {
  const workflow = workflowPicker({ empty: `${t('runs.workflow')}: ${t('robot.all')}`, value: params.workflowId });
  const state = select([['', `${t('job.state')}: ${t('robot.all')}`], ...STATES.map((s) => [s, t(`runs.state.${s}`)])], '', { id: 'runs-state', 'aria-label': t('job.state') });
  const view = listView({
    title: t('runs.title'),
    search: false,
    paging: runsPaging,
    fetch: api.runs.list,
    filters: () => ({ workflowId: workflow.value || undefined, state: state.value || undefined }),
    below: h('div', { class: 'toolbar filters' }, workflow.el, state),
    above: h('p', { class: 'muted' }, t('runs.intro')),
    columns: [
      { key: 'startedAt', label: t('runs.started'), value: (r) => formatTime(r.startedAt) },
      { key: 'workflowName', label: t('runs.what'), value: what },
      { key: 'state', label: t('job.state'), render: (r) => runState(r.state) },
      { key: 'jobId', label: t('job.id'), value: (r) => r.jobId },
      { key: 'robot', label: t('runs.robot') },
      { key: 'queueId', label: t('wf.queue'), render: (r) => r.queueName || queueName(r.queueId) },
      { key: 'priority', label: t('wf.priority') },
      { key: 'startedBy', label: t('runs.by') },
    ],
    onOpen: (r) => showRun(r, ctx),
  });
  workflow.onChange(() => view.reload());
  state.addEventListener('change', () => view.reload());
  return view.el;
}

function showRun(r, ctx) {
  const open = (label, id, onclick) => (id ? h('button', { class: 'link', onclick }, label || id) : null);
  return modal(what(r), h('div', { class: 'detail', id: 'run-detail' },
    r.state === 'Unknown' ? h('p', { class: 'warn' }, t('runs.unknownHelp')) : null,
    facts([
      [t('job.state'), runState(r.state)], [t('runs.message'), r.message],
      [t('job.id'), r.jobId], [t('runs.group'), r.jobGroupId],
      [t('runs.workflow'), open(r.workflowName, r.workflowId, () => ctx.openWorkflow(r.workflowId))],
      r.layoutId ? [t('nav.layouts'), r.layoutName || r.layoutId] : null,
      [t('runs.robot'), r.robot], [t('wf.queue'), open(r.queueName, r.queueId, () => ctx.openQueue(r.queueId))],
      [t('wf.priority'), r.priority], [t('runs.started'), formatTime(r.startedAt)], [t('runs.by'), r.startedBy],
    ])), { wide: true, actions: [{ label: t('common.close') }] });
}

// Workflow layouts: list, detail with nodes in order, run (after a confirmation that names
// the workflows it starts, typed on a production console), and the job group created.
import { api, rememberedThenFresh } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView } from '../lists.js';
import { facts } from '../../../components/list-view.js';
import { modal, confirmDanger, errorBox, errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { jobsTable } from './workflows.js';

export function layoutsView(ctx) {
  const view = listView({
    title: t('layout.title'),
    fetch: api.workflowLayouts.list,
    columns: [
      { key: 'Name', label: t('common.name') },
      { key: 'Nodes', label: t('layout.nodes'), value: (r) => (r.Nodes || []).length },
      { key: 'TriggeredCount', label: t('wf.triggered') },
      { key: 'LastTriggeredAt', label: t('wf.lastTriggered'), value: (r) => formatTime(r.LastTriggeredAt) },
      { key: 'CreatedAt', label: t('common.created'), sort: 'server', value: (r) => formatTime(r.CreatedAt) },
    ],
    onOpen: (row) => openLayout(row),
    actions: (row) => [h('button', { class: 'btn btn-small btn-primary', dataset: { run: row.Id }, onclick: () => runLayout(row, view, ctx) }, t('layout.run'))],
  });
  return view.el;
}

/** The layout's detail: opens at once, then shows the console's answer (as showPackage does). */
async function openLayout(row) {
  const detail = h('div', { class: 'detail' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const request = new AbortController();
  const shown = modal(row.Name, detail, { wide: true, actions: [{ label: t('common.close') }] });
  const fill = (layout) => detail.replaceChildren(...layoutFacts(layout));
  rememberedThenFresh(api.workflowLayouts.get, [row.Id, { signal: request.signal }], fill).then(fill, (err) => {
    if (err.kind !== 'cancelled') detail.replaceChildren(errorBox(err));
  });
  await shown;
  request.abort();
}

function layoutFacts(layout) {
  const nodes = [...(layout.Nodes || [])].sort((a, b) => (a.Index ?? 0) - (b.Index ?? 0));
  return [
    facts([[t('common.id'), layout.Id], [t('common.description'), layout.Description], [t('wf.triggered'), layout.TriggeredCount]]),
    h('h3', {}, t('layout.nodes')),
    h('ol', { class: 'nodes' }, nodes.map((n) => h('li', {}, h('strong', {}, n.Name), ' ', h('span', { class: 'muted' }, n.WorkflowId || '')))),
  ];
}

async function runLayout(row, view, ctx) {
  const nodes = [...(row.Nodes || [])].sort((a, b) => (a.Index ?? 0) - (b.Index ?? 0));
  const confirmed = await confirmDanger(row.Name, {
    production: ctx.production(), action: t('layout.run'),
    message: t('layout.runConfirm', { name: row.Name, n: nodes.length }),
    details: h('ol', { class: 'nodes' }, nodes.map((n) => h('li', {}, n.Name))),
  });
  if (!confirmed) return;
  try {
    const group = await api.workflowLayouts.execute(row.Id);
    view.reload();
    await modal(t('layout.jobGroup'), h('div', { class: 'detail', id: 'job-group' },
      facts([[t('common.id'), group.Id], [t('common.name'), group.Name], [t('common.created'), formatTime(group.CreatedAt || group.StartedAt)]]),
      jobsTable(group.Jobs || []), h('p', { class: 'muted' }, t('runs.kept'))), { wide: true, actions: [{ label: t('common.close') }] });
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

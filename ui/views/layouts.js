// Workflow layouts: list, detail with nodes in order, run, and the job group created.
import { api } from '../api.js';
import { h, formatTime } from '../dom.js';
import { t } from '../i18n.js';
import { listView, facts } from '../components/list-view.js';
import { modal, errorText } from '../components/dialog.js';
import { toast } from '../components/toast.js';
import { jobsTable } from './workflows.js';

export function layoutsView() {
  const view = listView({
    title: t('layout.title'),
    fetch: (query) => api.layouts.list(query),
    columns: [
      { key: 'Name', label: t('common.name'), sort: 'client' },
      { key: 'Nodes', label: t('layout.nodes'), value: (r) => (r.Nodes || []).length, sort: 'client' },
      { key: 'TriggeredCount', label: t('wf.triggered'), sort: 'client' },
      { key: 'LastTriggeredAt', label: t('wf.lastTriggered'), value: (r) => formatTime(r.LastTriggeredAt) },
      { key: 'CreatedAt', label: t('common.created'), sort: 'server', value: (r) => formatTime(r.CreatedAt) },
    ],
    onOpen: (row) => openLayout(row.Id),
    actions: (row) => [h('button', { class: 'btn btn-small btn-primary', onclick: () => runLayout(row, view) }, t('layout.run'))],
  });
  return view.el;
}

async function openLayout(id) {
  try {
    const layout = await api.layouts.get(id);
    const nodes = [...(layout.Nodes || [])].sort((a, b) => (a.Index ?? 0) - (b.Index ?? 0));
    await modal(layout.Name, h('div', { class: 'detail' },
      facts([[t('common.id'), layout.Id], [t('common.description'), layout.Description], [t('wf.triggered'), layout.TriggeredCount]]),
      h('h3', {}, t('layout.nodes')),
      h('ol', { class: 'nodes' }, nodes.map((n) => h('li', {}, h('strong', {}, n.Name), ' ', h('span', { class: 'muted' }, n.WorkflowId || ''))))),
    { wide: true, actions: [{ label: t('common.close') }] });
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

async function runLayout(row, view) {
  try {
    const group = await api.layouts.execute(row.Id);
    view.reload();
    await modal(t('layout.jobGroup'), h('div', { class: 'detail', id: 'job-group' },
      facts([[t('common.id'), group.Id], [t('common.name'), group.Name], [t('common.created'), formatTime(group.CreatedAt || group.StartedAt)]]),
      jobsTable(group.Jobs || [])), { wide: true, actions: [{ label: t('common.close') }] });
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

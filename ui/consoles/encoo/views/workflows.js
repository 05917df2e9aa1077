// Workflows: the list, filtered on the console by robot group, package and package version,
// newest or oldest first; each opens its page (settings, links, recent runs). Run, robots,
// delete, and the upgrade of a selection to the latest version after seeing what it changes.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView } from '../lists.js';
import { confirmDanger, errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { queueName, scopeFilters } from '../lookups.js';
import { confirmUpgrade } from './upgrade.js';
import { editWorkflow } from './workflow-form.js';
import { runWorkflow, showWorkflow, workflowRobots } from './workflow-detail.js';

export { jobsTable } from './workflow-detail.js';

export function workflowsView(ctx) {
  const filters = scopeFilters({ queue: true, onChange: () => view.reload() });
  const upgrade = h('button', { class: 'btn', id: 'wf-upgrade', onclick: () => upgradeSelected(view) }, t('wf.upgrade'));
  const view = listView({
    title: t('wf.title'),
    selectable: true,
    fetch: api.workflows.list,
    filters: filters.values,
    toolbar: [upgrade, h('button', { class: 'btn btn-primary', id: 'wf-new', onclick: () => editWorkflow(null, { onSaved: () => view.reload() }) }, t('wf.new'))],
    below: h('div', { class: 'toolbar filters' }, filters.els),
    columns: [
      { key: 'Name', label: t('common.name') },
      { key: 'PackageName', label: t('wf.package'), render: (r) => h('button', { class: 'link', onclick: () => ctx.openPackage(r.PackageId, r.PackageName) }, r.PackageName || r.PackageId || '') },
      { key: 'PackageVersion', label: t('wf.version') },
      { key: 'AssociatedQueueId', label: t('wf.queue'), render: (r) => h('button', { class: 'link', onclick: () => ctx.openQueue(r.AssociatedQueueId) }, queueName(r.AssociatedQueueId)) },
      { key: 'Priority', label: t('wf.priority') },
      { key: 'LastTriggeredAt', label: t('wf.lastTriggered'), value: (r) => formatTime(r.LastTriggeredAt) },
      { key: 'CreatedAt', label: t('common.created'), sort: 'server', value: (r) => formatTime(r.CreatedAt) },
    ],
    onOpen: (row) => showWorkflow(row.Id, ctx, () => view.reload()),
    actions: (row) => [
      h('button', { class: 'btn btn-small btn-primary', dataset: { run: row.Id }, onclick: () => runWorkflow(row.Id, ctx).then(() => view.reload()) }, t('wf.run')),
      h('button', { class: 'btn btn-small', dataset: { edit: row.Id }, onclick: () => editWorkflow(row.Id, { onSaved: () => view.reload() }) }, t('common.edit')),
      h('button', { class: 'btn btn-small', dataset: { robots: row.Id }, onclick: () => workflowRobots(row.Id, ctx) }, t('wf.robots')),
      h('button', { class: 'btn btn-small btn-danger', onclick: () => deleteWorkflow(row, ctx, view) }, t('common.delete')),
    ],
  });
  return view.el;
}

/** The new-workflow form with a package version chosen (the publish panel's follow-up). */
export function newWorkflowFor(packageId, versionId, onSaved) {
  return editWorkflow(null, { preset: { packageId, versionId }, onSaved });
}

async function upgradeSelected(view) {
  const rows = view.table.selected();
  if (!rows.length) return toast(t('wf.selectSome'));
  const result = await confirmUpgrade(rows.map((x) => x.Id));
  if (result) view.reload();
}

async function deleteWorkflow(row, ctx, view) {
  if (!(await confirmDanger(row.Name, { production: ctx.production() }))) return;
  try {
    await api.workflows.delete(row.Id);
    toast(t('common.deleted'));
    view.reload();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

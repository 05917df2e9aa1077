// Workflows: list; create and edit in one form (package → version → its arguments, robot
// group, priority, retries, video, trigger policy, notifications); run with overrides and
// see the jobs; robots (list, add, remove); upgrade a selection to the latest version.
import { api, rememberedThenFresh } from '../api.js';
import { h, formatTime } from '../dom.js';
import { t } from '../i18n.js';
import { listView } from '../components/list-view.js';
import { modal, confirmDanger, errorText } from '../components/dialog.js';
import { field, input, select, checkbox, parseTags, rules, validate, showFieldError } from '../components/form.js';
import { toast } from '../components/toast.js';
import { robotStatus } from './robots.js';

const VIDEO = ['NeverRecord', 'ReportOnlyWhenSucceeded', 'ReportOnlyWhenFailed', 'AlwaysRecord', 'AlwaysReport'];
const POLICY = ['SkipWhenNoResource', 'AnyTime'];

export function jobsTable(jobs) {
  return h('table', { class: 'table table-compact jobs' },
    h('thead', {}, h('tr', {}, [t('job.id'), t('common.name'), t('job.state'), t('wf.priority'), t('job.step')].map((x) => h('th', {}, x)))),
    h('tbody', {}, jobs.map((j) => h('tr', { dataset: { job: j.Id } },
      h('td', {}, j.Id), h('td', {}, j.Name || j.PackageName || ''), h('td', {}, j.State || ''),
      h('td', {}, String(j.Priority ?? '')), h('td', {}, j.Step ?? '')))));
}

/** An argument's value box; an asset-backed one shows the asset and is not typed into. */
function argInput(arg, onInput) {
  const box = input({ value: arg.DefaultValue ?? '', dataset: { arg: arg.Name }, disabled: arg.Direction === 'Out' || Boolean(arg.AssetContent) });
  box.addEventListener('input', () => onInput(box.value));
  return box;
}

function assetHint(arg) {
  return arg.AssetContent ? { hint: t('wf.assetArg', { name: arg.AssetContent.Name }) } : {};
}

export function workflowsView(ctx) {
  const upgrade = h('button', { class: 'btn', id: 'wf-upgrade', onclick: () => upgradeSelected(view) }, t('wf.upgrade'));
  const view = listView({
    title: t('wf.title'),
    selectable: true,
    fetch: api.workflows.list,
    toolbar: [upgrade, h('button', { class: 'btn btn-primary', id: 'wf-new', onclick: () => editWorkflow(null, view) }, t('wf.new'))],
    columns: [
      { key: 'Name', label: t('common.name'), sort: 'client' },
      { key: 'PackageName', label: t('wf.package'), sort: 'client' },
      { key: 'PackageVersion', label: t('wf.version') },
      { key: 'AssociatedQueueId', label: t('wf.queue'), value: (r) => ctx.queueName(r.AssociatedQueueId) },
      { key: 'Priority', label: t('wf.priority'), sort: 'client' },
      { key: 'LastTriggeredAt', label: t('wf.lastTriggered'), sort: 'client', value: (r) => formatTime(r.LastTriggeredAt) },
    ],
    onOpen: (row) => editWorkflow(row, view),
    actions: (row) => [
      h('button', { class: 'btn btn-small btn-primary', dataset: { run: row.Id }, onclick: () => runWorkflow(row, view) }, t('wf.run')),
      h('button', { class: 'btn btn-small', dataset: { robots: row.Id }, onclick: () => workflowRobots(row, ctx) }, t('wf.robots')),
      h('button', { class: 'btn btn-small btn-danger', onclick: () => deleteWorkflow(row, ctx, view) }, t('common.delete')),
    ],
  });
  return view.el;
}

/** The new-workflow form with a package version chosen (the publish panel's follow-up). */
export function newWorkflowFor(packageId, versionId, onSaved) {
  return editWorkflow(null, { reload: onSaved }, { packageId, versionId });
}

async function editWorkflow(row, view, preset = {}) {
  // The choices the session has seen open the form at once; the console is asked quietly.
  const [packages, queues] = await Promise.all([
    rememberedThenFresh(api.packages.list, [{ PageSize: 200, IncludeVersions: true }]),
    rememberedThenFresh(api.queues.list, [{ PageSize: 200 }])])
    .catch((err) => { toast(errorText(err), { kind: 'error' }); return [null, null]; });
  if (!packages) return;
  const name = input({ value: row?.Name || '', maxlength: 100 });
  const description = input({ value: row?.Description || '', maxlength: 500 });
  const tags = input({ value: (row?.Tags || []).join(', ') });
  const pkg = select(packages.List.map((p) => [p.Id, p.Name]), row?.PackageId ?? preset.packageId, { disabled: Boolean(row) });
  const version = select([], undefined);
  const queue = select(queues.List.map((q) => [q.Id, q.Name]), row?.AssociatedQueueId);
  const priority = input({ type: 'number', min: 0, max: 5000, value: row?.Priority ?? 2000 });
  const retries = input({ type: 'number', min: 0, max: 10, value: row?.MaxRetryCount ?? 0 });
  const video = select(VIDEO.map((v) => [v, t(`video.${v}`)]), row?.VideoRecordMode || 'NeverRecord');
  const policy = select(POLICY.map((v) => [v, t(`policy.${v}`)]), row?.TriggerPolicy || 'SkipWhenNoResource');
  const notify = checkbox(t('wf.notify'), row?.JobStateNotification?.SwitchOn);
  const recipients = input({ value: (row?.JobStateNotification?.Recipients || []).join(', ') });
  const argsBox = h('div', { class: 'args' });
  let args = row?.Arguments ? structuredClone(row.Arguments) : [];

  const versionsOf = () => packages.List.find((p) => p.Id === pkg.value)?.Versions || [];
  const fillVersions = (keep) => {
    version.replaceChildren(...versionsOf().map((v) => h('option', { value: v.Id }, v.Version)));
    if (keep) version.value = keep;
  };
  const fillArgs = (fromVersion) => {
    if (fromVersion) args = structuredClone(versionsOf().find((v) => v.Id === version.value)?.Arguments || []);
    argsBox.replaceChildren(...(args.length ? args.map((a, i) => {
      const box = argInput(a, (v) => { args[i].DefaultValue = v; });
      return field(`${a.Name} · ${a.Type || ''} · ${t(`wf.${(a.Direction || 'In').toLowerCase()}`)}`, box, assetHint(a));
    }) : [h('p', { class: 'muted' }, t('common.empty'))]));
  };
  pkg.addEventListener('change', () => { fillVersions(); fillArgs(true); });
  version.addEventListener('change', () => fillArgs(true));
  fillVersions(row?.PackageVersionId ?? preset.versionId);
  fillArgs(!row);

  const body = h('div', { class: 'form form-grid' },
    field(t('common.name'), name, { name: 'Name' }),
    field(t('common.description'), description, { name: 'Description' }),
    field(t('wf.package'), pkg, { name: 'PackageId' }),
    field(t('wf.version'), version, { name: 'PackageVersionId' }),
    field(t('wf.queue'), queue, { name: 'AssociatedQueueId' }),
    field(t('wf.priority'), priority, { name: 'Priority', hint: '0–5000' }),
    field(t('wf.retries'), retries, { name: 'MaxRetryCount', hint: '0–10' }),
    field(t('wf.video'), video, { name: 'VideoRecordMode' }),
    field(t('wf.policy'), policy, { name: 'TriggerPolicy' }),
    field(t('common.tags'), tags, { name: 'Tags' }),
    h('div', { class: 'field' }, notify.el),
    field(t('wf.recipients'), recipients, { name: 'Recipients' }),
    h('h3', { class: 'span-all' }, t('wf.args')), h('div', { class: 'span-all' }, argsBox));

  await modal(row ? `${t('common.edit')} · ${row.Name}` : t('wf.new'), body, {
    wide: true,
    onOpen: () => name.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        const tagList = parseTags(tags.value);
        const ok = validate(body, {
          Name: rules.name(name.value), Priority: rules.range(priority.value, 0, 5000),
          MaxRetryCount: rules.range(retries.value, 0, 10), Tags: rules.tags(tagList),
          PackageVersionId: version.value ? null : 'required', AssociatedQueueId: queue.value ? null : 'required',
        });
        if (!ok) return;
        const chosen = packages.List.find((p) => p.Id === pkg.value);
        const data = {
          Name: name.value.trim(), Description: description.value, Tags: tagList, Arguments: args,
          PackageName: chosen?.Name, PackageVersionId: version.value,
          PackageVersion: versionsOf().find((v) => v.Id === version.value)?.Version,
          AssociatedQueueId: queue.value, Priority: Number(priority.value), MaxRetryCount: Number(retries.value),
          VideoRecordMode: video.value, TriggerPolicy: policy.value,
          JobStateNotification: { SwitchOn: notify.box.checked, JustNoticeAgainstLastRuninstance: false, Recipients: parseTags(recipients.value) },
        };
        try {
          if (row) await api.workflows.update(row.Id, data);
          else await api.workflows.create({ ...data, PackageId: pkg.value });
          toast(t('common.saved'));
          close(true);
          view.reload();
        } catch (err) {
          if (!showFieldError(body, err.field, err.message)) toast(errorText(err), { kind: 'error' });
        }
      },
    }],
  });
}

async function runWorkflow(row, view) {
  const args = structuredClone((row.Arguments || []).filter((a) => a.Direction !== 'Out'));
  const priority = input({ type: 'number', min: 0, max: 5000, value: row.Priority ?? 2000 });
  const result = h('div', { class: 'run-result' });
  const body = h('div', { class: 'form' },
    args.map((a, i) => {
      const box = argInput(a, (v) => { args[i].DefaultValue = v; });
      return field(`${a.Name} · ${a.Type || ''}`, box, assetHint(a));
    }),
    field(t('wf.priority'), priority, { name: 'Priority', hint: '0–5000' }), result);
  let running = false;
  await modal(t('wf.runTitle', { name: row.Name }), body, {
    wide: true,
    actions: [{ label: t('common.close') }, {
      label: t('wf.run'), primary: true, submit: true, id: 'run',
      onClick: async () => {
        if (running || !validate(body, { Priority: rules.range(priority.value, 0, 5000) })) return;
        running = true;
        try {
          const jobs = await api.workflows.execute(row.Id, { Source: 'External', Arguments: args, Priority: Number(priority.value) });
          result.replaceChildren(h('h3', {}, t('wf.jobsCreated')), jobsTable(jobs));
          view.reload();
        } catch (err) {
          if (!showFieldError(body, err.field, err.message)) result.replaceChildren(h('p', { class: 'error-text', role: 'alert' }, errorText(err)));
        } finally {
          running = false;
        }
      },
    }],
  });
}

async function workflowRobots(row, ctx) {
  const list = h('div', { class: 'robot-list' });
  const adder = select([], undefined, { 'aria-label': t('wf.addRobots'), id: 'wf-robot-candidate' });
  const add = h('button', { class: 'btn btn-primary', id: 'wf-robot-add' }, t('wf.addRobots'));
  const refresh = async () => {
    try {
      const [linked, group] = await Promise.all([
        api.workflows.robots(row.Id),
        api.robots.list({ AssociatedQueueId: row.AssociatedQueueId, PageSize: 200 }),
      ]);
      list.replaceChildren(linked.List.length ? h('ul', { class: 'plain' }, linked.List.map((r) => h('li', { dataset: { robot: r.Id } },
        robotStatus(r.Status), ' ', r.Name, ' ',
        h('button', { class: 'btn btn-small', onclick: () => remove(r) }, t('wf.remove'))))) : h('p', { class: 'muted' }, t('common.empty')));
      const candidates = group.List.filter((r) => !linked.List.some((l) => l.Id === r.Id));
      adder.replaceChildren(...candidates.map((r) => h('option', { value: r.Id }, r.Name)));
      add.disabled = !candidates.length;
    } catch (err) {
      list.replaceChildren(errorText(err));
    }
  };
  const remove = async (robot) => {
    if (!(await confirmDanger(robot.Name, { production: ctx.production(), message: `${t('wf.remove')} “${robot.Name}”?` }))) return;
    try { await api.workflows.removeRobot(row.Id, robot.Id); } catch (err) { toast(errorText(err), { kind: 'error' }); }
    refresh();
  };
  add.addEventListener('click', async () => {
    if (!adder.value) return toast(t('wf.noRobotsToAdd'));
    try {
      const results = await api.workflows.addRobots(row.Id, [adder.value]);
      results.filter((r) => r.ErrorMessage).forEach((r) => toast(r.ErrorMessage, { kind: 'error' }));
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
    refresh();
  });
  refresh();
  await modal(`${t('wf.robots')} · ${row.Name}`, h('div', {}, list, h('div', { class: 'toolbar' }, adder, add)),
    { wide: true, actions: [{ label: t('common.close') }] });
}

async function upgradeSelected(view) {
  const rows = view.table.selected();
  if (!rows.length) return toast(t('wf.selectSome'));
  try {
    const r = await api.workflows.upgrade(rows.map((x) => x.Id));
    const items = [...(r.FailedList || []).map((x) => ['✗', x]), ...(r.WarningList || []).map((x) => ['!', x])];
    await modal(t('wf.upgrade'), h('div', { id: 'upgrade-result' },
      h('p', {}, t('wf.upgradeResult', { total: r.Total, success: r.SuccessCount, failure: r.FailureCount, missing: r.MissingCount })),
      items.length ? h('ul', { class: 'plain' }, items.map(([mark, x]) => h('li', {}, `${mark} ${x.Name || x.Id}: ${x.Message || ''}`))) : null),
    { actions: [{ label: t('common.close') }] });
    view.reload();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
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

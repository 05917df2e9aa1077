// A workflow's page (read afresh): its settings with links to its package and robot group,
// its arguments and its recent runs from this app's record; and the dialogs it leads to: run
// once with overrides, and the robots it may use (several added at once).
import { api } from '../api.js';
import { h, append, clear, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { facts } from '../../../components/list-view.js';
import { modal, confirmDanger, errorBox, errorText } from '../../../components/dialog.js';
import { field, input, select, refusals, validate, showFieldError, numberOrNull } from '../../../components/form.js';
import { toast } from '../../../components/toast.js';
import { queueName, robotPicker } from '../lookups.js';
import { argumentFields } from './arguments.js';
import { argumentsTable } from './packages.js';
import { robotStatus } from './robots.js';
import { runsTable } from './runs.js';
import { VIDEO } from './workflow-form.js';

export function jobsTable(jobs) {
  const head = [t('job.id'), t('common.name'), t('job.state'), t('wf.priority'), t('wf.retries'), t('wf.video'), t('job.step')];
  return h('table', { class: 'table table-compact jobs' },
    h('thead', {}, h('tr', {}, head.map((x) => h('th', {}, x)))),
    h('tbody', {}, jobs.map((j) => h('tr', { dataset: { job: j.Id } },
      h('td', {}, j.Id), h('td', {}, j.Name || j.PackageName || ''), h('td', {}, j.State || ''),
      h('td', {}, String(j.Priority ?? '')), h('td', {}, String(j.MaxRetryCount ?? '')),
      h('td', {}, j.VideoRecordMode ? t(`video.${j.VideoRecordMode}`) : ''), h('td', {}, j.Step ?? '')))));
}

/** The workflow's page. `ctx` opens packages, groups and screens; `onChange` after an edit. */
export async function showWorkflow(id, ctx, onChange) {
  const detail = h('div', { class: 'detail', id: 'workflow-detail' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const request = new AbortController();
  let workflow = null;
  const act = (fn) => async (close) => {
    if (!workflow) return;
    close(null);
    await fn(workflow);
  };
  const shown = modal(t('wf.title'), detail, {
    wide: true,
    actions: [
      { label: t('wf.allRuns'), id: 'all-runs', onClick: act(() => ctx.go('runs', { workflowId: id })) },
      { label: t('wf.robots'), id: 'robots', onClick: act((w) => workflowRobots(w.Id, ctx)) },
      { label: t('common.edit'), id: 'edit', onClick: act((w) => ctx.editWorkflow(w.Id, onChange)) },
      { label: t('wf.run'), primary: true, id: 'run', onClick: act((w) => runWorkflow(w.Id, ctx)) },
    ],
    onOpen: async (dlg) => {
      try {
        workflow = await api.workflows.get(id, { signal: request.signal });
        dlg.querySelector('.modal-title h2').textContent = workflow.Name;
        detail.replaceChildren(...workflowFacts(workflow, ctx), h('h3', {}, t('wf.recentRuns')), recentRuns(id, request.signal));
      } catch (err) {
        if (err.kind !== 'cancelled') detail.replaceChildren(errorBox(err));
      }
    },
  });
  await shown;
  request.abort();
}

function workflowFacts(w, ctx) {
  const notice = w.JobStateNotification || {};
  const link = (text, id, onclick) => h('button', { class: 'link', id, onclick }, text);
  return [
    facts([
      [t('common.id'), w.Id], [t('common.description'), w.Description],
      [t('wf.package'), link(w.PackageName || w.PackageId, 'wf-open-package', () => ctx.openPackage(w.PackageId, w.PackageName))],
      [t('wf.version'), w.PackageVersion],
      [t('wf.queue'), link(queueName(w.AssociatedQueueId), 'wf-open-queue', () => ctx.openQueue(w.AssociatedQueueId))],
      [t('wf.priority'), w.Priority], [t('wf.retries'), w.MaxRetryCount],
      [t('wf.video'), w.VideoRecordMode ? t(`video.${w.VideoRecordMode}`) : null],
      [t('wf.policy'), w.TriggerPolicy ? t(`policy.${w.TriggerPolicy}`) : null],
      [t('wf.notify'), notice.SwitchOn ? `${t('common.yes')} · ${(notice.Recipients || []).join(', ')}` : t('common.no')],
      [t('common.tags'), (w.Tags || []).join(', ')], [t('wf.triggered'), w.TriggeredCount],
      [t('wf.lastTriggered'), formatTime(w.LastTriggeredAt)], [t('common.created'), formatTime(w.CreatedAt)],
    ]),
    h('h3', {}, t('wf.args')), argumentsTable(w.Arguments),
  ];
}

function recentRuns(workflowId, signal) {
  const box = h('div', { class: 'recent-runs' }, t('common.loading'));
  api.runs.list({ workflowId, pageIndex: 0, pageSize: 10 }, { signal }).then((page) => {
    box.replaceChildren(page.list.length ? runsTable(page.list, { compact: true }) : h('p', { class: 'muted' }, t('runs.none')));
  }, (err) => {
    if (err.kind !== 'cancelled') box.replaceChildren(errorText(err));
  });
  return box;
}

/** The workflow as the console has it now; none (said in a toast) when it cannot be read. */
async function readWorkflow(id) {
  try {
    return await api.workflows.get(id);
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return null;
  }
}

/** Runs the workflow once, with this run's arguments, priority, retries and video mode. */
export async function runWorkflow(id, ctx) {
  const w = await readWorkflow(id);
  if (!w) return;
  const args = structuredClone(w.Arguments || []);
  const priority = input({ type: 'number', step: 'any', value: w.Priority ?? 2000 });
  const retries = input({ type: 'number', step: 'any', value: w.MaxRetryCount ?? 0 });
  const video = select(VIDEO.map((v) => [v, t(`video.${v}`)]), w.VideoRecordMode || 'NeverRecord');
  const result = h('div', { class: 'run-result' });
  const body = h('div', { class: 'form' },
    argumentFields(args, { inputsOnly: true }),
    h('div', { class: 'form-grid' },
      field(t('wf.priority'), priority, { name: 'Priority', hint: '0–5000' }),
      field(t('wf.retries'), retries, { name: 'MaxRetryCount', hint: '0–10' }),
      field(t('wf.video'), video, { name: 'VideoRecordMode' })),
    result);
  let running = false;
  let closeDialog = () => {};
  await modal(t('wf.runTitle', { name: w.Name }), body, {
    wide: true,
    onOpen: (_dlg, close) => { closeDialog = close; },
    actions: [{ label: t('common.close') }, {
      label: t('wf.run'), primary: true, submit: true, id: 'run',
      onClick: async () => {
        if (running) return;
        running = true;
        const seeRuns = h('button', { class: 'link', id: 'see-runs', onclick: () => { closeDialog(); ctx.go('runs', { workflowId: id }); } }, t('runs.see'));
        try {
          const request = {
            Source: 'External', Arguments: args.filter((a) => a.Direction !== 'Out'),
            Priority: numberOrNull(priority.value), MaxRetryCount: numberOrNull(retries.value), VideoRecordMode: video.value,
          };
          // The console's rules on this run's overrides, in the words the client and console use.
          const refused = await refusals(api.rules.check, request);
          if (!refused || !validate(body, refused)) return;
          const jobs = await api.workflows.execute(id, request);
          result.replaceChildren(h('h3', {}, t('wf.jobsCreated')), jobsTable(jobs), h('p', { class: 'muted' }, t('runs.kept'), ' ', seeRuns));
        } catch (err) {
          if (showFieldError(body, err.field, err.message)) return;
          append(clear(result), [h('p', { class: 'error-text', role: 'alert' }, errorText(err)),
            err.kind === 'unknown_outcome' ? h('p', { class: 'muted' }, t('runs.keptUnknown'), ' ', seeRuns) : null]);
        } finally {
          running = false;
        }
      },
    }],
  });
}

/** The robots the workflow may use: remove one, or add several of its group's at once. */
export async function workflowRobots(id, ctx) {
  const w = await readWorkflow(id);
  if (!w) return;
  const list = h('div', { class: 'robot-list' });
  let linked = new Set();
  const adder = robotPicker({
    multiple: true, placeholder: t('wf.chooseRobots'), query: () => ({ AssociatedQueueId: w.AssociatedQueueId }),
    detail: (r) => (linked.has(r.Id) ? t('wf.alreadyAdded') : t(`status.${r.Status}`)),
    unavailable: (r) => linked.has(r.Id),
  });
  const add = h('button', { class: 'btn btn-primary', id: 'wf-robot-add' }, t('wf.addRobots'));
  const refresh = async () => {
    try {
      const page = await api.workflows.robots(id);
      linked = new Set(page.List.map((r) => r.Id));
      list.replaceChildren(page.List.length ? h('ul', { class: 'plain' }, page.List.map((r) => h('li', { dataset: { robot: r.Id } },
        robotStatus(r.Status), ' ', r.Name, ' ',
        h('button', { class: 'btn btn-small', onclick: () => remove(r) }, t('wf.remove'))))) : h('p', { class: 'muted' }, t('common.empty')));
    } catch (err) {
      list.replaceChildren(errorText(err));
    }
  };
  const remove = async (robot) => {
    const message = t('wf.removeRobot', { name: robot.Name });
    if (!(await confirmDanger(robot.Name, { production: ctx.production(), message, action: t('wf.remove') }))) return;
    try { await api.workflows.removeRobot(id, robot.Id); } catch (err) { toast(errorText(err), { kind: 'error' }); }
    refresh();
  };
  add.addEventListener('click', async () => {
    const ids = adder.value.filter((r) => !linked.has(r));
    if (!ids.length) return toast(t('wf.noRobotsChosen'));
    try {
      const results = await api.workflows.addRobots(id, ids);
      const refused = results.filter((r) => r.ErrorMessage);
      refused.forEach((r) => toast(r.ErrorMessage, { kind: 'error' }));
      toast(t('wf.robotsAdded', { n: results.length - refused.length }));
      adder.clear();
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
    refresh();
  });
  refresh();
  await modal(`${t('wf.robots')} · ${w.Name}`, h('div', {}, list, h('div', { class: 'toolbar robot-adder' }, adder.el, add)),
    { wide: true, actions: [{ label: t('common.close') }] });
}

// One flow instance: its facts, the variables the engine last answered with, the flow's
// diagram coloured by each node's status, the elements it went through in order, its user
// tasks with commit and roll back, and terminate. After each action the page reads the
// instance again; an unknown outcome stays on the page with the console's advice until the
// user dismisses it (nothing is sent again on its own).
import { api } from '../../api.js';
import { h, formatTime } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorBox, errorText } from '../../../../components/dialog.js';
import { facts } from '../../../../components/list-view.js';
import { toast } from '../../../../components/toast.js';
import { instanceBadge, keyOf, legend, nodeBadge, nodeTypeText, statusByKey } from './status.js';
import { commitTask, rollbackTask, terminateInstance } from './actions.js';
import { flowDiagram } from '../flows/diagram.js';

/** Instance statuses an instance can still be terminated in (not started, running). */
const LIVE = new Set([0, 2]);

const card = (id, title, ...body) => h('div', { class: 'card inst-card', id }, h('h2', {}, title), ...body);

/** The model's elements by key, for each executed element's type. */
function typesOf(model) {
  const out = {};
  for (const el of model?.flowElementList || []) out[el.key] = el.type;
  return out;
}

export function instancePage(ctx, id) {
  let left = false;
  let generation = 0;
  let inFlight = null;
  let lastVariables = null;
  let instance = null;

  const badgeSlot = h('span', { id: 'inst-status' });
  const flowLine = h('p', { class: 'muted inst-flow-line' });
  const terminate = h('button', { class: 'btn btn-danger', id: 'inst-terminate', disabled: true, onclick: () => instance && terminateInstance(page, instance) }, t('fm.instances.terminate'));
  const outcome = h('div', { id: 'inst-outcome' });
  const body = h('div', { class: 'inst-body' }, h('div', { class: 'card state state-loading' }, t('common.loading')));

  const page = {
    production: () => ctx.production(),
    done(action, answer) {
      outcome.replaceChildren();
      if (answer && answer.variables && typeof answer.variables === 'object') lastVariables = { action, variables: answer.variables };
      toast(t(`fm.instances.done.${action}`));
      load();
    },
    failed(action, err) {
      const unknown = err?.kind === 'unknown_outcome';
      const what = t(`fm.instances.act.${action}`);
      outcome.replaceChildren(h('div', {
        class: `inst-outcome ${unknown ? 'inst-outcome-unknown' : 'inst-outcome-failed'}`,
        role: 'alert', dataset: { outcome: unknown ? 'unknown' : 'failed', action },
      },
      h('strong', {}, unknown ? t('fm.instances.unknownTitle', { action: what }) : t('fm.instances.failed', { action: what, error: '' }).trim()),
      h('p', { class: 'inst-outcome-detail' }, errorText(err)),
      unknown ? h('p', {}, t('fm.instances.unknownNote')) : null,
      h('div', { class: 'toolbar' },
        h('button', { class: 'btn', dataset: { action: 'check' }, onclick: () => load() }, t('fm.instances.checkNow')),
        h('button', { class: 'btn', dataset: { action: 'dismiss' }, onclick: () => outcome.replaceChildren() }, t('fm.instances.dismiss')))));
      // What the console holds now is read (a read is safe); the action itself is not sent again.
      load();
    },
  };

  function variablesCard() {
    if (!lastVariables) return card('inst-variables', t('fm.instances.variables'), h('p', { class: 'muted' }, t('fm.instances.variablesNone')));
    return card('inst-variables', t('fm.instances.variables'),
      h('p', { class: 'muted' }, t('fm.instances.variablesAfter', { action: t(`fm.instances.act.${lastVariables.action}`) })),
      h('pre', { class: 'json inst-json' }, JSON.stringify(lastVariables.variables, null, 2)));
  }

  function factsCard(inst) {
    const flowName = inst.flowName || inst.flowKey || inst.flowModuleId;
    return card('inst-facts', t('fm.instances.facts'), facts([
      [t('fm.instances.id'), h('span', { class: 'inst-id' }, inst.flowInstanceId)],
      [t('fm.instances.status'), instanceBadge(inst.status)],
      [t('fm.instances.flow'), inst.flowModuleId ? h('button', { class: 'link', id: 'inst-open-flow', onclick: () => ctx.openFlow(inst.flowModuleId) }, flowName) : flowName],
      [t('fm.instances.flowKey'), inst.flowKey],
      [t('fm.instances.moduleId'), inst.flowModuleId],
      [t('fm.instances.deployId'), inst.flowDeployId],
      inst.parentFlowInstanceId ? [t('fm.instances.parent'), h('button', { class: 'link', onclick: () => ctx.openInstance(inst.parentFlowInstanceId) }, inst.parentFlowInstanceId)] : null,
      [t('fm.instances.caller'), inst.caller],
      [t('fm.instances.operator'), inst.operator],
      [t('fm.instances.created'), formatTime(inst.createTime)],
      [t('fm.instances.modified'), formatTime(inst.modifyTime)],
    ]));
  }

  function elementsCard(elements, tasks, types) {
    if (!elements.length) return card('inst-elements', t('fm.instances.elements'), h('p', { class: 'muted' }, t('fm.instances.elementsNone')));
    const times = Object.fromEntries(tasks.filter((x) => x.nodeInstanceId).map((x) => [x.nodeInstanceId, x.modifyTime || x.createTime]));
    const rows = elements.map((el, i) => h('tr', { dataset: { key: keyOf(el), status: String(el.status ?? '') } },
      h('td', { class: 'num' }, String(i + 1)),
      h('td', { class: 'inst-key' }, keyOf(el) || t('common.none')),
      h('td', {}, el.name || t('common.none')),
      h('td', {}, types[keyOf(el)] !== undefined ? nodeTypeText(types[keyOf(el)]) : t('common.none')),
      h('td', {}, nodeBadge(el.status)),
      h('td', { class: 'nowrap' }, times[el.nodeInstanceId] ? formatTime(times[el.nodeInstanceId]) : t('common.none'))));
    return card('inst-elements', t('fm.instances.elements'),
      h('div', { class: 'inst-table-wrap' }, h('table', { class: 'table table-compact' },
        h('thead', {}, h('tr', {}, ['order', 'key', 'name', 'type', 'status', 'time'].map((k) => h('th', {}, t(`fm.instances.${k}`))))),
        h('tbody', {}, rows))),
      h('small', { class: 'muted' }, t('fm.instances.timeHint')));
  }

  function tasksCard(inst, tasks) {
    if (!tasks.length) return card('inst-tasks', t('fm.instances.tasks'), h('p', { class: 'muted' }, t('fm.instances.tasksNone')));
    const live = inst.status === 2;
    const rows = tasks.map((task) => h('tr', { dataset: { key: keyOf(task), status: String(task.status ?? ''), task: task.nodeInstanceId || '' } },
      h('td', {}, task.name || task.modelName || t('common.none')),
      h('td', { class: 'inst-key' }, keyOf(task) || t('common.none')),
      h('td', {}, nodeBadge(task.status)),
      h('td', { class: 'nowrap' }, formatTime(task.createTime)),
      h('td', { class: 'nowrap' }, formatTime(task.modifyTime)),
      h('td', { class: 'col-actions' }, live && task.status === 2 && task.nodeInstanceId ? [
        h('button', { class: 'btn btn-small btn-primary', dataset: { action: 'commit' }, onclick: () => commitTask(page, inst, { ...task, key: keyOf(task) }) }, t('fm.instances.commit')),
        h('button', { class: 'btn btn-small', dataset: { action: 'rollback' }, onclick: () => rollbackTask(page, inst, { ...task, key: keyOf(task) }) }, t('fm.instances.rollback')),
      ] : null)));
    return card('inst-tasks', t('fm.instances.tasks'),
      h('div', { class: 'inst-table-wrap' }, h('table', { class: 'table table-compact' },
        h('thead', {}, h('tr', {}, ['name', 'key', 'status', 'created', 'modified'].map((k) => h('th', {}, t(`fm.instances.${k}`))), h('th', {}))),
        h('tbody', {}, rows))));
  }

  async function diagramCard(inst, elements, signal) {
    const place = h('div', { class: 'inst-diagram', id: 'inst-diagram' }, h('p', { class: 'muted' }, t('common.loading')));
    const el = card('inst-diagram-card', t('fm.instances.diagram'), legend(), place);
    let model = null;
    try {
      model = inst.flowModuleId ? await api.instances.model(inst.flowModuleId, inst.flowDeployId ?? null, { signal }) : null;
    } catch (err) {
      if (err.kind === 'cancelled') throw err;
      place.replaceChildren(h('p', { class: 'error-text' }, errorText(err)));
      return { el, model: null };
    }
    if (!model) {
      place.replaceChildren(h('p', { class: 'muted' }, t('fm.instances.noModel')));
      return { el, model };
    }
    place.replaceChildren(flowDiagram(model, { statusByKey: statusByKey(elements) }));
    return { el, model };
  }

  async function load() {
    if (left) return;
    const mine = ++generation;
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    const options = { signal: request.signal };
    try {
      const [read, elements, tasks, flows] = await Promise.all([
        api.instances.get(id, options), api.instances.elements(id, options), api.instances.userTasks(id, options),
        // The flow's name and key (one instance's read lacks them; the list has them).
        api.instances.flows(options).catch(() => [])]);
      if (mine !== generation) return;
      const flow = (flows || []).find((f) => f.flowModuleId === read.flowModuleId);
      const inst = { ...read, flowName: read.flowName || flow?.flowName, flowKey: read.flowKey || flow?.flowKey };
      instance = inst;
      const diagram = await diagramCard(inst, elements || [], request.signal);
      if (mine !== generation) return;
      badgeSlot.replaceChildren(instanceBadge(inst.status));
      flowLine.textContent = [inst.flowName, inst.flowKey].filter(Boolean).join(' · ');
      terminate.disabled = !LIVE.has(inst.status);
      body.replaceChildren(
        h('div', { class: 'inst-top' }, factsCard(inst), variablesCard()),
        diagram.el,
        tasksCard(inst, tasks || []),
        elementsCard(elements || [], tasks || [], typesOf(diagram.model)));
    } catch (err) {
      if (mine !== generation || err.kind === 'cancelled') return;
      terminate.disabled = true;
      body.replaceChildren(err.kind === 'not_found'
        ? h('div', { class: 'state state-error', role: 'alert' }, h('p', {}, t('fm.instances.missing', { id })))
        : errorBox(err, () => load()));
    } finally {
      if (inFlight === request) inFlight = null;
    }
  }

  const el = h('section', { class: 'screen inst-page', dataset: { instance: id } },
    h('div', { class: 'screen-head' },
      h('div', { class: 'inst-head' },
        h('button', { class: 'link', id: 'inst-back', onclick: () => ctx.openInstances(instance?.flowModuleId) }, t('fm.instances.back')),
        h('h1', {}, t('fm.instances.title', { id: id.length > 12 ? `${id.slice(0, 8)}…` : id }), ' ', badgeSlot),
        flowLine),
      h('div', { class: 'toolbar' },
        h('button', { class: 'btn', id: 'inst-reload', onclick: () => load() }, t('common.refresh')),
        terminate)),
    outcome,
    body);
  el.addEventListener('screen-leave', () => { left = true; generation += 1; inFlight?.abort(); });
  load();
  return el;
}

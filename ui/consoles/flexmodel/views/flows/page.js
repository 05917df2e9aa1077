// One flow's page (`#/flows?flow=<id>`): its facts, its model drawn read-only (diagram.js),
// what can be done to it (edit, deploy, start an instance, delete) and links to its
// instances and triggers, and whether the model was changed since its deployment. The model is
// the console's `flowModel` JSON text, parsed here.
import { h, formatTime } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { facts } from '../../../../components/list-view.js';
import { errorBox } from '../../../../components/dialog.js';
import { api } from '../../api.js';
import { statusBadge, editFlow, deployFlow, deleteFlow } from './actions.js';
import { startInstance } from './start.js';

/** The model of a flow as parsed JSON: {model} or {error} or {} when it has none. */
export function modelOf(detail) {
  const text = detail?.flowModel;
  if (!text || !String(text).trim()) return {};
  try {
    return { model: JSON.parse(text) };
  } catch (err) {
    return { error: err.message };
  }
}

/** The model's JSON as one canonical text (null when there is none or it is not JSON). */
function canonical(text) {
  try {
    return text ? JSON.stringify(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

/** The diagram card: the model drawn by diagram.js (loaded when there is a model to draw). */
function diagramCard(detail) {
  const { model, error } = modelOf(detail);
  const elements = Array.isArray(model?.flowElementList) ? model.flowElementList : [];
  const flows = elements.filter((e) => Number(e.type) === 1).length;
  const count = h('span', { class: 'muted', id: 'flow-element-count' },
    model ? t('fm.flows.elements', { nodes: elements.length - flows, flows }) : '');
  const area = h('div', { class: 'flow-diagram-area', id: 'flow-diagram' });
  if (error) area.append(h('p', { class: 'error-text' }, t('fm.flows.badModel', { message: error })));
  else if (!model) area.append(h('p', { class: 'muted', id: 'flow-no-model' }, t('fm.flows.noModel')));
  else {
    area.append(h('p', { class: 'muted' }, t('common.loading')));
    import('./diagram.js').then(({ flowDiagram }) => area.replaceChildren(flowDiagram(model)),
      () => area.replaceChildren(h('p', { class: 'muted' }, t('fm.flows.noDiagram'))));
  }
  return h('div', { class: 'card flow-diagram-card' },
    h('div', { class: 'flow-card-head' }, h('h2', {}, t('fm.flows.diagram')), count), area);
}

export function flowPage(ctx, id) {
  const content = h('div', { class: 'flow-page-body' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const title = h('h1', { id: 'flow-title' }, id);
  const toolbar = h('div', { class: 'toolbar', id: 'flow-toolbar' });
  // Said when the model being edited is not the one instances run (the console keeps showing
  // "published" after an edit).
  const notice = h('p', { class: 'warn-text flow-undeployed', id: 'flow-undeployed', hidden: true }, t('fm.flows.undeployed'));
  const request = new AbortController();

  let shown = '';
  function draw(detail) {
    // A refresh that brings nothing new leaves the page (and its diagram) as it is.
    const text = JSON.stringify(detail);
    if (text === shown) return;
    shown = text;
    title.replaceChildren(detail.flowName || detail.flowModuleId, ' ', statusBadge(detail.status));
    const deployed = Boolean(detail.flowDeployId) || Number(detail.status) === 4;
    const act = (key, label, onclick, kind = '') => h('button', { class: `btn ${kind}`, id: `flow-${key}`, onclick }, label);
    toolbar.replaceChildren(
      act('instances', t('fm.flows.instances'), () => ctx.openInstances(detail.flowModuleId)),
      act('triggers', t('fm.flows.triggers'), () => ctx.openTriggers(detail.flowModuleId)),
      act('edit', t('common.edit'), async () => { if (await editFlow(detail)) load(); }),
      act('deploy', t('fm.flows.deploy'), async () => { if (await deployFlow(detail)) load(); }),
      act('start', t('fm.flows.start'), () => startInstance(detail, ctx, { deployed }), 'btn-primary'),
      act('delete', t('common.delete'), async () => { if (await deleteFlow(detail, ctx)) ctx.go('flows', {}); }, 'btn-danger'));
    content.replaceChildren(
      diagramCard(detail),
      h('div', { class: 'card flow-facts', id: 'flow-facts' }, facts([
        [t('common.id'), h('code', {}, detail.flowModuleId)],
        [t('fm.flows.key'), h('code', { id: 'flow-fact-key' }, detail.flowKey || t('common.none'))],
        [t('fm.flows.status'), statusBadge(detail.status)],
        [t('fm.flows.remark'), h('span', { id: 'flow-fact-remark' }, detail.remark || t('common.none'))],
        [t('fm.flows.deployId'), detail.flowDeployId ? h('code', {}, detail.flowDeployId) : t('common.none')],
        [t('fm.flows.operator'), detail.operator],
        [t('fm.flows.modified'), formatTime(detail.modifyTime)],
      ])));
  }

  async function compareDeployed(detail) {
    notice.hidden = true;
    if (!detail.flowDeployId) return;
    try {
      const deployed = await api.flows.get(id, detail.flowDeployId, { signal: request.signal });
      notice.hidden = canonical(deployed.flowModel) === canonical(detail.flowModel);
      notice.dataset.checked = detail.flowDeployId;
    } catch {
      // Without the deployed model there is nothing to say either way.
    }
  }

  async function load() {
    try {
      const detail = await api.flows.get(id, null, { signal: request.signal });
      draw(detail);
      compareDeployed(detail);
    } catch (err) {
      if (err.kind === 'cancelled') return;
      toolbar.replaceChildren();
      content.replaceChildren(errorBox(err.kind === 'not_found' ? { ...err, message: t('fm.flows.missing', { id }) } : err, load));
    }
  }

  const known = api.flows.get.peek(id, null);
  if (known) draw(known);
  load();
  const el = h('section', { class: 'screen flows-screen flow-page', dataset: { flow: id } },
    h('nav', { class: 'flow-crumbs' }, h('button', { class: 'link', id: 'flow-back', onclick: () => ctx.go('flows', {}) }, `← ${t('fm.flows.back')}`)),
    h('div', { class: 'screen-head' }, title, toolbar),
    notice,
    content);
  el.addEventListener('screen-leave', () => request.abort());
  return el;
}

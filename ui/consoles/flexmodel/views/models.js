// The Models screen: a datasource's models grouped as entities, enums and native queries,
// searchable; an entity's fields and indexes changed in forms the console's rules check
// before sending; every model's IDL; new models from IDL or by form; and the ER diagram of
// the datasource's entities. The datasource, the model and the view stay in the address
// (`ds`, `model`, `view=er`), so the screen comes back as it was after a switch of profile.
import { api, rememberedThenFresh } from '../api.js';
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { errorBox } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { modelList } from './models/model-list.js';
import { modelDetail } from './models/entity.js';
import { erDiagram } from './models/er-diagram.js';
import { openIdlEditor } from './models/idl-editor.js';
import { newEntity } from './models/entity-form.js';
import '../strings/models.js';

export function modelsView(ctx, params = {}) {
  const state = { ds: params.ds || '', model: params.model || '', view: params.view === 'er' ? 'er' : 'models', models: [], loaded: false };
  let left = false;
  let generation = 0;

  const dsSelect = h('select', { class: 'input', id: 'fm-models-ds', 'aria-label': t('fm.models.datasource') });
  const list = modelList({ onPick: (name) => choose(name) });
  const detail = h('div', { class: 'fm-model-detail', id: 'fm-model-detail' });
  const tab = (view, label) => h('button', {
    class: 'fm-tab', role: 'tab', dataset: { view }, id: `fm-view-${view}`,
    onclick: () => { state.view = view; remember(); drawTabs(); drawDetail(); },
  }, label);
  const tabs = h('div', { class: 'fm-tabs', role: 'tablist' }, tab('models', t('fm.models.details')), tab('er', t('fm.models.er')));
  const toolbar = h('div', { class: 'toolbar' },
    h('label', { class: 'inline-label' }, t('fm.models.datasource'), dsSelect), tabs,
    h('button', { class: 'btn', id: 'fm-new-entity', onclick: () => create(() => newEntity({ ds: state.ds, models: state.models })) }, t('fm.models.newEntity')),
    h('button', { class: 'btn btn-primary', id: 'fm-new-idl', onclick: () => create(() => openIdlEditor({ ds: state.ds, models: state.models })) }, t('fm.models.newFromIdl')),
    h('button', { class: 'btn', id: 'fm-models-refresh', onclick: () => loadModels(true) }, t('common.refresh')));
  const body = h('div', { class: 'fm-models-body' }, list.el, detail);
  const el = h('section', { class: 'screen fm-models' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.models')), toolbar), body);
  el.addEventListener('screen-leave', () => { left = true; generation += 1; });

  const remember = () => ctx.setParams({ ds: state.ds, model: state.model, view: state.view === 'er' ? 'er' : undefined });

  function drawTabs() {
    tabs.querySelectorAll('.fm-tab').forEach((b) => {
      const on = b.dataset.view === state.view;
      b.classList.toggle('active', on);
      b.setAttribute('aria-selected', on ? 'true' : 'false');
    });
    body.classList.toggle('fm-er-mode', state.view === 'er');
  }

  function drawDetail() {
    if (!state.loaded) return;
    if (state.view === 'er') {
      detail.replaceChildren(erDiagram(state.models, { onPick: (name) => { state.view = 'models'; drawTabs(); choose(name); } }));
      return;
    }
    const model = state.models.find((m) => m.name === state.model);
    if (!model) {
      detail.replaceChildren(h('div', { class: 'state' }, t(state.models.length ? 'fm.models.pick' : 'fm.models.noModels')));
      return;
    }
    detail.replaceChildren(modelDetail(model, { ctx, ds: state.ds, models: state.models, onChanged: () => loadModels(true) }));
  }

  function choose(name) {
    state.model = name;
    remember();
    list.select(name);
    if (state.view === 'er') { state.view = 'models'; drawTabs(); }
    drawDetail();
  }

  function showModels(models) {
    state.models = models;
    state.loaded = true;
    if (state.model && !models.some((m) => m.name === state.model)) state.model = '';
    list.show(models, state.model);
    drawDetail();
  }

  /** The datasource's models: what the session has at once, then the console's (`fresh`: only). */
  async function loadModels(fresh = false) {
    const mine = ++generation;
    if (!state.ds) return;
    if (!fresh || !state.loaded) detail.replaceChildren(h('div', { class: 'state state-loading' }, t('common.loading')));
    try {
      const onNewer = (models) => { if (mine === generation && !left) showModels(models); };
      const models = fresh ? await api.models.list(state.ds) : await rememberedThenFresh(api.models.list, [state.ds], onNewer);
      if (mine !== generation || left) return;
      showModels(models);
    } catch (err) {
      if (mine !== generation || left) return;
      state.loaded = false;
      list.show([], '');
      detail.replaceChildren(errorBox(err, () => loadModels(true)));
    }
  }

  /** Runs a creation dialog; afterwards the list is read again and the first new model opened. */
  async function create(open) {
    if (!state.ds) return;
    const made = await open();
    if (!made) return;
    const names = Array.isArray(made) ? made : [made];
    toast(t('fm.models.created', { names: names.join(', ') }));
    state.model = names[0] || state.model;
    state.view = 'models';
    remember();
    drawTabs();
    await loadModels(true);
  }

  dsSelect.addEventListener('change', () => {
    state.ds = dsSelect.value;
    state.model = '';
    state.loaded = false;
    remember();
    loadModels();
  });

  async function start() {
    drawTabs();
    detail.replaceChildren(h('div', { class: 'state state-loading' }, t('common.loading')));
    try {
      const fill = (sources) => {
        const names = sources.map((d) => d.name);
        dsSelect.replaceChildren(...sources.map((d) => h('option', { value: d.name }, d.type === 'SYSTEM' ? `${d.name} · SYSTEM` : d.name)));
        if (!names.includes(state.ds)) { state.ds = names[0] || ''; state.model = names.length ? state.model : ''; }
        dsSelect.value = state.ds;
        return names.length > 0;
      };
      const sources = await rememberedThenFresh(api.datasources.list, [], (fresh) => { if (!left) fill(fresh); });
      if (left) return;
      if (!fill(sources)) {
        detail.replaceChildren(h('div', { class: 'state' }, t('fm.models.noDatasource'),
          ' ', h('button', { class: 'btn', onclick: () => ctx.go('datasources') }, t('nav.fm.datasources'))));
        return;
      }
      remember();
      await loadModels();
    } catch (err) {
      if (!left) detail.replaceChildren(errorBox(err, start));
    }
  }
  start();
  return el;
}

// Records: a datasource's entity as a grid paged and sorted on the console, filtered by the
// builder or the raw JSON, with records created, edited and deleted through typed forms and
// their relations shown on demand. Where the user is (datasource, model, filter, sort, page,
// page size, related shown) lives in the address, so a profile switch comes back to it. The
// model and the first page are asked for together; a newer request abandons the older one.
import { api } from '../api.js';
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { checkbox } from '../../../components/form.js';
import { errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { recordsGrid, PAGE_SIZES } from './records/grid.js';
import { filterBuilder } from './records/filter-builder.js';
import { editRecord, deleteRecord } from './records/record-form.js';
import { showRecord } from './records/record-view.js';
import { identityOf, isRelation } from './records/fields.js';
import '../strings/records.js';

const sortOf = (text) => {
  const [field, order] = String(text || '').split(':');
  return field ? { field, order: order === 'desc' ? 'DESC' : 'ASC' } : null;
};
const sortText = (sort) => (sort ? `${sort.field}:${sort.order.toLowerCase()}` : '');
const whole = (text, fallback) => (Number.isInteger(Number(text)) && Number(text) > 0 ? Number(text) : fallback);

/** The values of each enum the entity's fields take, by field name. */
async function enumsOf(ds, entity) {
  const out = {};
  await Promise.all(entity.fields.filter((f) => f.type === 'EnumRef' && f.from).map(async (f) => {
    const m = await api.models.get(ds, f.from).catch(() => null);
    out[f.name] = m?.elements || [];
  }));
  return out;
}

export function recordsView(ctx, params) {
  const state = {
    ds: params.ds || '', model: params.model || '', filter: params.filter || '',
    sort: sortOf(params.sort), page: whole(params.page, 1),
    size: PAGE_SIZES.includes(Number(params.size)) ? Number(params.size) : PAGE_SIZES[0],
    nested: params.nested === '1',
  };
  let entity = null;
  let ready = null; // the entity on screen, as a promise (asked with the first page)
  let enums = Promise.resolve({});
  let inflight = null;
  let left = false;

  const dsSelect = h('select', { class: 'input', id: 'records-ds', 'aria-label': t('fm.records.datasource') });
  const modelSelect = h('select', { class: 'input', id: 'records-model', 'aria-label': t('fm.records.model') });
  const nested = checkbox(t('fm.records.showRelated'), state.nested, { id: 'records-nested' });
  const newButton = h('button', { class: 'btn btn-primary', id: 'records-new', disabled: true, onclick: () => create() }, t('fm.records.new'));
  const subtitle = h('span', { class: 'muted records-subtitle' });
  const filterHost = h('div', { class: 'records-filter-host' });
  const grid = recordsGrid({ onSort: sortBy, onPage: (n) => go({ page: n }), onSize: (n) => go({ size: n, page: 1 }), onAction: act });
  const el = h('section', { class: 'screen records-screen' },
    h('div', { class: 'screen-head' },
      h('div', { class: 'records-title' }, h('h1', {}, t('nav.fm.records')), subtitle),
      h('div', { class: 'toolbar' }, dsSelect, modelSelect, nested.el,
        h('button', { class: 'btn', id: 'records-refresh', onclick: () => load({ fresh: true }) }, t('common.refresh')), newButton)),
    filterHost, grid.el);
  el.addEventListener('screen-leave', () => { left = true; inflight?.abort(); });

  /** Keeps the place in the address (without drawing the screen again). */
  function keep() {
    ctx.setParams({
      ds: state.ds, model: state.model, filter: state.filter, sort: sortText(state.sort),
      page: state.page > 1 ? state.page : '', size: state.size !== PAGE_SIZES[0] ? state.size : '',
      nested: state.nested ? '1' : '',
    });
  }

  function go(change) {
    Object.assign(state, change);
    keep();
    load();
  }

  function sortBy(field) {
    const now = state.sort?.field === field ? state.sort.order : null;
    const next = now === null ? 'ASC' : now === 'ASC' ? 'DESC' : null;
    state.sort = next ? { field, order: next } : null;
    grid.setSort(state.sort);
    go({ page: 1 });
  }

  async function load({ fresh = false } = {}) {
    if (left || !state.ds || !state.model) return;
    inflight?.abort();
    const request = (inflight = new AbortController());
    const query = {
      page: state.page, size: state.size, filter: state.filter || null,
      sort: state.sort ? [state.sort] : [], nested: state.nested,
    };
    const args = [state.ds, state.model, query];
    const known = fresh ? undefined : api.records.list.peek(...args);
    grid.busy(true);
    try {
      const [, answer] = await Promise.all([ready, known ?? api.records.list(...args, { signal: request.signal })]);
      if (inflight !== request) return;
      const lastPage = Math.max(1, Math.ceil(Number(answer.total || 0) / state.size));
      if (!answer.list?.length && state.page > lastPage) {
        // Records went away meanwhile: the last page there is.
        go({ page: lastPage });
        return;
      }
      grid.show(answer, { page: state.page, size: state.size });
      if (known) {
        // A page the session has seen is drawn at once, then asked again quietly.
        api.records.list(...args, { signal: request.signal }).then((latest) => {
          if (inflight === request && JSON.stringify(latest) !== JSON.stringify(known)) grid.show(latest, { page: state.page, size: state.size });
        }, () => {});
      }
    } catch (err) {
      if (inflight !== request || err.kind === 'cancelled') return;
      grid.error(err, () => (entity ? load({ fresh: true }) : openModel()));
    } finally {
      if (inflight === request && !known) inflight = null;
    }
  }

  /** Opens the chosen model: its description and its first page, asked for together. */
  function openModel() {
    entity = null;
    newButton.disabled = true;
    subtitle.textContent = '';
    filterHost.replaceChildren();
    const { ds, model } = state;
    const mine = api.models.get(ds, model).then((m) => {
      if (!m || m.type !== 'entity') throw Object.assign(new Error(t('fm.records.noModel', { model, ds })), { kind: 'not_found' });
      return m;
    });
    ready = mine;
    mine.then((m) => { if (ready === mine && !left) setup(m); }, (err) => {
      if (ready === mine && !left) grid.error(err, () => openModel());
    });
    load();
  }

  function columns() {
    return entity.fields.filter((f) => state.nested || !isRelation(f));
  }

  function setup(m) {
    entity = m;
    newButton.disabled = false;
    subtitle.textContent = [m.name, m.comment].filter(Boolean).join(' · ');
    grid.setColumns(columns(), identityOf(m)?.name || null);
    grid.setSort(state.sort);
    enums = enumsOf(state.ds, m);
    const builder = filterBuilder({ onApply: (text) => go({ filter: text, page: 1 }) });
    filterHost.replaceChildren(builder.el);
    builder.setFields(m.fields.filter((f) => !isRelation(f)), enums).then(() => builder.setFilter(state.filter));
  }

  nested.box.addEventListener('change', () => {
    state.nested = nested.box.checked;
    if (entity) grid.setColumns(columns(), identityOf(entity)?.name || null);
    go({});
  });

  async function act(action, record, field) {
    if (!entity || !record) return;
    const idField = identityOf(entity)?.name;
    const id = idField ? record[idField] : null;
    const base = { ds: state.ds, model: state.model, entity };
    if (action === 'view' || action === 'related') {
      showRecord({ ...base, id, row: record, focus: field, ctx, onEdit: id === null ? null : () => act('edit', record) });
    } else if (action === 'edit' && id !== null) {
      if (await editRecord({ ...base, id, enums: await enums })) load({ fresh: true });
    } else if (action === 'delete' && id !== null) {
      if (await deleteRecord({ ds: state.ds, model: state.model, id, production: ctx.production() })) load({ fresh: true });
    }
  }

  async function create() {
    if (entity && (await editRecord({ ds: state.ds, model: state.model, entity, id: null, enums: await enums }))) load({ fresh: true });
  }

  /** The datasource's entities in the model picker; the first one when none is chosen. */
  async function loadModels() {
    modelSelect.replaceChildren(h('option', { value: state.model }, state.model || t('common.loading')));
    try {
      const models = (await api.models.list(state.ds)).filter((m) => m.type === 'entity');
      if (left) return;
      const names = models.map((m) => m.name);
      if (state.model && !names.includes(state.model)) names.unshift(state.model);
      modelSelect.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      if (!state.model && names.length) {
        state.model = names[0];
        keep();
        openModel();
      }
      modelSelect.value = state.model;
      if (!names.length) grid.empty(t('fm.records.noEntities', { ds: state.ds }));
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }

  async function loadDatasources() {
    dsSelect.replaceChildren(h('option', { value: state.ds }, state.ds || t('common.loading')));
    try {
      const list = await api.datasources.list();
      if (left) return;
      const names = list.map((d) => d.name);
      if (state.ds && !names.includes(state.ds)) names.unshift(state.ds);
      dsSelect.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      if (!state.ds && names.length) {
        state.ds = names[0];
        keep();
      }
      dsSelect.value = state.ds;
      if (!names.length) grid.empty(t('fm.records.noDatasources'));
      else await loadModels();
    } catch (err) {
      grid.error(err, () => loadDatasources());
    }
  }

  dsSelect.addEventListener('change', () => {
    Object.assign(state, { ds: dsSelect.value, model: '', filter: '', sort: null, page: 1 });
    keep();
    loadModels();
  });
  modelSelect.addEventListener('change', () => {
    Object.assign(state, { model: modelSelect.value, filter: '', sort: null, page: 1 });
    keep();
    openModel();
  });

  // Arriving at a model: its grid at once, the pickers filled meanwhile.
  if (state.ds && state.model) openModel();
  else grid.empty(t('common.loading'));
  loadDatasources();
  return el;
}

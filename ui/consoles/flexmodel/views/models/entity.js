// One model on the Models screen: an entity's fields and indexes (each created, edited and
// deleted in forms; a delete says what it takes with it), an enum's elements, a native
// query's statement, and every model's IDL, copyable.
import { api } from '../../api.js';
import { h, copyText } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { confirmDanger, errorText } from '../../../../components/dialog.js';
import { DataTable } from '../../../../components/table.js';
import { badge } from '../../../../components/list-view.js';
import { toast } from '../../../../components/toast.js';
import { typeText, relationText, defaultText, flagBadges } from './shared.js';
import { editField } from './field-form.js';
import { editIndex } from './index-form.js';

/**
 * The page of `model`. env: {ctx, ds, models (the datasource's, as listed), onChanged()}.
 */
export function modelDetail(model, env) {
  const { ctx, ds } = env;
  const head = h('header', { class: 'fm-detail-head' },
    h('div', { class: 'fm-detail-title' }, h('h2', { id: 'fm-model-title' }, model.name),
      badge(t(`fm.models.kind.${model.type}`)), model.comment ? h('span', { class: 'muted' }, model.comment) : null),
    h('div', { class: 'toolbar' },
      model.type === 'entity' ? h('button', { class: 'btn', id: 'fm-open-records', onclick: () => ctx.openRecords(ds, model.name) }, t('fm.models.records')) : null,
      model.type === 'native_query' ? h('button', { class: 'btn', id: 'fm-open-native', onclick: () => ctx.go('native', { ds, model: model.name }) }, t('fm.models.runQuery')) : null,
      h('button', { class: 'btn btn-danger', id: 'fm-delete-model', onclick: () => deleteModel(model, env) }, t('fm.models.deleteModel'))));
  const parts = [head];
  if (model.type === 'entity') parts.push(fieldsCard(model, env), indexesCard(model, env));
  if (model.type === 'enum') {
    parts.push(h('section', { class: 'card' }, h('h3', {}, t('fm.models.elements')),
      h('div', { class: 'fm-elements' }, (model.elements || []).map((e) => h('span', { class: 'badge' }, e)))));
  }
  if (model.type === 'native_query') {
    parts.push(h('section', { class: 'card' }, h('h3', {}, t('fm.models.statement')),
      h('pre', { class: 'json fm-statement' }, model.statement || ''),
      h('p', { class: 'muted' }, t('fm.models.parameters'), ' ', (model.parameters || []).join(', ') || t('common.none'))));
  }
  if (model.type !== 'native_query') parts.push(idlCard(model));
  return h('div', { class: 'fm-detail', dataset: { model: model.name } }, parts);
}

function fieldsCard(model, env) {
  const columns = [
    { key: 'name', label: t('common.name'), class: 'fm-nowrap', render: (f) => h('span', { class: 'fm-field-name' }, h('strong', {}, f.name), ' ', flagBadges(f)) },
    { key: 'type', label: t('fm.models.type'), value: typeText, class: 'fm-nowrap' },
    { key: 'relation', label: t('fm.models.relation'), value: relationText },
    { key: 'default', label: t('fm.models.default'), value: defaultText, class: 'fm-nowrap' },
    { key: 'comment', label: t('fm.models.comment') },
  ];
  const table = new DataTable(columns, {
    key: (f) => f.name,
    actions: (f) => [
      h('button', { class: 'btn btn-small', dataset: { editField: f.name }, onclick: () => changeField(model, f, env) }, t('common.edit')),
      h('button', { class: 'btn btn-small btn-danger', dataset: { deleteField: f.name }, onclick: () => deleteField(model, f, env) }, t('common.delete')),
    ],
  });
  table.show(model.fields || []);
  return h('section', { class: 'card fm-fields', id: 'fm-fields' },
    h('div', { class: 'fm-card-head' }, h('h3', {}, t('fm.models.fields'), h('span', { class: 'muted fm-count' }, String((model.fields || []).length))),
      h('button', { class: 'btn btn-primary btn-small', id: 'fm-add-field', onclick: () => changeField(model, null, env) }, t('fm.models.addField'))),
    table.el);
}

function indexesCard(model, env) {
  const fieldsText = (i) => (i.fields || []).map((f) => `${f.fieldName} ${(f.direction || 'ASC').toUpperCase()}`).join(', ');
  const table = new DataTable([
    { key: 'name', label: t('common.name') },
    { key: 'fields', label: t('fm.models.indexFields'), value: fieldsText },
    { key: 'unique', label: t('fm.models.uniqueCol'), value: (i) => (i.unique ? t('common.yes') : t('common.no')) },
  ], {
    key: (i) => i.name,
    actions: (i) => [
      h('button', { class: 'btn btn-small', dataset: { editIndex: i.name }, onclick: () => changeIndex(model, i, env) }, t('common.edit')),
      h('button', { class: 'btn btn-small btn-danger', dataset: { deleteIndex: i.name }, onclick: () => deleteIndex(model, i, env) }, t('common.delete')),
    ],
  });
  table.show(model.indexes || []);
  return h('section', { class: 'card fm-indexes', id: 'fm-indexes' },
    h('div', { class: 'fm-card-head' }, h('h3', {}, t('fm.models.indexes'), h('span', { class: 'muted fm-count' }, String((model.indexes || []).length))),
      h('button', { class: 'btn btn-primary btn-small', id: 'fm-add-index', onclick: () => changeIndex(model, null, env) }, t('fm.models.addIndex'))),
    table.el);
}

function idlCard(model) {
  const pre = h('pre', { class: 'fm-idl', id: 'fm-model-idl' }, t('common.loading'));
  const copy = h('button', { class: 'btn btn-small', id: 'fm-copy-idl', disabled: true }, t('fm.models.copyIdl'));
  api.models.idl([model]).then((text) => {
    pre.textContent = text;
    copy.disabled = false;
    copy.onclick = async () => toast(t(await copyText(text) ? 'common.copied' : 'fm.models.copyFailed'));
  }, (err) => { pre.textContent = errorText(err); });
  return h('section', { class: 'card' }, h('div', { class: 'fm-card-head' }, h('h3', {}, 'IDL'), copy), pre);
}

async function changeField(model, f, env) {
  if (await editField({ ds: env.ds, models: env.models, entity: model, field: f })) env.onChanged();
}

async function changeIndex(model, i, env) {
  if (await editIndex({ ds: env.ds, models: env.models, entity: model, index: i })) env.onChanged();
}

/** Runs a delete the user confirmed; says the outcome. */
async function remove(name, { message, details, run, env }) {
  if (!(await confirmDanger(name, { production: env.ctx.production(), message, details }))) return;
  try {
    await run();
    toast(t('common.deleted'));
    env.onChanged();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

const lostList = (items) => (items.length ? h('ul', { class: 'fm-lost' }, items.map((x) => h('li', {}, x))) : null);

function deleteField(model, f, env) {
  const indexes = (model.indexes || []).filter((i) => (i.fields || []).some((x) => x.fieldName === f.name));
  const lost = f.type === 'Relation'
    ? [t('fm.models.loseLink', { name: f.name })]
    : [t('fm.models.loseColumn', { name: f.name, model: model.name }),
      ...indexes.map((i) => t('fm.models.loseIndex', { name: i.name }))];
  return remove(f.name, {
    env,
    message: t('fm.models.deleteFieldConfirm', { name: f.name, model: model.name }),
    details: h('div', { class: 'fm-loses' }, h('p', {}, t('fm.models.loses')), lostList(lost)),
    run: () => api.fields.delete(env.ds, model.name, f.name),
  });
}

function deleteIndex(model, i, env) {
  return remove(i.name, {
    env,
    message: t('fm.models.deleteIndexConfirm', { name: i.name, model: model.name }),
    details: h('p', { class: 'muted' }, t('fm.models.indexNoData')),
    run: () => api.indexes.delete(env.ds, model.name, i.name),
  });
}

function deleteModel(model, env) {
  const users = env.models.flatMap((m) => (m.fields || [])
    .filter((f) => f.from === model.name && m.name !== model.name)
    .map((f) => t('fm.models.loseUser', { field: `${m.name}.${f.name}` })));
  const lost = model.type === 'entity'
    ? [t('fm.models.loseTable', { model: model.name }), ...users]
    : users;
  return remove(model.name, {
    env,
    message: t('fm.models.deleteModelConfirm', { name: model.name }),
    details: lost.length ? h('div', { class: 'fm-loses' }, h('p', {}, t('fm.models.loses')), lostList(lost)) : null,
    run: () => api.models.delete(env.ds, model.name),
  });
}

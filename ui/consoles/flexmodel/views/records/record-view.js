// One record with its relations, on demand: read afresh with `records.get` (the console fills
// the relations then), its fields as facts, a to-one relation as the related record's facts,
// a to-many relation as a small table; each relation opens the related model's records
// filtered to this record's.
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, errorBox } from '../../../../components/dialog.js';
import { facts } from '../../../../components/list-view.js';
import { showJson } from '../../../../components/json-view.js';
import { cellText, isRelation } from './fields.js';

const MAX_COLUMNS = 8;

/**
 * Shows record `id` of `model` (or `row` as listed, when the model has no identity);
 * `focus`: the relation to scroll to. `onEdit()` opens the form.
 */
export function showRecord({ ds, model, entity, id, row, focus, ctx, onEdit }) {
  const holder = h('div', { class: 'record-view' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  let record = row;
  return modal(t('fm.records.viewTitle', { model, id: id ?? '' }), holder, {
    wide: true,
    onOpen: async () => {
      try {
        if (id !== null && id !== undefined) record = (await api.records.get(ds, model, String(id))) || row;
        holder.replaceChildren(...draw(ds, entity, record, ctx));
        holder.querySelector(`[data-relation="${CSS.escape(focus || '')}"]`)?.scrollIntoView({ block: 'start' });
      } catch (err) {
        holder.replaceChildren(errorBox(err));
      }
    },
    actions: [
      { label: t('common.json'), onClick: () => showJson(`${model} ${id ?? ''}`, record) },
      onEdit ? { label: t('common.edit'), id: 'edit', onClick: (close) => { close(null); onEdit(); } } : null,
      { label: t('common.close'), primary: true },
    ].filter(Boolean),
  });
}

function draw(ds, entity, record, ctx) {
  const scalar = entity.fields.filter((f) => !isRelation(f));
  const out = [facts(scalar.map((f) => [f.name, cellText(record?.[f.name], f)]))];
  for (const rel of entity.fields.filter(isRelation)) {
    const value = record?.[rel.name];
    const link = rel.from && rel.foreignField && record?.[rel.localField] !== undefined
      ? h('button', {
        class: 'link', dataset: { open: rel.name },
        onclick: () => ctx.go('records', { ds, model: rel.from, filter: JSON.stringify({ [rel.foreignField]: { _eq: record[rel.localField] } }) }),
      }, t('fm.records.openRelated', { model: rel.from }))
      : null;
    const head = h('h3', { class: 'record-rel-head' }, `${rel.name} → ${rel.from}${rel.multiple ? '[]' : ''}`, link ? ' · ' : null, link);
    let content;
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) {
      content = h('p', { class: 'muted' }, t('fm.records.noRelated'));
    } else if (Array.isArray(value)) {
      content = smallTable(value);
    } else {
      content = facts(Object.entries(value).filter(([, v]) => typeof v !== 'object' || v === null).map(([k, v]) => [k, cellText(v)]));
    }
    out.push(h('section', { class: 'record-rel', dataset: { relation: rel.name } }, head, content));
  }
  return out;
}

function smallTable(rows) {
  const keys = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k) && typeof r[k] !== 'object') keys.push(k);
  const shown = keys.slice(0, MAX_COLUMNS);
  return h('div', { class: 'record-rel-table' },
    h('p', { class: 'muted' }, t('fm.records.relatedCount', { n: rows.length })),
    h('table', { class: 'table table-compact' },
      h('thead', {}, h('tr', {}, shown.map((k) => h('th', {}, k)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, shown.map((k) => h('td', {}, cellText(r[k]))))))));
}

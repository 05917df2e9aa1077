// A to-one relation in the record form: the stored field (`classId`) chosen as a record of
// the related model (`Classes`), through the shared picker with a paging adapter over
// `records.list` (pages from 1, `{list, total}`), searched on the console by the related
// model's first text field. The current choice is labelled by reading that one record.
import { api } from '../../api.js';
import { t } from '../../../../i18n.js';
import { picker } from '../../../../components/picker.js';
import { displayField, isNumeric, labelOf } from './fields.js';

/** How FlexModel pages records, for the shared picker; rows keyed by `key`. */
export function recordPaging(key, searchField) {
  return {
    query: ({ index, size, search }) => ({
      page: index + 1, size, sort: [], nested: false,
      filter: search && searchField ? JSON.stringify({ [searchField]: { _contains: search } }) : null,
    }),
    page: (answer) => ({ count: Number(answer?.total ?? 0), rows: answer?.list || [] }),
    key: (row) => String(row[key]),
    label: (row) => labelOf(row, key),
  };
}

/**
 * ds: the datasource; relation: the Relation field ({from, foreignField}); field: the stored
 * field it sets; value: its current value. Returns {el, read() -> {value}, set(value)}.
 */
export async function relationPicker(ds, relation, field, value) {
  const target = await api.models.get(ds, relation.from).catch(() => null);
  const searchField = displayField(target?.fields);
  const key = relation.foreignField || 'id';
  const paging = recordPaging(key, searchField);
  const typed = (id) => (id === '' || id === null || id === undefined ? null : isNumeric(field) ? Number(id) : id);
  const p = picker({
    name: field.name,
    paging,
    fetch: (query, options) => api.records.list(ds, relation.from, query, options),
    label: paging.label,
    detail: () => relation.from,
    empty: field.nullable === false ? undefined : t('common.none'),
    placeholder: t('fm.records.pickRecord', { model: relation.from }),
    resolve: async (id) => {
      const filter = JSON.stringify({ [key]: { _eq: typed(id) } });
      const answer = await api.records.list(ds, relation.from, { page: 1, size: 1, filter, sort: [], nested: false });
      return answer.list?.[0] ? labelOf(answer.list[0], key) : String(id);
    },
  });
  if (value !== null && value !== undefined) p.set(String(value));
  return {
    el: p.el,
    button: p.button,
    read: () => ({ value: typed(p.value) }),
    set: (v) => (v === null || v === undefined ? p.clear() : p.set(String(v))),
    onChange: (fn) => p.onChange(fn),
  };
}

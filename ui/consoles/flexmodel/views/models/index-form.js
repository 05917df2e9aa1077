// The index form, for a new index of an entity and for a change of one (its name comes from
// the path): its name, whether it is unique, and its fields in order, each ascending or
// descending. The console's rules check the body before it is sent; what they refuse shows
// under its input, and nothing is sent.
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal } from '../../../../components/dialog.js';
import { field, input, select, checkbox } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';
import { columns, checkForm, showSendError } from './shared.js';

/** Opens the form; resolves true once the console took it. */
export async function editIndex({ ds, models, entity, index: original = null }) {
  const form = buildForm(entity, original);
  const title = original ? t('fm.models.editIndex', { name: original.name }) : t('fm.models.newIndex', { model: entity.name });
  const saved = await modal(title, form.body, {
    onOpen: () => form.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        if (await form.save(ds, models, entity, original)) close(true);
      },
    }],
  });
  return Boolean(saved);
}

function buildForm(entity, original) {
  const name = input({ value: original?.name || '', disabled: Boolean(original), autocomplete: 'off', placeholder: `IDX_${entity.name.toUpperCase()}_…` });
  const unique = checkbox(t('fm.models.isUniqueIndex'), original?.unique, { id: 'fm-index-unique' });
  const rows = h('ol', { class: 'fm-index-fields', id: 'fm-index-fields' });
  const problem = h('p', { class: 'error-text', role: 'alert', id: 'fm-index-problem' });
  const cols = columns(entity).map((f) => [f.name, f.name]);

  function addRow(fieldName = cols[0]?.[0] || '', direction = 'ASC') {
    const which = select(cols, fieldName, { 'aria-label': t('fm.models.indexField') });
    const dir = select([['ASC', t('fm.models.asc')], ['DESC', t('fm.models.desc')]], direction.toUpperCase(), { 'aria-label': t('fm.models.direction') });
    const row = h('li', { class: 'row fm-index-row' }, which, dir,
      h('button', { class: 'icon-btn', 'aria-label': t('fm.models.removeIndexField'), title: t('fm.models.removeIndexField'), onclick: () => row.remove() }, '×'));
    rows.append(row);
  }
  for (const f of original?.fields || []) addRow(f.fieldName, f.direction || 'ASC');
  if (!original) addRow();

  const fieldsWrap = h('div', {}, rows,
    h('button', { class: 'btn btn-small', id: 'fm-index-add-field', onclick: () => addRow() }, t('fm.models.addIndexField')));
  const body = h('div', { class: 'form' },
    field(t('common.name'), name, { name: 'name', hint: original ? t('fm.models.noRename') : null }),
    h('div', { class: 'field', dataset: { for: 'unique' } }, unique.el),
    field(t('fm.models.indexFields'), fieldsWrap, { name: 'fields', hint: t('fm.models.indexFieldsHint') }),
    problem);

  const values = () => ({
    name: original ? original.name : name.value.trim(),
    unique: unique.box.checked,
    fields: [...rows.querySelectorAll('.fm-index-row')].map((r) => {
      const [which, dir] = r.querySelectorAll('select');
      return { fieldName: which.value, direction: dir.value };
    }),
  });

  async function save(ds, models, ent, orig) {
    problem.textContent = '';
    const sent = values();
    const kind = orig ? 'index_update' : 'index';
    if (!(await checkForm(body, { ds, models, kind, body: sent, model: ent.name }))) return false;
    try {
      if (orig) await api.indexes.update(ds, ent.name, orig.name, sent);
      else await api.indexes.create(ds, ent.name, sent);
      toast(t('common.saved'));
      return true;
    } catch (err) {
      showSendError(body, problem, err);
      return false;
    }
  }

  return { body, save, focus: () => (original ? unique.box : name).focus() };
}

// A new entity by form: its name, comment and first fields (scalar ones; relations and enum
// fields, which need more settings, are added afterwards through the field form). An Int or
// Long identity counts up by itself. The console's rules check the whole model before it is
// sent, each refusal under its input (a first field's under that field's row).
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal } from '../../../../components/dialog.js';
import { field, input, select, checkbox } from '../../../../components/form.js';
import { SCALARS, checkForm, showSendError } from './shared.js';

/** Opens the form; resolves with the created model's name, or null. */
export async function newEntity({ ds, models }) {
  const name = input({ autocomplete: 'off', placeholder: 'Course' });
  const comment = input({});
  const rows = h('div', { class: 'fm-first-fields', id: 'fm-first-fields' });
  const problem = h('p', { class: 'error-text', role: 'alert', id: 'fm-entity-problem' });
  let seq = 0;

  function addRow(preset = {}) {
    const i = seq++;
    const cell = (key, el) => h('div', { class: 'field', dataset: { for: `fields[${i}].${key}` } }, el, h('small', { class: 'field-error', role: 'alert' }));
    const fieldName = input({ value: preset.name || '', 'aria-label': t('common.name'), placeholder: t('common.name') });
    const type = select(SCALARS.map((x) => [x, x]), preset.type || 'String', { 'aria-label': t('fm.models.type') });
    const identity = checkbox(t('fm.models.identity'), preset.identity);
    const nullable = checkbox(t('fm.models.nullable'), !preset.identity && preset.nullable !== false);
    const unique = checkbox(t('fm.models.unique'), false);
    // The identity is never empty.
    const follow = () => {
      nullable.box.disabled = identity.box.checked;
      if (identity.box.checked) nullable.box.checked = false;
    };
    identity.box.addEventListener('change', follow);
    follow();
    const row = h('div', { class: 'fm-first-row', dataset: { row: String(i) } },
      cell('name', fieldName), cell('type', type), cell('identity', identity.el), cell('nullable', nullable.el), cell('unique', unique.el),
      h('button', { class: 'icon-btn', 'aria-label': t('fm.models.removeField'), title: t('fm.models.removeField'), onclick: () => row.remove() }, '×'));
    row.value = () => {
      const f = { name: fieldName.value.trim(), type: type.value, identity: identity.box.checked,
        nullable: nullable.box.checked, unique: unique.box.checked };
      if (f.identity && (f.type === 'Int' || f.type === 'Long')) f.defaultValue = { type: 'generated', name: 'autoIncrement' };
      return f;
    };
    // The keys refusals name are the body's positions, which change when a row goes.
    row.position = (at) => row.querySelectorAll('.field').forEach((c) => { c.dataset.for = c.dataset.for.replace(/^fields\[\d+\]/, `fields[${at}]`); });
    rows.append(row);
  }
  addRow({ name: 'id', type: 'Long', identity: true });

  const body = h('div', { class: 'form fm-entity-form' },
    h('div', { class: 'form-grid' }, field(t('common.name'), name, { name: 'name' }), field(t('fm.models.comment'), comment, { name: 'comment' })),
    h('h3', {}, t('fm.models.firstFields')), h('p', { class: 'muted' }, t('fm.models.firstFieldsHint')),
    rows, h('button', { class: 'btn btn-small', id: 'fm-entity-add-field', onclick: () => addRow() }, t('fm.models.addField')),
    problem);

  const values = () => {
    const list = [...rows.querySelectorAll('.fm-first-row')];
    list.forEach((r, at) => r.position(at));
    return { type: 'entity', name: name.value.trim(), comment: comment.value.trim() || null, fields: list.map((r) => r.value()), indexes: [] };
  };

  const created = await modal(t('fm.models.newEntity'), body, {
    wide: true,
    onOpen: () => name.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.create'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        problem.textContent = '';
        const sent = values();
        if (!(await checkForm(body, { ds, models, kind: 'model', body: sent }))) return;
        try {
          const model = await api.models.create(ds, sent);
          close(model.name);
        } catch (err) {
          showSendError(body, problem, err);
        }
      },
    }],
  });
  return created || null;
}

// The record form, for a new record and for an edit: one input per field, by its type
// (numbers checked as numbers, a checkbox for a boolean, the browser's date and time pickers,
// JSON checked as JSON, an enum's values in a select, a to-one relation as a picker of the
// related model's records). Identity and generated fields are the console's to make and are
// not editable. Every check runs before sending; a refused form sends nothing. An edit sends
// PATCH with only the fields that changed, or PUT with the whole record when every field
// changed or the user asked for a full replace.
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, confirmDanger, errorBox, errorText } from '../../../../components/dialog.js';
import { field as labelled, checkbox, validate, showFieldError } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';
import { isGenerated, isRelation, isRequired, relationOf, typedValue, valueInput } from './fields.js';
import { relationPicker } from './relation-picker.js';

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Opens the form for record `id` of `model` (read afresh), or for a new one when `id` is
 * null. `enums`: {field: elements}. Resolves true once the console saved it.
 */
export async function editRecord({ ds, model, entity, id = null, enums = {} }) {
  const holder = h('div', { class: 'form-holder' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  let form = null;
  const title = id === null ? t('fm.records.newTitle', { model }) : t('fm.records.editTitle', { model, id });
  const saved = await modal(title, holder, {
    wide: true,
    onOpen: async () => {
      try {
        const record = id === null ? null : await api.records.get(ds, model, String(id));
        if (id !== null && !record) throw new Error(t('fm.records.gone'));
        form = await buildForm({ ds, model, entity, id, record, enums });
        holder.replaceChildren(form.body);
        form.focus();
      } catch (err) {
        holder.replaceChildren(errorBox(err));
      }
    },
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        if (form && (await form.save())) close(true);
      },
    }],
  });
  return Boolean(saved);
}

async function buildForm({ ds, model, entity, id, record, enums }) {
  const creating = record === null;
  const editors = [];
  const cells = [];
  const readOnly = [];
  const generated = [];
  for (const f of entity.fields) {
    if (isRelation(f)) continue;
    if (isGenerated(f)) {
      if (creating) generated.push(f.name);
      else readOnly.push(labelled(f.name, h('input', { class: 'input', id: `rec-${f.name}`, value: record[f.name] ?? '', disabled: true }), { name: f.name, hint: t('fm.records.generated') }));
      continue;
    }
    const editor = await editorFor(ds, entity, f, enums[f.name] || []);
    const start = creating ? (f.defaultValue?.type === 'fixed' ? f.defaultValue.value : null) : record[f.name];
    editor.set(start);
    editors.push(editor);
    const required = isRequired(f);
    const relation = relationOf(entity, f);
    const type = f.type + (f.type === 'String' && f.length ? `(${f.length})` : '') + (relation ? ` → ${relation.from}` : '');
    const hint = [type, f.comment].filter(Boolean).join(' · ');
    const wide = f.type === 'JSON' || (f.type === 'String' && (f.length || 255) > 255);
    const cell = labelled(required ? `${f.name} *` : f.name, editor.el, { name: f.name, hint });
    if (wide) cell.classList.add('span-all');
    cells.push(cell);
  }
  const initial = Object.fromEntries(editors.map((e) => [e.name, e.read().value]));
  const full = checkbox(t('fm.records.fullReplace'), false, { id: 'record-full-replace' });
  const mode = h('p', { class: 'muted record-mode', id: 'record-send-mode' });
  const body = h('div', { class: 'form form-grid record-form', dataset: { model } },
    generated.length ? h('p', { class: 'muted span-all' }, t('fm.records.madeByConsole', { fields: generated.join(', ') })) : null,
    cells, readOnly,
    creating ? null : h('div', { class: 'span-all record-send' }, full.el, mode));

  /** Every editor read; the errors by field. */
  function readAll() {
    const values = {};
    const errors = {};
    for (const e of editors) {
      const read = e.read();
      if (read.error) errors[e.name] = read.error;
      else if (read.value === null && e.required) errors[e.name] = t('form.required');
      else values[e.name] = read.value;
    }
    return { values, errors };
  }

  const changedOf = (values) => editors.filter((e) => e.name in values && !same(values[e.name], initial[e.name])).map((e) => e.name);
  const usePut = (changed) => full.box.checked || (changed.length === editors.length && editors.length > 0);

  function showMode() {
    if (creating) return;
    const { values } = readAll();
    const changed = changedOf(values);
    mode.textContent = !changed.length && !full.box.checked ? t('fm.records.modeNone')
      : usePut(changed) ? t('fm.records.modePut') : t('fm.records.modePatch', { fields: changed.join(', ') });
  }
  body.addEventListener('input', showMode);
  body.addEventListener('change', showMode);
  editors.forEach((e) => e.onChange?.(showMode));
  showMode();

  async function save() {
    const { values, errors } = readAll();
    if (!validate(body, errors)) return false;
    try {
      if (creating) {
        const sent = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
        await api.records.create(ds, model, sent);
      } else {
        const changed = changedOf(values);
        if (!changed.length && !full.box.checked) {
          toast(t('form.unchanged'));
          return true;
        }
        if (usePut(changed)) {
          // The whole record: what the console made, then every field as the form has it.
          const kept = Object.fromEntries(entity.fields.filter((f) => !isRelation(f) && isGenerated(f)).map((f) => [f.name, record[f.name]]));
          await api.records.replace(ds, model, String(id), { ...kept, ...values });
        } else {
          await api.records.update(ds, model, String(id), Object.fromEntries(changed.map((n) => [n, values[n]])));
        }
      }
      toast(t('common.saved'));
      return true;
    } catch (err) {
      if (!showFieldError(body, err.field, err.message)) toast(errorText(err), { kind: 'error' });
      return false;
    }
  }
  return { body, save, focus: () => body.querySelector('input:not([disabled]),select,textarea')?.focus() };
}

/** The editor of one field: {name, el, required, read() -> {value}|{error}, set(value)}. */
async function editorFor(ds, entity, f, elements) {
  const required = isRequired(f);
  const relation = relationOf(entity, f);
  if (relation) {
    const p = await relationPicker(ds, relation, f, null);
    return { name: f.name, el: p.el, required, read: p.read, set: p.set, onChange: p.onChange };
  }
  if (f.type === 'Boolean') {
    const box = checkbox(t('common.yes'), false, { id: `rec-${f.name}` });
    return { name: f.name, el: box.el, required: false, read: () => ({ value: box.box.checked }), set: (v) => { box.box.checked = v === true; } };
  }
  if (f.type === 'EnumRef' && f.multiple) {
    const sel = h('select', { class: 'input', multiple: true, id: `rec-${f.name}` }, elements.map((e) => h('option', { value: e }, e)));
    return {
      name: f.name, el: sel, required,
      read: () => {
        const chosen = [...sel.selectedOptions].map((o) => o.value);
        return { value: chosen.length ? chosen : null };
      },
      set: (v) => [...sel.options].forEach((o) => { o.selected = Array.isArray(v) && v.includes(o.value); }),
    };
  }
  const input = valueInput(f, { elements, form: true, attrs: { id: `rec-${f.name}` } });
  return { name: f.name, el: input.el, required, read: () => typedValue(f, input.text(), { required }), set: input.set };
}

/** Asks, then deletes record `id` (typed confirmation on a production console). */
export async function deleteRecord({ ds, model, id, production }) {
  const name = `${model} ${id}`;
  if (!(await confirmDanger(name, { production }))) return false;
  try {
    await api.records.delete(ds, model, String(id));
    toast(t('common.deleted'));
    return true;
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return false;
  }
}

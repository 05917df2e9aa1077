// The field form, for a new field of an entity and for a change of one (its name comes from
// the path: no rename). Its inputs follow the type: a String's length, a Float's precision
// and scale, the enum or model a field refers to, a relation's local and foreign fields, and
// a default fixed (typed as the field) or generated. Before anything is sent the console's
// rules check the body; what they refuse is shown under its input, and nothing is sent.
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal } from '../../../../components/dialog.js';
import { field, input, select, checkbox } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';
import { FIELD_TYPES, GENERATORS, entities, enums, columns, checkForm, showSendError } from './shared.js';

/** Opens the form; resolves true once the console took it. */
export async function editField({ ds, models, entity, field: original = null }) {
  const form = buildForm({ models, entity, original });
  const title = original ? t('fm.models.editField', { name: original.name }) : t('fm.models.newField', { model: entity.name });
  const saved = await modal(title, form.body, {
    wide: true,
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

/** A fixed default as its box shows it: text as it is, an enum list comma-joined, else JSON. */
function fixedShown(d, type) {
  if (d?.type !== 'fixed' || d.value === undefined || d.value === null) return '';
  if (typeof d.value === 'string') return d.value;
  if (type === 'EnumRef' && Array.isArray(d.value)) return d.value.join(', ');
  return JSON.stringify(d.value);
}

/** A number box's value as the body carries it: a number, the text when it is not one, or none. */
function numberValue(el) {
  const text = el.value.trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
}

function buildForm({ models, entity, original }) {
  const o = original || { type: 'String', nullable: true };
  const name = input({ value: o.name || '', disabled: Boolean(original), autocomplete: 'off' });
  const type = select(FIELD_TYPES.map((x) => [x, x]), o.type);
  const comment = input({ value: o.comment || '' });
  const length = input({ type: 'number', value: o.length ?? '', placeholder: '255' });
  const precision = input({ type: 'number', value: o.precision ?? '', placeholder: '20' });
  const scale = input({ type: 'number', value: o.scale ?? '', placeholder: '2' });
  const from = select([], '');
  const multiple = checkbox(t('fm.models.multiple'), o.multiple, { id: 'fm-field-multiple' });
  const localSel = select([['', t('fm.models.choose')], ...columns(entity).map((f) => [f.name, f.name])], o.localField || '');
  const foreign = select([], '');
  const cascade = checkbox(t('fm.models.cascadeDelete'), o.cascadeDelete, { id: 'fm-field-cascade' });
  const nullable = checkbox(t('fm.models.isNullable'), o.nullable !== false, { id: 'fm-field-nullable' });
  const unique = checkbox(t('fm.models.isUnique'), o.unique, { id: 'fm-field-unique' });
  const identity = checkbox(t('fm.models.isIdentity'), o.identity, { id: 'fm-field-identity' });
  const d = o.defaultValue || null;
  const defaultKind = select([['', t('fm.models.noDefault')], ['fixed', t('fm.models.fixed')], ['generated', t('fm.models.generated')]], d?.type || '');
  const fixedText = input({ value: fixedShown(d, o.type) });
  const fixedChoice = select([], '');
  const generator = select([], '');
  const problem = h('p', { class: 'error-text', role: 'alert', id: 'fm-field-problem' });

  const wrap = (label, el, key, hint) => field(label, el, { name: key, hint });
  const boxField = (box, key) => h('div', { class: 'field', dataset: { for: key } }, box.el, h('small', { class: 'field-error', role: 'alert' }));
  const parts = {
    name: wrap(t('common.name'), name, 'name', original ? t('fm.models.noRename') : null),
    type: wrap(t('fm.models.type'), type, 'type'),
    comment: wrap(t('fm.models.comment'), comment, 'comment'),
    length: wrap(t('fm.models.length'), length, 'length'),
    precision: wrap(t('fm.models.precision'), precision, 'precision'),
    scale: wrap(t('fm.models.scale'), scale, 'scale'),
    from: wrap(t('fm.models.from'), from, 'from'),
    multiple: boxField(multiple, 'multiple'),
    local: wrap(t('fm.models.localField'), localSel, 'localField'),
    foreign: wrap(t('fm.models.foreignField'), foreign, 'foreignField'),
    cascade: boxField(cascade, 'cascadeDelete'),
    defaultKind: wrap(t('fm.models.default'), defaultKind, 'defaultKind'),
    fixed: wrap(t('fm.models.fixedValue'), h('div', { class: 'fm-fixed' }, fixedText, fixedChoice), 'defaultValue'),
    generator: wrap(t('fm.models.generator'), generator, 'generator'),
  };
  fixedText.dataset.field = 'defaultValue';
  const flags = h('div', { class: 'fm-flags-row span-all' }, boxField(nullable, 'nullable'), boxField(unique, 'unique'), boxField(identity, 'identity'));
  const body = h('div', { class: 'form form-grid fm-field-form' },
    parts.name, parts.type, h('div', { class: 'span-all' }, parts.comment),
    parts.length, parts.precision, parts.scale, parts.from, parts.multiple, parts.local, parts.foreign, parts.cascade,
    flags, parts.defaultKind, parts.fixed, parts.generator, h('div', { class: 'span-all' }, problem));

  const target = () => models.find((m) => m.name === from.value);
  const elementsOf = () => (models.find((m) => m.name === from.value && m.type === 'enum')?.elements || []);

  function fillFrom() {
    const ty = type.value;
    const options = ty === 'EnumRef' ? enums(models) : entities(models);
    const keep = from.value || o.from || '';
    from.replaceChildren(h('option', { value: '' }, t('fm.models.choose')), ...options.map((m) => h('option', { value: m.name }, m.name)));
    if (options.some((m) => m.name === keep)) from.value = keep;
  }

  function fillTargetParts() {
    const keepForeign = foreign.value || o.foreignField || '';
    const cols = type.value === 'Relation' ? columns(target()) : [];
    foreign.replaceChildren(h('option', { value: '' }, t('fm.models.choose')), ...cols.map((f) => h('option', { value: f.name }, f.name)));
    if (cols.some((f) => f.name === keepForeign)) foreign.value = keepForeign;
    const elements = elementsOf();
    const keepChoice = fixedChoice.value || (d?.type === 'fixed' ? String(d.value ?? '') : '');
    const choices = type.value === 'Boolean' ? ['true', 'false'] : elements;
    fixedChoice.replaceChildren(...choices.map((e) => h('option', { value: e }, e)));
    if (choices.includes(keepChoice)) fixedChoice.value = keepChoice;
  }

  function fillGenerators() {
    const keep = generator.value || (d?.type === 'generated' ? d.name : '');
    const offered = GENERATORS[type.value] || [];
    generator.replaceChildren(...offered.map((g) => h('option', { value: g }, `${g}()`)));
    if (offered.includes(keep)) generator.value = keep;
  }

  function layout() {
    const ty = type.value;
    const rel = ty === 'Relation';
    const ref = rel || ty === 'EnumRef';
    parts.length.hidden = ty !== 'String';
    parts.precision.hidden = ty !== 'Float';
    parts.scale.hidden = ty !== 'Float';
    parts.from.hidden = !ref;
    parts.multiple.hidden = !ref;
    parts.local.hidden = !rel;
    parts.foreign.hidden = !rel;
    parts.cascade.hidden = !rel;
    parts.defaultKind.hidden = rel;
    const kind = rel ? '' : defaultKind.value;
    // A generator is offered only where one fits the type.
    defaultKind.querySelector('option[value=generated]').disabled = !GENERATORS[ty];
    parts.fixed.hidden = kind !== 'fixed';
    parts.generator.hidden = kind !== 'generated';
    const choose = ty === 'Boolean' || (ty === 'EnumRef' && !multiple.box.checked);
    fixedText.hidden = choose;
    fixedChoice.hidden = !choose;
  }

  function redraw() {
    fillFrom();
    fillTargetParts();
    fillGenerators();
    layout();
  }
  type.addEventListener('change', redraw);
  from.addEventListener('change', () => { fillTargetParts(); layout(); });
  defaultKind.addEventListener('change', layout);
  multiple.box.addEventListener('change', layout);
  redraw();

  /** The fixed default as the field's type reads it; `error` when the text cannot be one. */
  function fixedValue() {
    const ty = type.value;
    if (ty === 'Boolean') return { value: fixedChoice.value === 'true' };
    if (ty === 'EnumRef') {
      if (!multiple.box.checked) return { value: fixedChoice.value };
      return { value: fixedText.value.split(/[,，]/).map((s) => s.trim()).filter(Boolean) };
    }
    const text = fixedText.value;
    if (ty === 'JSON') {
      try { return { value: JSON.parse(text) }; } catch (e) { return { error: t('fm.models.notJson', { reason: e.message }) }; }
    }
    if (['Int', 'Long', 'Float'].includes(ty) && /^\s*-?\d+(\.\d+)?\s*$/.test(text)) return { value: Number(text) };
    return { value: text };
  }

  /** The body the console gets, and the form's own refusals. */
  function values() {
    const ty = type.value;
    const keep = {};
    for (const k of ['additionalProperties', 'concreteType']) if (original?.[k] !== undefined) keep[k] = original[k];
    const b = { ...keep, name: original ? original.name : name.value.trim(), type: ty, comment: comment.value.trim() || null,
      nullable: nullable.box.checked, unique: unique.box.checked, identity: identity.box.checked };
    const own = {};
    const set = (key, v) => { if (v !== undefined && v !== '') b[key] = v; };
    if (ty === 'String') set('length', numberValue(length));
    if (ty === 'Float') { set('precision', numberValue(precision)); set('scale', numberValue(scale)); }
    if (ty === 'EnumRef' || ty === 'Relation') { set('from', from.value); b.multiple = multiple.box.checked; }
    if (ty === 'Relation') { set('localField', localSel.value); set('foreignField', foreign.value); b.cascadeDelete = cascade.box.checked; }
    if (ty !== 'Relation' && defaultKind.value === 'fixed') {
      const v = fixedValue();
      if (v.error) own.defaultValue = v.error;
      else b.defaultValue = { type: 'fixed', value: v.value };
    }
    if (ty !== 'Relation' && defaultKind.value === 'generated') b.defaultValue = { type: 'generated', name: generator.value };
    return { body: b, own };
  }

  async function save(ds, all, ent, orig) {
    problem.textContent = '';
    const { body: sent, own } = values();
    const kind = orig ? 'field_update' : 'field';
    if (!(await checkForm(body, { ds, models: all, kind, body: sent, model: ent.name, local: own }))) return false;
    try {
      if (orig) await api.fields.update(ds, ent.name, orig.name, sent);
      else await api.fields.create(ds, ent.name, sent);
      toast(t('common.saved'));
      return true;
    } catch (err) {
      showSendError(body, problem, err);
      return false;
    }
  }

  return { body, save, focus: () => (original ? type : name).focus() };
}

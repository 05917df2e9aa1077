// What the Models screen's parts share: the field types and what each carries, a field told
// in a few words, and the check of a form by the console's rules (asked of Rust, which says
// them in the words the console refuses with) before anything is sent.
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { refusals, validate, showFieldError } from '../../../../components/form.js';
import { errorText } from '../../../../components/dialog.js';

export const FIELD_TYPES = ['String', 'Int', 'Long', 'Float', 'Boolean', 'DateTime', 'Date', 'Time', 'JSON', 'EnumRef', 'Relation'];
/** The scalar types: what a first field of a new entity may be. */
export const SCALARS = FIELD_TYPES.slice(0, 9);
/** The generated defaults offered for each type (the rules judge what is sent). */
export const GENERATORS = { String: ['uuid', 'ulid'], Int: ['autoIncrement'], Long: ['autoIncrement'], DateTime: ['now'], Date: ['now'], Time: ['now'] };

export const entities = (models) => models.filter((m) => m.type === 'entity');
export const enums = (models) => models.filter((m) => m.type === 'enum');
export const columns = (model) => (model?.fields || []).filter((f) => f.type !== 'Relation');

/** The type of a field in a few words: `String(255)`, `Float(20, 2)`, `→ Student[]`. */
export function typeText(f) {
  switch (f.type) {
    case 'String': return `String(${f.length ?? 255})`;
    case 'Float': return `Float(${f.precision ?? 20}, ${f.scale ?? 2})`;
    case 'EnumRef': return `${f.from || '?'}${f.multiple ? '[]' : ''}`;
    case 'Relation': return `→ ${f.from || '?'}${f.multiple ? '[]' : ''}`;
    default: return f.type;
  }
}

/** A relation's match, `classId → id`, or nothing for other fields. */
export function relationText(f) {
  if (f.type !== 'Relation') return '';
  const cascade = f.cascadeDelete ? ` · ${t('fm.models.cascade')}` : '';
  return `${f.localField || '?'} → ${f.from || '?'}.${f.foreignField || '?'}${cascade}`;
}

/** A default in a few words: `now()`, `"draft"`. */
export function defaultText(f) {
  const d = f.defaultValue;
  if (!d) return '';
  if (d.type === 'generated') return `${d.name}()`;
  return JSON.stringify(d.value ?? null);
}

/** Flags of a field as small badges. */
export function flagBadges(f) {
  const flags = [];
  if (f.identity) flags.push(['id', t('fm.models.identity')]);
  if (f.unique) flags.push(['unique', t('fm.models.unique')]);
  if (f.nullable === false) flags.push(['required', t('fm.models.notNull')]);
  return h('span', { class: 'fm-flags' }, flags.map(([k, label]) => h('span', { class: `badge fm-flag-${k}` }, label)));
}

/**
 * Checks `body` as the console would (`kind`: model, field, field_update, index,
 * index_update) and shows each refusal under its input in `root`, with the form's own
 * `local` checks beside them. True when nothing is refused; nothing is sent either way.
 */
export async function checkForm(root, { ds, models, kind, body, model, local = {} }) {
  const refused = await refusals((value) => api.rules.check(ds, models, kind, value, model || null), body);
  if (!refused) return false;
  return validate(root, { ...local, ...refused });
}

/** A refusal of the console after sending: under its input when it names one, else in `box`. */
export function showSendError(root, box, err) {
  box.textContent = '';
  if (err.field && showFieldError(root, err.field, err.message)) return;
  box.textContent = errorText(err);
}


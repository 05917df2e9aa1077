// What a model's field types mean on the records screen: the operators a filter offers for
// each type, the input each type gets (in the filter builder and in the record form), how a
// typed text becomes the value sent (with the check that refuses it first), and how a value
// reads in a grid cell. One place, so the builder and the form agree on every type.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';

const INT_RANGE = { Int: [-2147483648, 2147483647], Long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };
const WHOLE = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const PATTERNS = {
  Date: /^\d{4}-\d{2}-\d{2}$/,
  DateTime: /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/,
  Time: /^\d{2}:\d{2}(:\d{2})?$/,
};

/** The operators of the builder, by field type; `null`/`notnull` are `_eq`/`_ne` with null. */
const COMPARE = ['_eq', '_ne', '_gt', '_gte', '_lt', '_lte', '_between'];
const OPS = {
  String: ['_eq', '_ne', '_contains', '_not_contains', '_starts_with', '_ends_with', '_in', '_nin'],
  Int: [...COMPARE, '_in', '_nin'],
  Long: [...COMPARE, '_in', '_nin'],
  Float: [...COMPARE, '_in', '_nin'],
  Date: COMPARE, DateTime: COMPARE, Time: COMPARE,
  Boolean: ['_eq', '_ne'],
  EnumRef: ['_eq', '_ne', '_in', '_nin'],
  JSON: ['_contains', '_not_contains'],
};
const ANY = [...COMPARE, '_contains', '_not_contains', '_starts_with', '_ends_with', '_in', '_nin'];

export const isNumeric = (field) => ['Int', 'Long', 'Float'].includes(field?.type);
export const isRelation = (field) => field?.type === 'Relation';

/** The operators offered for `field` (any, for a path the model does not describe). */
export function operatorsFor(field) {
  return [...(OPS[field?.type] || ANY), 'null', 'notnull'];
}

/** The field a stored value is set through, when it is the local side of a to-one relation. */
export function relationOf(entity, field) {
  return entity.fields.find((f) => isRelation(f) && !f.multiple && f.localField === field.name && f.from);
}

/** Not null, not an identity, no default: the server refuses a record without it. */
export const isRequired = (field) => field.nullable === false && !field.identity && !field.defaultValue;

/** Made by the server: an identity, or a generated default (uuid, now…). */
export const isGenerated = (field) => Boolean(field.identity || field.defaultValue?.type === 'generated');

/** The identity field of an entity (records are addressed by it), if any. */
export const identityOf = (entity) => entity.fields.find((f) => f.identity) || null;

/**
 * One typed text as the value sent for `field`: {value} or {error}. Empty text is null
 * (`required` says whether that is refused).
 */
export function typedValue(field, text, { required = false } = {}) {
  const raw = String(text ?? '').trim();
  if (raw === '') return required ? { error: t('form.required') } : { value: null };
  const type = field?.type;
  if (type === 'Int' || type === 'Long') {
    if (!WHOLE.test(raw)) return { error: t('fm.records.notWhole') };
    const n = Number(raw);
    const [lo, hi] = INT_RANGE[type];
    if (n < lo || n > hi) return { error: t('fm.records.outOfRange', { type }) };
    return { value: n };
  }
  if (type === 'Float') {
    if (!DECIMAL.test(raw) || !Number.isFinite(Number(raw))) return { error: t('fm.records.notNumber') };
    return { value: Number(raw) };
  }
  if (type === 'Boolean') {
    if (raw !== 'true' && raw !== 'false') return { error: t('fm.records.notBoolean') };
    return { value: raw === 'true' };
  }
  if (PATTERNS[type]) {
    if (!PATTERNS[type].test(raw)) return { error: t(`fm.records.bad${type}`) };
    return { value: normalizeTime(type, raw) };
  }
  if (type === 'JSON') return jsonValue(raw);
  if (type === 'String' && field.length && String(text).length > field.length) {
    return { error: t('fm.records.tooLong', { max: field.length }) };
  }
  return { value: type === 'String' ? String(text) : raw };
}

/** The server's times: `2025-08-30T19:58:23`, seconds always written. */
function normalizeTime(type, raw) {
  if (type === 'DateTime') {
    const v = raw.replace(' ', 'T');
    return /T\d{2}:\d{2}$/.test(v) ? `${v}:00` : v;
  }
  if (type === 'Time') return raw.length === 5 ? `${raw}:00` : raw;
  return raw;
}

export function jsonValue(raw) {
  try {
    return { value: JSON.parse(raw) };
  } catch (e) {
    return { error: t('fm.records.badJson', { reason: e.message }) };
  }
}

/** A value as its input shows it. */
export function inputText(field, value) {
  if (value === null || value === undefined) return '';
  if (field?.type === 'JSON') return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  if (field?.type === 'DateTime') return String(value).replace(' ', 'T').slice(0, 19);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * An input for one value of `field`: {el, text(), set(value)}. Dates and times get the
 * browser's pickers, a boolean or an enum a select (`elements`: the enum's values), JSON a
 * text area; numbers are text boxes checked by `typedValue`, so a wrong one is said, never
 * silently emptied.
 */
export function valueInput(field, { elements = [], attrs = {}, form = false } = {}) {
  const type = field?.type;
  let el;
  if (type === 'Boolean' || (type === 'EnumRef' && !field.multiple)) {
    const choices = type === 'Boolean' ? [['true', t('common.yes')], ['false', t('common.no')]] : elements.map((e) => [e, e]);
    el = h('select', { class: 'input', ...attrs },
      form && field.nullable !== false ? h('option', { value: '' }, t('common.none')) : null,
      choices.map(([v, label]) => h('option', { value: v }, label)));
  } else if (type === 'JSON' && form) {
    el = h('textarea', { class: 'input json-input', rows: 4, spellcheck: 'false', ...attrs });
  } else if (type === 'String' && form && (field.length || 255) > 255) {
    el = h('textarea', { class: 'input', rows: 3, ...attrs });
  } else {
    const kind = { Date: 'date', DateTime: 'datetime-local', Time: 'time' }[type] || 'text';
    el = h('input', {
      class: 'input', type: kind, step: kind === 'text' ? null : '1',
      inputmode: isNumeric(field) ? 'decimal' : null, ...attrs,
    });
  }
  return {
    el,
    text: () => el.value,
    set: (value) => { el.value = inputText(field, value); },
  };
}

/** A cell's text for a value: empty as a dash, times without the T, objects as JSON. */
export function cellText(value, field) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'object') {
    if (isRelation(field)) return relationText(value);
    const s = JSON.stringify(value);
    return s.length > 200 ? `${s.slice(0, 200)}…` : s;
  }
  if (field?.type === 'DateTime') return String(value).replace('T', ' ');
  return String(value);
}

/** A nested relation in a cell: how many records, or the first words of the one. */
function relationText(value) {
  if (Array.isArray(value)) return t('fm.records.relatedCount', { n: value.length });
  return labelOf(value);
}

const NAMING = /name|title|label/i;

/** The text field that names a model's records (`className`, `title`…), if any. */
export function displayField(fields = []) {
  const texts = fields.filter((f) => f.type === 'String' && !isGenerated(f));
  return (texts.find((f) => NAMING.test(f.name)) || texts[0])?.name || null;
}

/** A record's label: its naming text (else its first text) beside its id (`3 · Class C`). */
export function labelOf(record, idField = 'id') {
  if (!record || typeof record !== 'object') return String(record ?? '');
  const id = record[idField];
  const texts = Object.entries(record).filter(([k, v]) => k !== idField && typeof v === 'string' && v && !/^\d{4}-\d{2}-\d{2}/.test(v));
  const text = texts.find(([k]) => NAMING.test(k)) || texts[0];
  const parts = [id, text?.[1]].filter((x) => x !== undefined && x !== null && x !== '');
  return parts.length ? parts.join(' · ') : JSON.stringify(record).slice(0, 80);
}

/** The pixel width a column of `field` starts at (fixed, so rows never reflow). */
export function columnWidth(field) {
  if (field.identity && isNumeric(field)) return 80;
  return { Int: 90, Long: 100, Float: 110, Boolean: 80, Date: 120, Time: 100, DateTime: 180, EnumRef: 120, JSON: 240, Relation: 180 }[field.type]
    || (field.length && field.length <= 40 ? 200 : 220);
}

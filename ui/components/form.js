// Form fields with labels and inline errors; checks that mirror the console's rules, run
// before sending; and the server's field message shown beside the field it names.
import { h } from '../dom.js';

/** A labelled field. `name` is the API's field name, used to place server errors. */
export function field(label, input, { name, hint } = {}) {
  if (name) input.dataset.field = name;
  if (!input.id) input.id = `f-${name || Math.random().toString(36).slice(2)}`;
  return h('div', { class: 'field', dataset: { for: name || '' } },
    h('label', { for: input.id }, label), input,
    hint ? h('small', { class: 'hint' }, hint) : null,
    h('small', { class: 'field-error', role: 'alert' }));
}

export function input(attrs = {}) {
  const el = h('input', { class: 'input', ...attrs });
  if (attrs.value !== undefined) el.value = attrs.value;
  return el;
}

export function select(options, value, attrs = {}) {
  const el = h('select', { class: 'input', ...attrs },
    options.map(([v, label]) => h('option', { value: v }, label)));
  if (value !== undefined && value !== null) el.value = value;
  return el;
}

export function checkbox(label, checked, attrs = {}) {
  const box = h('input', { type: 'checkbox', ...attrs });
  box.checked = Boolean(checked);
  return { box, el: h('label', { class: 'check' }, box, ' ', label) };
}

/** Shows `message` under the field named `name` in `root` (or returns false if none). */
export function showFieldError(root, name, message) {
  const wrap = name && [...root.querySelectorAll('.field')].find((f) => f.dataset.for.toLowerCase() === String(name).toLowerCase());
  if (!wrap) return false;
  wrap.classList.add('has-error');
  wrap.querySelector('.field-error').textContent = message;
  wrap.querySelector('input,select,textarea')?.focus();
  return true;
}

export function clearErrors(root) {
  root.querySelectorAll('.field.has-error').forEach((f) => {
    f.classList.remove('has-error');
    f.querySelector('.field-error').textContent = '';
  });
}

/** The console's rules, as messages keyed by field; empty when all is well. */
export const rules = {
  name(value) {
    const v = (value || '').trim();
    if (!v) return 'required';
    if ([...v].length > 100) return 'at most 100 characters';
    if (/\p{Cc}/u.test(v)) return 'no control characters';
    return null;
  },
  range(value, min, max) {
    if (value === '' || value === null || value === undefined) return null;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) return `a whole number from ${min} to ${max}`;
    return null;
  },
  tags(list) {
    for (const tag of list) {
      if (!tag || [...tag].length > 50) return `“${tag}”: 1 to 50 characters`;
      if (/[,\p{Cc}]/u.test(tag)) return `“${tag}”: no commas or control characters`;
    }
    return null;
  },
};

export function parseTags(text) {
  return (text || '').split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);
}

/** Runs checks {field: message|null}; shows each failure; true when none failed. */
export function validate(root, checks) {
  clearErrors(root);
  let ok = true;
  for (const [name, message] of Object.entries(checks)) {
    if (message) {
      ok = false;
      showFieldError(root, name, message);
    }
  }
  return ok;
}

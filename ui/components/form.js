// Form fields with labels and inline errors: a form's own checks and the console's rules
// (asked of Rust, which words them as the client and the console do) shown under each
// field before sending, and the server's field message beside the field it names.
import { h } from '../dom.js';
import { errorText } from './dialog.js';
import { toast } from './toast.js';

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
  const wrap = name && [...root.querySelectorAll('.field')].find((f) => (f.dataset.for || '').toLowerCase() === String(name).toLowerCase());
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

/** A number box's value, or null when it is empty (the console's own value then stands). */
export function numberOrNull(text) {
  const v = String(text ?? '').trim();
  return v === '' ? null : Number(v);
}

export function parseTags(text) {
  return (text || '').split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);
}

/**
 * What a console's rules refuse of `fields`, as its `check` command answers: {field: message}
 * for each failing field. Null, said in a toast, when the app could not be asked.
 */
export async function refusals(check, fields) {
  try {
    return await check(fields);
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return null;
  }
}

/**
 * Shows each failed check of {field: message|null} under its field (in a toast when the form
 * has no such field); true when none failed.
 */
export function validate(root, checks) {
  clearErrors(root);
  let ok = true;
  for (const [name, message] of Object.entries(checks)) {
    if (message) {
      ok = false;
      if (!showFieldError(root, name, message)) toast(message, { kind: 'error' });
    }
  }
  return ok;
}

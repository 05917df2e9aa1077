// Modal dialogs on <dialog>: a generic one, confirm (with typed confirmation on production
// consoles), and the error text every screen shows the same way.
import { h } from '../dom.js';
import { t } from '../i18n.js';

/** Opens a modal; resolves with what `close(value)` passes, or null when dismissed. */
export function modal(title, body, { actions = [], wide = false, onOpen } = {}) {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: wide ? 'modal modal-wide' : 'modal' });
    const close = (value = null) => {
      dlg.close();
      dlg.remove();
      resolve(value);
    };
    const footer = h('footer', { class: 'modal-actions' },
      actions.map((a) => h('button', {
        class: a.primary ? 'btn btn-primary' : a.danger ? 'btn btn-danger' : 'btn',
        type: a.submit ? 'submit' : 'button',
        dataset: { action: a.id || '' },
        onclick: a.submit ? undefined : () => (a.onClick ? a.onClick(close) : close(a.value ?? null)),
      }, a.label)));
    const form = h('form', { method: 'dialog', class: 'modal-form' },
      h('header', { class: 'modal-title' }, h('h2', {}, title),
        h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('common.close'), onclick: () => close(null) }, '×')),
      h('div', { class: 'modal-body' }, body), footer);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const submit = actions.find((a) => a.submit);
      if (submit?.onClick) submit.onClick(close);
      else close(true);
    });
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(null);
    });
    dlg.append(form);
    document.body.append(dlg);
    dlg.showModal();
    onOpen?.(dlg, close);
  });
}

/**
 * Asks before a destructive or weighty action (`action` names its button; Delete by default).
 * On a production console the name must be typed.
 */
export async function confirmDanger(name, { production = false, message, action, details } = {}) {
  const text = message || t('common.deleteConfirm', { name });
  const label = action || t('common.delete');
  if (!production) {
    return modal(t('common.confirm'), h('div', {}, h('p', {}, text), details || null), {
      actions: [{ label: t('common.cancel'), value: false }, { label, danger: true, value: true, id: 'confirm' }],
    }).then(Boolean);
  }
  const input = h('input', { class: 'input', 'aria-label': 'confirm-name', autocomplete: 'off' });
  const body = h('div', {}, h('p', {}, text), details || null, h('p', { class: 'warn' }, t('common.typeToConfirm', { name })), input);
  return modal(t('common.confirm'), body, {
    actions: [{ label: t('common.cancel'), value: false }, {
      label, danger: true, id: 'confirm',
      onClick: (close) => (input.value.trim() === name ? close(true) : input.classList.add('invalid')),
    }],
    onOpen: () => input.focus(),
  }).then(Boolean);
}

/** An error as a person reads it: the localized sentence, then the server's own words. */
export function errorText(error) {
  const kind = error?.kind || 'io';
  const sentence = t(`err.${kind}`);
  // The console's reason for ending a session helps nobody; the sentence says what to do.
  if (kind === 'session_expired') return sentence;
  const detail = error?.message && error.message !== sentence ? error.message : '';
  return detail ? `${sentence} ${detail}` : sentence;
}

export function errorBox(error, onRetry) {
  return h('div', { class: 'state state-error', role: 'alert' },
    h('p', {}, errorText(error)),
    onRetry ? h('button', { class: 'btn', onclick: onRetry }, t('common.retry')) : null);
}

// Short notices in the corner; errors stay until dismissed.
import { h } from '../dom.js';

export function toast(message, { kind = 'info', timeout = 3500 } = {}) {
  const host = document.getElementById('toasts');
  const close = h('button', { class: 'toast-close', 'aria-label': 'close', onclick: () => item.remove() }, '×');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('span', {}, message), close);
  host.append(item);
  if (kind !== 'error') setTimeout(() => item.remove(), timeout);
  return item;
}

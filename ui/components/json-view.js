// The raw JSON of any record, as text.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { modal } from './dialog.js';

export function showJson(title, value) {
  const pre = h('pre', { class: 'json' });
  pre.textContent = JSON.stringify(value, null, 2);
  return modal(`${title} · ${t('common.json')}`, pre, { wide: true, actions: [{ label: t('common.close'), value: null }] });
}

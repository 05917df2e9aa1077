// The words and badges of the engine's status codes (instances and their nodes), and the
// node status of each key of an instance's flow as its executed elements say it.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { badge } from '../../../../components/list-view.js';

/** Instance status: 0 default, 1 completed, 2 running, 3 terminated, 4 ended. */
export const INSTANCE_STATUSES = [0, 1, 2, 3, 4];
const INSTANCE_KIND = { 0: 'off', 1: 'ok', 2: 'busy', 3: 'error', 4: 'warn' };
/**
 * Node status: 0 default, 1 completed, 2 active, 3 failed, 4 revoked — in the diagram's
 * colours (css/diagram.css): active in the accent colour, revoked in amber.
 */
const NODE_KIND = { 0: 'off', 1: 'ok', 2: 'active', 3: 'error', 4: 'busy' };

const known = (code, kinds) => code !== null && code !== undefined && Object.hasOwn(kinds, code);

export function instanceStatusText(code) {
  return known(code, INSTANCE_KIND) ? t(`fm.instances.st.${code}`) : (code ?? t('common.none')).toString();
}

export function instanceBadge(code) {
  const el = badge(instanceStatusText(code), INSTANCE_KIND[code] || '');
  el.dataset.status = String(code ?? '');
  return el;
}

export function nodeStatusText(code) {
  return known(code, NODE_KIND) ? t(`fm.instances.node.${code}`) : (code ?? t('common.none')).toString();
}

export function nodeBadge(code) {
  const el = badge(nodeStatusText(code), NODE_KIND[code] || '');
  el.dataset.status = String(code ?? '');
  return el;
}

/** A flow element's type code as a word (the number itself for a code the engine lacks). */
export function nodeTypeText(code) {
  const key = `fm.instances.ntype.${code}`;
  const word = t(key);
  return word === key ? String(code ?? t('common.none')) : word;
}

/** The element's key (the console sends `Key`, sometimes `key`). */
export const keyOf = (el) => el?.Key || el?.key || '';

/**
 * {key: node status} from the executed elements, in order: a key run again (after a roll
 * back) shows its latest status.
 */
export function statusByKey(elements) {
  const out = {};
  for (const el of elements || []) {
    const key = keyOf(el);
    if (key && el.status !== null && el.status !== undefined) out[key] = el.status;
  }
  return out;
}

/** The legend of the diagram's colours. */
export function legend() {
  return h('div', { class: 'inst-legend', 'aria-label': t('fm.instances.legend') },
    [0, 1, 2, 3, 4].map((code) => h('span', { class: 'inst-legend-item' },
      h('span', { class: `inst-swatch inst-swatch-${code}` }), nodeStatusText(code))));
}

// PLACEHOLDER until this screen is written (issue 13).
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';

export function modelsView() {
  return h('section', { class: 'screen' }, h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.models'))));
}

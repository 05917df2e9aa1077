// PLACEHOLDER (issue 14): the Triggers screen, replaced by its own module.
import { h } from '../../../dom.js';

export function triggersView() {
  return h('section', { class: 'screen' }, h('h2', {}, 'Triggers'));
}

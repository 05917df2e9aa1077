// PLACEHOLDER (issue 14): the Flows screen, replaced by its own module.
import { h } from '../../../dom.js';

export function flowsView() {
  return h('section', { class: 'screen' }, h('h2', {}, 'Flows'));
}

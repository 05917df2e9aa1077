// PLACEHOLDER (issue 14): the Overview screen, replaced by its own module.
import { h } from '../../../dom.js';

export function overviewView() {
  return h('section', { class: 'screen' }, h('h2', {}, 'Overview'));
}

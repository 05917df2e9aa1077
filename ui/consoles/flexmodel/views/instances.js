// PLACEHOLDER (issue 14): the Instances screen, replaced by its own module.
import { h } from '../../../dom.js';

export function instancesView() {
  return h('section', { class: 'screen' }, h('h2', {}, 'Instances'));
}

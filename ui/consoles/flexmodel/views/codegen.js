// PLACEHOLDER (issue 14): the Code generation screen, replaced by its own module.
import { h } from '../../../dom.js';

export function codegenView() {
  return h('section', { class: 'screen' }, h('h2', {}, 'Code generation'));
}

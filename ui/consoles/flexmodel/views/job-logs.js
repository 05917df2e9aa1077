// PLACEHOLDER (issue 14): the Job logs screen, replaced by its own module.
import { h } from '../../../dom.js';

export function jobLogsView() {
  return h('section', { class: 'screen' }, h('h2', {}, 'Job logs'));
}

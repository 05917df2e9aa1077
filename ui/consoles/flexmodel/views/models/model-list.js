// The left column of the Models screen: a datasource's models grouped as entities, enums and
// native queries, searched on the list the console answered (it sends them all at once) by
// name and comment.
import { h, debounce } from '../../../../dom.js';
import { t } from '../../../../i18n.js';

const GROUPS = [
  ['entity', 'fm.models.entities'],
  ['enum', 'fm.models.enums'],
  ['native_query', 'fm.models.nativeQueries'],
];

/**
 * onPick(name) hears a click on a model. Returns {el, show(models, selected), select(name)}.
 */
export function modelList({ onPick }) {
  let models = [];
  let selected = '';
  const search = h('input', {
    class: 'input search fm-model-search', type: 'search', id: 'fm-models-search',
    placeholder: t('fm.models.search'), 'aria-label': t('fm.models.search'),
  });
  const groups = h('div', { class: 'fm-model-groups' });
  const el = h('aside', { class: 'fm-model-list', 'aria-label': t('nav.fm.models') }, search, groups);

  function matches(m, q) {
    if (!q) return true;
    return [m.name, m.comment].some((s) => String(s || '').toLowerCase().includes(q));
  }

  function draw() {
    const q = search.value.trim().toLowerCase();
    const parts = GROUPS.map(([type, label]) => {
      const all = models.filter((m) => (m.type || 'entity') === type);
      const shown = all.filter((m) => matches(m, q));
      const count = q ? `${shown.length}/${all.length}` : String(all.length);
      return h('section', { class: 'fm-model-group', dataset: { group: type } },
        h('h3', {}, t(label), h('span', { class: 'muted fm-count' }, count)),
        shown.length
          ? h('ul', { class: 'plain' }, shown.map((m) => h('li', {},
            h('button', {
              class: `fm-model-item${m.name === selected ? ' active' : ''}`, dataset: { model: m.name },
              'aria-current': m.name === selected ? 'true' : null, onclick: () => onPick(m.name),
            }, h('span', { class: 'fm-model-name' }, m.name),
            m.comment ? h('span', { class: 'muted fm-model-comment' }, m.comment) : null))))
          : h('p', { class: 'muted fm-none' }, q ? t('fm.models.noMatch') : t('fm.models.noneOfKind')));
    });
    groups.replaceChildren(...parts);
  }

  search.addEventListener('input', debounce(draw, 120));
  return {
    el,
    show(list, name) {
      models = list;
      selected = name || '';
      draw();
    },
    select(name) {
      selected = name || '';
      draw();
    },
  };
}

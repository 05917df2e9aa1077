// Native query: a SQL statement run on a datasource (`native_query.execute`), written here or
// loaded from a native-query model. Each `${param}` in it gets a box, its value sent as a
// number when it reads as one, else as text; a missing value is said and nothing is sent.
// Rows come back in a grid whose columns are the rows' keys (paged here, the console sends
// them all), a change as its count; with the console's own time and the round trip. Errors
// are shown as the console words them.
import { api } from '../api.js';
import { h, debounce } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { errorText } from '../../../components/dialog.js';
import { showJson } from '../../../components/json-view.js';
import { cellText } from './records/fields.js';
import '../strings/native-query.js';

const PARAM = /\$\{\s*([A-Za-z_][\w.]*)\s*\}/g;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const PAGE = 100;

/** The `${name}`s of a statement, each once, in order. */
export function parametersOf(statement) {
  return [...new Set([...String(statement).matchAll(PARAM)].map((m) => m[1]))];
}

/** A typed value: a number when it reads as one, else the text; {error} when empty. */
export function parameterValue(text) {
  const raw = String(text ?? '').trim();
  if (raw === '') return { error: t('fm.native.valueNeeded') };
  return NUMBER.test(raw) && Number.isFinite(Number(raw)) ? { value: Number(raw), kind: 'number' } : { value: String(text), kind: 'text' };
}

export function nativeQueryView(ctx, params) {
  const state = { ds: params.ds || '', query: params.query || '', values: {} };
  let left = false;
  let running = null;
  const models = new Map();

  const dsSelect = h('select', { class: 'input', id: 'native-ds', 'aria-label': t('fm.native.datasource') });
  const querySelect = h('select', { class: 'input', id: 'native-model', 'aria-label': t('fm.native.saved') });
  const statement = h('textarea', { class: 'input json-input nq-statement', id: 'native-statement', rows: 6, spellcheck: 'false', placeholder: 'select * from Student where age > ${age}' });
  statement.value = params.sql || '';
  const paramsBox = h('div', { class: 'nq-params', id: 'native-params' });
  const runButton = h('button', { class: 'btn btn-primary', id: 'native-run', onclick: () => run() }, t('fm.native.run'));
  const timing = h('span', { class: 'muted nq-time', id: 'native-time' });
  const result = h('div', { class: 'nq-result', id: 'native-result' });
  const el = h('section', { class: 'screen native-screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.native')),
      h('div', { class: 'toolbar' }, dsSelect, querySelect)),
    h('div', { class: 'card nq-editor' },
      h('label', { for: 'native-statement', class: 'nq-label' }, t('fm.native.statement')), statement,
      paramsBox,
      h('div', { class: 'nq-actions' }, runButton, h('span', { class: 'muted' }, t('fm.native.runHint')), h('span', { class: 'spacer' }), timing)),
    result);
  el.addEventListener('screen-leave', () => { left = true; });

  const keep = () => ctx.setParams({ ds: state.ds, query: state.query, sql: statement.value.length <= 2000 ? statement.value : '' });

  /** One box per `${param}`, keeping what was typed for a name still there. */
  function drawParams() {
    const names = parametersOf(statement.value);
    const focused = document.activeElement?.dataset?.param;
    paramsBox.replaceChildren(...(names.length ? [h('div', { class: 'nq-params-head muted' }, t('fm.native.parameters'))] : []),
      ...names.map((name) => {
        const input = h('input', { class: 'input', id: `native-param-${name}`, dataset: { param: name }, 'aria-label': name });
        input.value = state.values[name] ?? '';
        const kind = h('small', { class: 'muted nq-kind' });
        const error = h('small', { class: 'field-error', role: 'alert' });
        const show = () => {
          const v = parameterValue(input.value);
          kind.textContent = v.error ? '' : t(`fm.native.kind.${v.kind}`);
        };
        input.addEventListener('input', () => { state.values[name] = input.value; error.textContent = ''; wrap.classList.remove('has-error'); show(); });
        show();
        const wrap = h('div', { class: 'field nq-param', dataset: { for: name } },
          h('label', { for: input.id }, `\${${name}}`), input, kind, error);
        return wrap;
      }));
    if (focused) paramsBox.querySelector(`[data-param="${CSS.escape(focused)}"]`)?.focus();
  }
  statement.addEventListener('input', debounce(() => {
    // A statement edited away from its model's is the user's own.
    if (state.query && models.get(state.query)?.statement !== statement.value) {
      state.query = '';
      querySelect.value = '';
    }
    drawParams();
    keep();
  }, 200));
  statement.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  paramsBox.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); run(); } });

  async function run() {
    const text = statement.value.trim();
    if (!text) {
      result.replaceChildren(h('p', { class: 'error-text', id: 'native-error' }, t('fm.native.statementNeeded')));
      return;
    }
    const parameters = {};
    let ok = true;
    for (const wrap of paramsBox.querySelectorAll('.nq-param')) {
      const v = parameterValue(wrap.querySelector('input').value);
      wrap.querySelector('.field-error').textContent = v.error || '';
      wrap.classList.toggle('has-error', Boolean(v.error));
      if (v.error) ok = false;
      else parameters[wrap.dataset.for] = v.value;
    }
    if (!ok) return;
    keep();
    const mine = (running = {});
    runButton.disabled = true;
    timing.textContent = t('fm.native.running');
    const started = performance.now();
    try {
      const answer = await api.nativeQuery.execute(state.ds, statement.value, parameters);
      const trip = Math.round(performance.now() - started);
      if (left || running !== mine) return;
      timing.textContent = t('fm.native.time', { server: answer.time ?? '—', trip });
      showResult(answer.result);
    } catch (err) {
      if (left || running !== mine) return;
      timing.textContent = t('fm.native.failedAfter', { trip: Math.round(performance.now() - started) });
      result.replaceChildren(h('div', { class: 'state-error nq-error', id: 'native-error', role: 'alert' },
        h('p', { class: 'nq-error-words' }, err.message || errorText(err)),
        h('p', { class: 'muted' }, t(`err.${err.kind || 'io'}`))));
    } finally {
      if (running === mine) runButton.disabled = false;
    }
  }

  function showResult(value) {
    if (Array.isArray(value)) {
      result.replaceChildren(rowsGrid(value));
    } else if (typeof value === 'number') {
      result.replaceChildren(h('p', { class: 'nq-count', id: 'native-count' }, t('fm.native.changed', { n: value })));
    } else {
      result.replaceChildren(h('pre', { class: 'json card' }, JSON.stringify(value, null, 2)));
    }
  }

  async function loadQueries() {
    querySelect.replaceChildren(h('option', { value: '' }, t('fm.native.none')));
    models.clear();
    try {
      const list = (await api.models.list(state.ds)).filter((m) => m.type === 'native_query');
      if (left) return;
      list.forEach((m) => models.set(m.name, m));
      querySelect.append(...list.map((m) => h('option', { value: m.name }, m.name)));
      querySelect.value = models.has(state.query) ? state.query : '';
      if (state.query && models.has(state.query) && !statement.value) useQuery(state.query);
    } catch (err) {
      result.replaceChildren(h('p', { class: 'error-text' }, errorText(err)));
    }
  }

  function useQuery(name) {
    state.query = name;
    const m = models.get(name);
    if (m) statement.value = m.statement || '';
    drawParams();
    keep();
  }

  dsSelect.addEventListener('change', () => { state.ds = dsSelect.value; state.query = ''; keep(); loadQueries(); });
  querySelect.addEventListener('change', () => useQuery(querySelect.value));

  (async () => {
    dsSelect.replaceChildren(h('option', { value: state.ds }, state.ds || t('common.loading')));
    try {
      const names = (await api.datasources.list()).map((d) => d.name);
      if (left) return;
      if (state.ds && !names.includes(state.ds)) names.unshift(state.ds);
      if (!state.ds) state.ds = names[0] || '';
      dsSelect.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      dsSelect.value = state.ds;
      keep();
      await loadQueries();
    } catch (err) {
      result.replaceChildren(h('p', { class: 'error-text' }, errorText(err)));
    }
  })();
  drawParams();
  return el;
}

/** Rows in a table whose columns are the rows' keys (in the order first seen), paged here. */
function rowsGrid(rows) {
  const keys = [];
  const seen = new Set();
  for (const r of rows) {
    if (r && typeof r === 'object') for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); keys.push(k); }
  }
  let index = 0;
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const body = h('tbody');
  const info = h('span', { class: 'muted' });
  const prev = h('button', { class: 'btn btn-small', onclick: () => { index -= 1; draw(); } }, t('common.prev'));
  const next = h('button', { class: 'btn btn-small', onclick: () => { index += 1; draw(); } }, t('common.next'));
  function draw() {
    const fragment = document.createDocumentFragment();
    for (const r of rows.slice(index * PAGE, (index + 1) * PAGE)) {
      fragment.append(h('tr', {}, keys.map((k) => {
        const v = r?.[k];
        return h('td', { class: typeof v === 'number' ? 'num' : v === null || v === undefined ? 'nil' : '' }, cellText(v));
      })));
    }
    body.replaceChildren(fragment);
    info.textContent = t('fm.native.rows', { n: rows.length, page: index + 1, pages });
    prev.disabled = index <= 0;
    next.disabled = index + 1 >= pages;
  }
  draw();
  if (!rows.length) return h('div', { class: 'table-wrap' }, h('div', { class: 'state state-empty', id: 'native-empty' }, t('fm.native.noRows')));
  return h('div', { class: 'table-wrap nq-grid-wrap' },
    h('div', { class: 'nq-scroll' }, h('table', { class: 'table nq-grid', id: 'native-grid' },
      h('thead', {}, h('tr', {}, keys.map((k) => h('th', {}, k)))), body)),
    h('div', { class: 'table-footer' }, info, prev, next,
      h('button', { class: 'btn btn-small', onclick: () => showJson(t('nav.fm.native'), rows) }, t('common.json'))));
}

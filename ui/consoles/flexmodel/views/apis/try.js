// Trying an API against the console: the method, the path's parameters, query parameters,
// headers and a JSON body; Rust sends it (with the session's token only when the API's auth is
// on: the token never comes to this window) and the answer shows its status, time, headers
// and body, formatted when it is JSON.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorText } from '../../../../components/dialog.js';
import { field, input, select, validate } from '../../../../components/form.js';
import { api } from '../../api.js';
import { METHODS } from './editor.js';

/** The `{name}` parameters of a path, in order. */
const pathParams = (path) => [...(path || '').matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]);

/** Rows of name and value, added and removed by the user. */
function pairs(kind) {
  const rows = h('div', { class: 'pairs', dataset: { pairs: kind } });
  const add = (name = '', value = '') => {
    const n = input({ value: name, placeholder: t('fm.apis.try.name'), 'aria-label': t('fm.apis.try.name'), class: 'input pair-name' });
    const v = input({ value, placeholder: t('fm.apis.try.value'), 'aria-label': t('fm.apis.try.value'), class: 'input pair-value' });
    const row = h('div', { class: 'row pair' }, n, v,
      h('button', { class: 'icon-btn', 'aria-label': t('fm.apis.try.remove'), onclick: () => row.remove() }, '×'));
    rows.append(row);
  };
  const el = h('div', {}, rows, h('button', { class: 'btn btn-small', dataset: { add: kind }, onclick: () => add() }, t('fm.apis.try.add')));
  const values = () => [...rows.querySelectorAll('.pair')].map((r) => [r.querySelector('.pair-name').value.trim(), r.querySelector('.pair-value').value])
    .filter(([n]) => n);
  return { el, add, values };
}

/** The try panel of API `node`; `signal` aborts a call in flight when the screen goes. */
export function tryPanel(node, { signal }) {
  const method = select(METHODS.map((m) => [m, m]), (node.method || 'GET').toUpperCase(), { id: 'try-method', 'aria-label': t('fm.apis.method') });
  const params = pathParams(node.path).map((name) => ({ name, el: input({ 'aria-label': name, dataset: { param: name } }) }));
  const query = pairs('query');
  const headers = pairs('headers');
  const body = h('textarea', { class: 'input json-input', id: 'try-body', rows: 6, spellcheck: 'false', placeholder: '{ }' });
  const bodyField = field(t('fm.apis.try.body'), body, { name: 'body' });
  const send = h('button', { class: 'btn btn-primary', id: 'try-send', onclick: () => go() }, t('fm.apis.try.send'));
  const answer = h('div', { class: 'try-answer', id: 'try-answer' });
  const syncBody = () => { bodyField.hidden = ['GET', 'DELETE'].includes(method.value) && !body.value.trim(); };
  method.addEventListener('change', syncBody);
  syncBody();

  const form = h('div', { class: 'form try-form' },
    h('div', { class: 'row try-line' }, method, h('code', { class: 'try-path' }, node.path || '/'), send),
    h('p', { class: 'muted try-token' }, node.meta?.auth ? t('fm.apis.try.tokenOn') : t('fm.apis.try.tokenOff')),
    node.enabled === false ? h('p', { class: 'warn-text' }, t('fm.apis.try.disabled')) : null,
    params.length ? h('div', { class: 'form-grid' }, params.map((p) => field(`{${p.name}}`, p.el, { name: `param-${p.name}` }))) : null,
    h('div', { class: 'form-grid' }, field(t('fm.apis.try.query'), query.el, { name: 'query' }), field(t('fm.apis.try.headers'), headers.el, { name: 'headers' })),
    bodyField);

  async function go() {
    const checks = Object.fromEntries(params.map((p) => [`param-${p.name}`, p.el.value.trim() ? null : t('fm.apis.err.params', { name: `{${p.name}}` })]));
    checks.headers = headers.values().every(([n]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(n)) ? null : t('fm.apis.err.header');
    if (body.value.trim()) {
      try { JSON.parse(body.value); checks.body = null; } catch (e) { checks.body = t('fm.apis.err.json', { error: e.message }); }
    }
    if (!validate(form, checks)) return;
    let path = node.path || '/';
    for (const p of params) path = path.replace(`{${p.name}}`, encodeURIComponent(p.el.value.trim()));
    const call = { method: method.value, path, query: query.values(), headers: headers.values(), body: body.value.trim() ? body.value : null };
    send.disabled = true;
    answer.replaceChildren(h('p', { class: 'muted' }, t('fm.apis.try.sending')));
    try {
      showAnswer(answer, await api.apis.try(node.id, call, { signal }));
    } catch (err) {
      if (err.kind !== 'cancelled') answer.replaceChildren(h('div', { class: 'state state-error', role: 'alert' }, errorText(err)));
    } finally {
      send.disabled = false;
    }
  }

  return h('div', { class: 'try' }, form, answer);
}

function showAnswer(host, a) {
  const kind = a.status < 300 ? 'ok' : a.status < 500 ? 'warn' : 'error';
  let text = a.body;
  let isJson = false;
  try {
    text = JSON.stringify(JSON.parse(a.body), null, 2);
    isJson = true;
  } catch { /* shown as it came */ }
  host.replaceChildren(
    h('div', { class: 'try-status-line' },
      h('span', { class: `badge badge-${kind}`, id: 'try-status' }, `${a.status} ${a.reason}`.trim()),
      h('span', { class: 'muted', id: 'try-time' }, t('fm.apis.try.time', { ms: a.elapsedMs })),
      h('code', { class: 'muted try-url' }, a.url)),
    h('details', { class: 'try-headers' }, h('summary', {}, `${t('fm.apis.try.headers')} (${a.headers.length})`),
      h('table', { class: 'table table-compact' }, h('tbody', {}, a.headers.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))))),
    h('pre', { class: `json try-body${isJson ? ' is-json' : ''}`, id: 'try-answer-body' }, text));
}

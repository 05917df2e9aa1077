// Editing an API definition: method and path, its execution (a GraphQL query with its
// operation and variables, or scripts), auth, rate limits, input and output schemas. Every
// field is checked before anything is sent (messages under the fields). Saving reads the node
// afresh from the console and lays over it only the members the user changed, so that what
// someone else changed meanwhile, and members of `meta` this window does not know, stay.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorText } from '../../../../components/dialog.js';
import { field, input, select, checkbox, validate, showFieldError } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';
import { api } from '../../api.js';
import { findNode } from './tree.js';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const get = (obj, path) => path.reduce((o, k) => (o == null ? undefined : o[k]), obj);

function set(obj, path, value) {
  let o = obj;
  path.slice(0, -1).forEach((k) => {
    if (o[k] === null || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k];
  });
  o[path[path.length - 1]] = value;
}

const json = (v) => (v === undefined || v === null ? '' : JSON.stringify(v, null, 2));

/** Parses a JSON box: {value} (null when empty), or {error}. */
export function parseJsonObject(text) {
  if (!String(text).trim()) return { value: null };
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: t('fm.apis.err.object') };
    return { value };
  } catch (e) {
    return { error: t('fm.apis.err.json', { error: e.message }) };
  }
}

const positive = (text) => /^\s*[1-9]\d*\s*$/.test(String(text));

/**
 * The editor of `node` (an API). `onSaved(saved)` hears the stored node. Returns the element.
 */
export function editorPanel(node, { onSaved }) {
  const text = (attrs = {}) => h('textarea', { class: 'input json-input', spellcheck: 'false', rows: 4, ...attrs });
  const els = {
    name: input({}), method: select(METHODS.map((m) => [m, m]), null), path: input({ placeholder: '/example/{id}' }),
    executionType: select([['graphql', t('fm.apis.exec.graphql')], ['script', t('fm.apis.exec.script')]], null),
    query: text({ rows: 12 }), operationName: input({}), variables: text(),
    preScript: text(), postScript: text(), executionScript: text({ rows: 8 }),
    identityProvider: input({}), maxRequestCount: input({ inputmode: 'numeric' }), intervalInSeconds: input({ inputmode: 'numeric' }),
    inputSchema: text({ rows: 6 }), outputSchema: text({ rows: 6 }),
  };
  const auth = checkbox(t('fm.apis.authEnable'), false, { dataset: { field: 'auth' } });
  const limit = checkbox(t('fm.apis.rateLimitEnable'), false, { dataset: { field: 'rateLimitingEnabled' } });
  // Each form member: where it lives in the node, how the form shows it and reads it back.
  const members = [
    { key: 'name', read: (s) => s.trim(), path: ['name'], show: (v) => v || '' },
    { key: 'method', path: ['method'], show: (v) => (v || 'GET').toUpperCase() },
    { key: 'path', read: (s) => s.trim(), path: ['path'], show: (v) => v || '' },
    { key: 'executionType', path: ['meta', 'execution', 'executionType'], show: (v) => v || 'graphql' },
    { key: 'query', path: ['meta', 'execution', 'query'], show: (v) => v || '' },
    { key: 'operationName', read: (s) => s.trim(), path: ['meta', 'execution', 'operationName'], show: (v) => v || '' },
    { key: 'variables', path: ['meta', 'execution', 'variables'], show: json, read: (s) => parseJsonObject(s).value },
    { key: 'preScript', path: ['meta', 'execution', 'preScript'], show: (v) => v || '' },
    { key: 'postScript', path: ['meta', 'execution', 'postScript'], show: (v) => v || '' },
    { key: 'executionScript', path: ['meta', 'execution', 'executionScript'], show: (v) => v || '' },
    { key: 'auth', path: ['meta', 'auth'], box: auth.box, show: Boolean },
    { key: 'identityProvider', read: (s) => s.trim(), path: ['meta', 'identityProvider'], show: (v) => v || '' },
    { key: 'rateLimitingEnabled', path: ['meta', 'rateLimitingEnabled'], box: limit.box, show: Boolean },
    { key: 'maxRequestCount', path: ['meta', 'maxRequestCount'], show: (v) => (v ?? '') === '' ? '' : String(v), read: (s) => Number(s) },
    { key: 'intervalInSeconds', path: ['meta', 'intervalInSeconds'], show: (v) => (v ?? '') === '' ? '' : String(v), read: (s) => Number(s) },
    { key: 'inputSchema', path: ['meta', 'document', 'input', 'schema'], show: json, read: (s) => parseJsonObject(s).value },
    { key: 'outputSchema', path: ['meta', 'document', 'output', 'schema'], show: json, read: (s) => parseJsonObject(s).value },
  ];
  const el = (m) => m.box || els[m.key];
  const shownValue = (m) => (m.box ? m.box.checked : el(m).value);
  let shown = {};
  const fill = (from) => {
    for (const m of members) {
      const v = m.show(get(from, m.path));
      if (m.box) m.box.checked = v; else el(m).value = v;
    }
    shown = Object.fromEntries(members.map((m) => [m.key, shownValue(m)]));
    sync();
  };

  const graphqlPart = h('div', { class: 'form' },
    field(t('fm.apis.query'), els.query, { name: 'query' }),
    h('div', { class: 'form-grid' }, field(t('fm.apis.operation'), els.operationName, { name: 'operationName' }),
      field(t('fm.apis.variables'), els.variables, { name: 'variables' })));
  const scriptPart = h('div', { class: 'form' },
    field(t('fm.apis.preScript'), els.preScript, { name: 'preScript' }),
    field(t('fm.apis.execScript'), els.executionScript, { name: 'executionScript' }),
    field(t('fm.apis.postScript'), els.postScript, { name: 'postScript' }));
  const providerField = field(t('fm.apis.identityProvider'), els.identityProvider, { name: 'identityProvider' });
  const limits = h('div', { class: 'form-grid' }, field(t('fm.apis.maxRequests'), els.maxRequestCount, { name: 'maxRequestCount' }),
    field(t('fm.apis.interval'), els.intervalInSeconds, { name: 'intervalInSeconds' }));
  const sync = () => {
    const script = els.executionType.value === 'script';
    graphqlPart.hidden = script;
    scriptPart.hidden = !script;
    providerField.hidden = !auth.box.checked;
    limits.hidden = !limit.box.checked;
  };
  [els.executionType, auth.box, limit.box].forEach((b) => b.addEventListener('change', sync));

  const save = h('button', { class: 'btn btn-primary', id: 'api-save', onclick: () => submit() }, t('common.save'));
  const reset = h('button', { class: 'btn', id: 'api-reset', onclick: () => { fill(node); validate(form, {}); } }, t('common.cancel'));
  const form = h('div', { class: 'form api-editor', id: 'api-editor' },
    h('div', { class: 'form-grid api-editor-head' }, field(t('common.name'), els.name, { name: 'name' }),
      h('div', { class: 'row' }, field(t('fm.apis.method'), els.method, { name: 'method' }), field(t('fm.apis.path'), els.path, { name: 'path' }))),
    h('fieldset', { class: 'api-fieldset' }, h('legend', {}, t('fm.apis.execution')),
      field(t('fm.apis.execType'), els.executionType, { name: 'executionType' }), graphqlPart, scriptPart),
    h('fieldset', { class: 'api-fieldset' }, h('legend', {}, `${t('fm.apis.auth')} · ${t('fm.apis.rateLimit')}`),
      auth.el, providerField, limit.el, limits),
    h('fieldset', { class: 'api-fieldset' }, h('legend', {}, t('fm.apis.document')),
      h('div', { class: 'form-grid' }, field(t('fm.apis.inputSchema'), els.inputSchema, { name: 'inputSchema' }),
        field(t('fm.apis.outputSchema'), els.outputSchema, { name: 'outputSchema' }))),
    h('div', { class: 'toolbar api-editor-actions' }, save, reset));

  /** What the form would send refused, field by field. */
  const checks = () => {
    const v = (k) => els[k].value;
    const graphql = els.executionType.value !== 'script';
    return {
      name: v('name').trim() ? null : t('fm.apis.err.name'),
      method: METHODS.includes(v('method')) ? null : t('fm.apis.err.method'),
      path: v('path').trim().startsWith('/') ? null : t('fm.apis.err.path'),
      query: !graphql || v('query').trim() ? null : t('fm.apis.err.query'),
      variables: graphql ? parseJsonObject(v('variables')).error || null : null,
      identityProvider: !auth.box.checked || v('identityProvider').trim() ? null : t('fm.apis.err.provider'),
      maxRequestCount: !limit.box.checked || positive(v('maxRequestCount')) ? null : t('fm.apis.err.positive'),
      intervalInSeconds: !limit.box.checked || positive(v('intervalInSeconds')) ? null : t('fm.apis.err.positive'),
      inputSchema: parseJsonObject(v('inputSchema')).error || null,
      outputSchema: parseJsonObject(v('outputSchema')).error || null,
    };
  };

  async function submit() {
    if (!validate(form, checks())) return;
    const changed = members.filter((m) => shownValue(m) !== shown[m.key]);
    if (!changed.length) {
      toast(t('fm.apis.unchanged'));
      return;
    }
    save.disabled = true;
    try {
      // Laid over the node as the console has it now, not as it was when the form opened.
      const fresh = findNode(await api.apis.tree(), node.id);
      if (!fresh) throw new Error(t('fm.apis.gone'));
      const sent = structuredClone(fresh);
      delete sent.children;
      for (const m of changed) {
        const raw = shownValue(m);
        set(sent, m.path, m.box || !m.read ? raw : m.read(raw));
      }
      const saved = await api.apis.update(node.id, sent);
      toast(t('fm.apis.saved', { n: changed.length }));
      node = saved;
      onSaved?.(saved);
    } catch (err) {
      if (!showFieldError(form, err.field, err.message)) toast(err.kind ? errorText(err) : err.message, { kind: 'error' });
    } finally {
      save.disabled = false;
    }
  }

  fill(node);
  return form;
}

// The GraphQL screen: a query editor with completion from the project's schema, variables
// (JSON, checked before sending), the operation to run (offered from the document), Run
// (Ctrl+Enter); the answer with its time, and the errors of a 200 shown as errors, each with
// its path and place; the history of this profile's queries in this project. The text being
// edited is kept per profile for the session, so a switch of profile and back finds it.
import { api, rememberedThenFresh } from '../api.js';
import { app } from '../../../api.js';
import { h, debounce } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { field, select, validate, clearErrors } from '../../../components/form.js';
import { confirmDanger, errorText } from '../../../components/dialog.js';
import { queryEditor } from './graphql/editor.js';
import { operations, schemaIndex } from './graphql/complete.js';
import { historyKey, historyPanel, loadHistory, rememberQuery, clearHistory } from './graphql/history.js';
import { answerPane, failurePane } from './graphql/result.js';
import '../strings/graphql.js';

const draftKey = (profileId) => `consoledesk.fm.graphql.draft:${profileId}`;

function loadDraft(profileId) {
  try {
    return JSON.parse(sessionStorage.getItem(draftKey(profileId)) || 'null') || {};
  } catch {
    return {};
  }
}

/**
 * What is wrong with the form before anything is sent: {field: message|null}, and the request
 * when nothing is.
 */
export function checkRequest({ query, variables, operationName }) {
  const checks = { query: null, variables: null, operationName: null };
  if (!query.trim() || !query.replace(/#[^\n]*/g, '').trim()) {
    checks.query = t('fm.graphql.err.emptyQuery');
    return { checks };
  }
  let vars;
  if (variables.trim()) {
    try {
      vars = JSON.parse(variables);
    } catch (e) {
      checks.variables = t('fm.graphql.err.variablesJson', { detail: e.message });
    }
    if (!checks.variables && (vars === null || typeof vars !== 'object' || Array.isArray(vars))) {
      checks.variables = t('fm.graphql.err.variablesObject');
    }
  }
  const ops = operations(query);
  let op = null;
  if (operationName) op = ops.find((o) => o.name === operationName);
  else if (ops.length > 1) checks.operationName = t('fm.graphql.err.pickOperation', { count: ops.length });
  else op = ops[0] || null;
  if (op && !checks.variables) {
    const missing = op.variables.find((v) => v.required && (vars?.[v.name] === undefined || vars?.[v.name] === null));
    if (missing) checks.variables = t('fm.graphql.err.missingVariable', { name: missing.name, type: missing.type });
  }
  if (Object.values(checks).some(Boolean)) return { checks };
  const request = { query };
  if (operationName) request.operationName = operationName;
  if (vars && Object.keys(vars).length) request.variables = vars;
  return { checks, request, mutation: op?.kind === 'mutation' || op?.kind === 'subscription' };
}

export function graphqlView(ctx) {
  const profileId = ctx.profileId();
  const draft = loadDraft(profileId);
  let index = null;
  let historyAt = null;
  let running = null;
  let left = false;

  const schemaState = h('span', { class: 'muted gql-schema', id: 'gql-schema' }, t('fm.graphql.schemaLoading'));
  const editor = queryEditor({
    id: 'gql-query',
    value: draft.query || '',
    placeholder: t('fm.graphql.placeholder'),
    index: () => index,
    onRun: () => run(),
    onChange: () => { offerOperations(); saveDraft(); },
  });
  const variables = h('textarea', {
    class: 'input json-input gql-variables', id: 'gql-variables', rows: 5, spellcheck: 'false',
    placeholder: '{ "age": 10 }',
  });
  variables.value = draft.variables || '';
  variables.addEventListener('input', () => saveDraft());
  variables.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  const operation = select([['', t('fm.graphql.operationAuto')]], '', { id: 'gql-operation' });
  operation.addEventListener('change', () => saveDraft());
  const runButton = h('button', { class: 'btn btn-primary', id: 'gql-run', title: 'Ctrl+Enter', onclick: () => run() }, t('fm.graphql.run'));
  const output = h('div', { class: 'gql-output-body', id: 'gql-output' }, h('p', { class: 'muted gql-hint' }, t('fm.graphql.outputEmpty')));
  const history = historyPanel({
    onPick: (entry) => {
      editor.setValue(entry.query);
      variables.value = entry.variables || '';
      offerOperations(entry.operationName || '');
      saveDraft();
      editor.area.focus();
    },
    onClear: () => { if (historyAt) clearHistory(historyAt); history.show([]); },
  });

  const form = h('div', { class: 'gql-input' },
    field(t('fm.graphql.query'), editor.area, { name: 'query' }),
    field(t('fm.graphql.variables'), variables, { name: 'variables', hint: t('fm.graphql.variablesHint') }),
    h('div', { class: 'gql-run-bar' },
      field(t('fm.graphql.operation'), operation, { name: 'operationName' }),
      h('div', { class: 'gql-run-actions' }, runButton, h('small', { class: 'muted' }, t('fm.graphql.runHint')))));
  // The editor's completion list and caret line sit with the textarea inside its field.
  const queryField = form.querySelector('.field');
  queryField.classList.add('gql-query-field');
  queryField.replaceChild(editor.el, editor.area);
  editor.el.prepend(editor.area);

  const el = h('section', { class: 'screen gql-screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.graphql')), h('div', { class: 'toolbar' }, schemaState)),
    h('div', { class: 'gql-layout' },
      form,
      h('section', { class: 'gql-output', 'aria-label': t('fm.graphql.answer') },
        h('div', { class: 'gql-pane-head' }, h('h2', {}, t('fm.graphql.answer'))), output),
      history.el));

  function offerOperations(wanted = operation.value) {
    const all = operations(editor.value());
    const named = all.filter((o) => o.name);
    operation.replaceChildren(h('option', { value: '' }, t(all.length > 1 ? 'fm.graphql.operationPick' : 'fm.graphql.operationAuto')),
      ...named.map((o) => h('option', { value: o.name }, `${o.kind} ${o.name}`)));
    operation.value = named.some((o) => o.name === wanted) ? wanted : '';
  }

  const storeDraft = () => {
    try {
      sessionStorage.setItem(draftKey(profileId), JSON.stringify({ query: editor.value(), variables: variables.value, operationName: operation.value }));
    } catch {
      // Nothing to do: the text stays on screen.
    }
  };
  const saveDraft = debounce(storeDraft, 200);

  async function run() {
    if (running) return;
    const asked = { query: editor.value(), variables: variables.value, operationName: operation.value };
    const { checks, request, mutation } = checkRequest(asked);
    if (!validate(form, checks)) return;
    if (mutation && ctx.production()) {
      const ok = await confirmDanger(request.operationName || 'mutation', { production: true, message: t('fm.graphql.confirmMutation'), action: t('fm.graphql.run') });
      if (!ok) return;
    }
    clearErrors(form);
    running = new AbortController();
    runButton.disabled = true;
    output.replaceChildren(h('div', { class: 'state state-loading', 'aria-busy': 'true' }, h('span', {}, t('fm.graphql.running')),
      h('button', { class: 'btn btn-small late', onclick: () => running?.abort() }, t('common.cancel'))));
    if (historyAt) history.show(rememberQuery(historyAt, asked));
    try {
      const answer = await api.graphql.run(request, { signal: running.signal });
      if (!left) output.replaceChildren(answerPane(answer, { onLocation: (line, column) => editor.moveTo(line, column) }));
    } catch (err) {
      if (!left) output.replaceChildren(failurePane(err, err.kind === 'unknown_outcome' ? null : () => run()));
    } finally {
      running = null;
      runButton.disabled = false;
    }
  }

  offerOperations(draft.operationName || '');
  rememberedThenFresh(api.graphql.schema, [], (fresh) => { index = schemaIndex(fresh); showSchema(fresh); })
    .then((schema) => { index = schemaIndex(schema); showSchema(schema); },
      (err) => { schemaState.textContent = t('fm.graphql.schemaFailed', { error: errorText(err) }); schemaState.classList.add('error-text'); });
  function showSchema(schema) {
    const fields = (schema?.types || []).find((ty) => ty.name === schema?.queryType?.name)?.fields?.length || 0;
    schemaState.textContent = t('fm.graphql.schemaReady', { count: fields });
  }
  app.session.current().then((session) => {
    if (left) return;
    historyAt = historyKey(profileId, session.projectId || '');
    history.show(loadHistory(historyAt));
  }, () => {});

  el.addEventListener('screen-leave', () => {
    left = true;
    storeDraft();
    running?.abort();
  });
  return el;
}

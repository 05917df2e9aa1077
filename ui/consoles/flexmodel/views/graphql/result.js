// The answer pane: how long the console took, every GraphQL error of the answer as an error
// (its message, where in the document, which field's path, its kind), and the data as pretty,
// coloured JSON. Text is always set with textContent.
import { h, copyText } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { errorBox } from '../../../../components/dialog.js';
import { toast } from '../../../../components/toast.js';

// Past this many characters the JSON is shown plain: colouring it would cost more than it gives.
const COLOUR_LIMIT = 200_000;
const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false)\b|\bnull\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Pretty JSON in a <pre>, its keys, strings, numbers and literals in spans of their own. */
export function jsonBlock(value, attrs = {}) {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  const pre = h('pre', { class: 'json gql-json', ...attrs });
  if (text.length > COLOUR_LIMIT) {
    pre.textContent = text;
    return pre;
  }
  let last = 0;
  for (const m of text.matchAll(JSON_TOKEN)) {
    if (m.index > last) pre.append(text.slice(last, m.index));
    const kind = m[1] ? (m[2] ? 'key' : 'str') : m[3] ? 'bool' : m[0] === 'null' ? 'null' : 'num';
    pre.append(h('span', { class: `j-${kind}` }, m[1] && m[2] ? m[1] : m[0]));
    if (m[1] && m[2]) pre.append(m[2]);
    last = m.index + m[0].length;
  }
  if (last < text.length) pre.append(text.slice(last));
  return pre;
}

/** A path as people read it: `system_list_Student[0].age`. */
export function pathText(path) {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i ? '.' : ''}${step}`)).join('');
}

/** The errors of an answer; `onLocation(line, column)` moves the editor's caret there. */
function errorList(errors, onLocation) {
  return h('section', { class: 'gql-errors', role: 'alert', 'aria-label': t('fm.graphql.errors') },
    h('h3', {}, t('fm.graphql.errorCount', { count: errors.length })),
    h('ol', {}, errors.map((e) => h('li', { class: 'gql-error' },
      h('p', { class: 'gql-error-message' }, e.message),
      h('div', { class: 'gql-error-where' },
        (e.locations || []).map((l) => h('button', {
          class: 'link gql-error-location', onclick: () => onLocation(l.line, l.column),
          title: t('fm.graphql.goTo'),
        }, t('fm.graphql.location', { line: l.line, column: l.column }))),
        e.path?.length ? h('span', { class: 'gql-error-path' }, t('fm.graphql.path'), ' ', h('code', {}, pathText(e.path))) : null,
        e.errorType ? h('span', { class: 'badge badge-error' }, e.errorType) : null)))));
}

/**
 * The pane for a run's answer ({data, errors, timeMs}); `onLocation` as above. The data is
 * shown beside the errors when the console sent some.
 */
export function answerPane(run, { onLocation }) {
  const failed = run.errors.length > 0;
  const copy = h('button', {
    class: 'btn btn-small', id: 'gql-copy',
    onclick: async () => { if (await copyText(JSON.stringify(run.data, null, 2))) toast(t('common.copied')); },
  }, t('fm.graphql.copy'));
  const meta = h('div', { class: 'gql-meta', id: 'gql-meta' },
    failed ? h('span', { class: 'badge badge-error' }, t('fm.graphql.failed')) : h('span', { class: 'badge badge-ok' }, t('fm.graphql.ok')),
    h('span', { class: 'muted', id: 'gql-time' }, t('fm.graphql.time', { ms: run.timeMs })),
    h('span', { class: 'spacer' }),
    run.data === null ? null : copy);
  const hasData = run.data !== null && run.data !== undefined;
  return h('div', { class: 'gql-answer', dataset: { state: failed ? 'errors' : 'ok' } },
    meta,
    failed ? errorList(run.errors, onLocation) : null,
    hasData ? jsonBlock(run.data, { id: 'gql-data', 'aria-label': t('fm.graphql.data') }) : null,
    !failed && !hasData ? h('p', { class: 'muted' }, t('fm.graphql.noData')) : null);
}

/** A run that did not come back (the network, a refusal, an unknown outcome). */
export function failurePane(err, retry) {
  return h('div', { class: 'gql-answer', dataset: { state: 'failed' } }, errorBox(err, retry));
}

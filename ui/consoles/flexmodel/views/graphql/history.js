// The queries a profile ran in a project, kept on this computer (localStorage, one list per
// profile and project: what ran against one console means little against another), newest
// first, without repeats, at most 50; and the side panel that lists them to load one again.
import { h, formatTime } from '../../../../dom.js';
import { t } from '../../../../i18n.js';

export const HISTORY_MAX = 50;

export const historyKey = (profileId, project) => `consoledesk.fm.graphql.history:${profileId}:${project}`;

/** The list kept under `key` (empty when none, or when what is kept cannot be read). */
export function loadHistory(key) {
  try {
    const list = JSON.parse(localStorage.getItem(key) || '[]');
    return Array.isArray(list) ? list.filter((e) => e && typeof e.query === 'string') : [];
  } catch {
    return [];
  }
}

const same = (a, b) => a.query.trim() === b.query.trim()
  && (a.variables || '').trim() === (b.variables || '').trim()
  && (a.operationName || '') === (b.operationName || '');

/** Adds `entry` ({query, variables, operationName}) at the top; the list as kept. */
export function rememberQuery(key, entry) {
  const kept = { ...entry, at: new Date().toISOString() };
  const list = [kept, ...loadHistory(key).filter((e) => !same(e, kept))].slice(0, HISTORY_MAX);
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // A full storage keeps the older list; the run itself is not affected.
  }
  return list;
}

export function clearHistory(key) {
  localStorage.removeItem(key);
}

/** A line that names a query in a list: its operation's name, else its first words. */
export function queryTitle(entry) {
  if (entry.operationName) return entry.operationName;
  const text = entry.query.replace(/#[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
}

/**
 * The panel: `entries` newest first; `onPick(entry)` loads one, `onClear()` empties the list.
 * Returns {el, show(entries)}.
 */
export function historyPanel({ onPick, onClear }) {
  const list = h('ol', { class: 'gql-history-list', 'aria-label': t('fm.graphql.history') });
  const clear = h('button', { class: 'btn btn-small', id: 'gql-history-clear', onclick: () => onClear() }, t('fm.graphql.historyClear'));
  const el = h('aside', { class: 'gql-history', id: 'gql-history' },
    h('div', { class: 'gql-pane-head' }, h('h2', {}, t('fm.graphql.history')), clear),
    list);
  const show = (entries) => {
    clear.disabled = !entries.length;
    list.replaceChildren(...(entries.length ? entries.map((entry) => h('li', {},
      h('button', {
        class: 'gql-history-item', title: entry.query,
        onclick: () => onPick(entry),
      },
      h('span', { class: 'gql-history-title' }, queryTitle(entry)),
      h('span', { class: 'gql-history-when muted' }, formatTime(entry.at))))) : [h('li', { class: 'muted gql-history-empty' }, t('fm.graphql.historyEmpty'))]));
  };
  show([]);
  return { el, show };
}

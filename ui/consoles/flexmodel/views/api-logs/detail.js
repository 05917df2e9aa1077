// One API log row in full: the call (URL, method, status, time taken, client, when), its
// error, the request's headers and its body (pretty when it is JSON), each copyable.
import { h, copyText, formatTime } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal } from '../../../../components/dialog.js';
import { facts, badge } from '../../../../components/list-view.js';
import { toast } from '../../../../components/toast.js';

/** `POST /f/graphql` without the method the row's path starts with. */
export function pathOf(row) {
  const path = row.path || '';
  const method = row.httpMethod || '';
  return method && path.startsWith(`${method} `) ? path.slice(method.length + 1) : path;
}

export function statusBadge(row) {
  const ok = row.isSuccess ?? (row.statusCode < 400);
  return badge(row.statusCode == null ? t('common.none') : String(row.statusCode), ok ? 'ok' : 'error');
}

/** The body as text: pretty when it is JSON (a string holding JSON, or JSON itself). */
function bodyText(body) {
  if (body === null || body === undefined || body === '') return '';
  if (typeof body !== 'string') return JSON.stringify(body, null, 2);
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

const copyButton = (text) => h('button', {
  class: 'btn btn-small', onclick: async () => { if (await copyText(text)) toast(t('common.copied')); },
}, t('fm.logs.copy'));

/** The request's headers, as the console keeps them ({name: [values]} or {name: value}). */
function headersTable(headers) {
  const entries = Object.entries(headers && typeof headers === 'object' ? headers : {});
  if (!entries.length) return h('p', { class: 'muted' }, t('fm.logs.noHeaders'));
  return h('table', { class: 'table table-compact logs-headers' },
    h('tbody', {}, entries.map(([name, value]) => h('tr', {},
      h('th', { scope: 'row' }, name),
      h('td', {}, Array.isArray(value) ? value.join(', ') : String(value))))));
}

export function showLogDetail(row) {
  const body = bodyText(row.requestBody);
  const headers = row.requestHeaders && typeof row.requestHeaders === 'object' ? row.requestHeaders : {};
  const content = h('div', { class: 'logs-detail', id: 'log-detail' },
    row.errorMessage ? h('p', { class: 'logs-detail-error', role: 'alert' }, row.errorMessage) : null,
    facts([
      [t('fm.logs.url'), row.url],
      [t('fm.logs.method'), row.httpMethod],
      [t('fm.logs.status'), statusBadge(row)],
      [t('fm.logs.time'), row.responseTime == null ? null : t('fm.logs.ms', { ms: row.responseTime })],
      [t('fm.logs.clientIp'), row.clientIp],
      [t('fm.logs.created'), formatTime(row.createdAt)],
      [t('common.id'), row.id],
    ]),
    h('section', { class: 'logs-detail-part' },
      h('div', { class: 'logs-detail-head' }, h('h3', {}, t('fm.logs.headers')), copyButton(JSON.stringify(headers, null, 2))),
      headersTable(headers)),
    h('section', { class: 'logs-detail-part' },
      h('div', { class: 'logs-detail-head' }, h('h3', {}, t('fm.logs.body')), body ? copyButton(body) : null),
      body ? h('pre', { class: 'json logs-body', id: 'log-body' }, body) : h('p', { class: 'muted' }, t('fm.logs.noBody'))));
  return modal(`${row.httpMethod || ''} ${pathOf(row)}`.trim(), content, { wide: true, actions: [{ label: t('common.close') }] });
}

// One job run in full: its status, trigger, job, times and duration; the error with its stack
// trace (monospace, scrollable, copyable); the input and output JSON. Also the duration and
// status as every row shows them.
import { h, copyText } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal } from '../../../../components/dialog.js';
import { facts, badge } from '../../../../components/list-view.js';
import { toast } from '../../../../components/toast.js';

/** Milliseconds as a person reads them: `850 ms`, `1.5 s`, `2.3 min`; null when unknown. */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || ms === '') return null;
  const n = Number(ms);
  if (!Number.isFinite(n) || n < 0) return null;
  if (n < 1000) return t('fm.jobs.ms', { n: Math.round(n) });
  const s = Math.round(n / 100) / 10;
  if (s < 60) return t('fm.jobs.s', { n: s });
  return t('fm.jobs.min', { n: Math.round(n / 6000) / 10 });
}

/** A server time (`2026-11-30T08:00:00`) as the filters take it: `2026-11-30 08:00:00`. */
export function shownTime(text) {
  return text ? String(text).replace('T', ' ').replace(/\.\d+$/, '') : t('common.none');
}

const KINDS = { RUNNING: 'busy', SUCCESS: 'ok', FAILED: 'error' };

export function statusBadge(row) {
  const s = row.executionStatus;
  const known = KINDS[s];
  return badge(known ? t(`fm.jobs.status.${s}`) : s || t('common.none'), known || '');
}

/** The stack trace as text, whatever shape the console sent it in. */
export function stackText(trace) {
  if (trace === null || trace === undefined || trace === '') return '';
  if (typeof trace === 'string') return trace;
  if (typeof trace.stackTrace === 'string') return trace.stackTrace;
  if (Array.isArray(trace)) return trace.map((f) => (typeof f === 'string' ? f : JSON.stringify(f))).join('\n');
  return JSON.stringify(trace, null, 2);
}

const pretty = (value) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));

const copyButton = (text, id) => h('button', {
  class: 'btn btn-small', dataset: { copy: id }, onclick: async () => { if (await copyText(text)) toast(t('common.copied')); },
}, t('fm.jobs.copy'));

function part(title, id, text, empty) {
  return h('section', { class: 'jobs-detail-part' },
    h('div', { class: 'jobs-detail-head' }, h('h3', {}, title), text ? copyButton(text, id) : null),
    text ? h('pre', { class: 'json jobs-code', id }, text) : h('p', { class: 'muted' }, empty));
}

/**
 * The detail dialog of job log `row`; `names` = {trigger(id), flow(id)} for its labels,
 * `links` = {openFlow(id), openInstance(id)} (each closes the dialog first).
 */
export function showJobDetail(row, names, links) {
  const stack = stackText(row.errorStackTrace);
  const instance = row.outputData?.flowInstanceId;
  let close = () => {};
  const go = (fn, id) => h('button', { class: 'link', onclick: () => { close(); fn(id); } }, id);
  const content = h('div', { class: 'jobs-detail', id: 'job-detail', dataset: { id: row.id } },
    facts([
      [t('fm.jobs.statusLabel'), statusBadge(row)],
      [t('fm.jobs.success'), row.isSuccess ? t('common.yes') : t('common.no')],
      [t('fm.jobs.trigger'), names.trigger(row.triggerId)],
      [t('fm.jobs.job'), row.jobId ? h('span', {}, names.flow(row.jobId), ' · ', go(links.openFlow, row.jobId)) : null],
      [t('fm.jobs.instance'), instance ? go(links.openInstance, instance) : null],
      [t('fm.jobs.started'), shownTime(row.startTime)],
      [t('fm.jobs.ended'), row.endTime ? shownTime(row.endTime) : null],
      [t('fm.jobs.duration'), h('span', { id: 'job-duration' }, formatDuration(row.executionDuration) || t('common.none'))],
      [t('fm.jobs.scheduler'), [row.schedulerName, row.instanceName].filter(Boolean).join(' · ') || null],
      [t('fm.jobs.retries'), row.maxRetryCount ? `${row.retryCount ?? 0} / ${row.maxRetryCount}` : null],
      [t('common.id'), row.id],
    ].filter(([, v]) => v !== null && v !== undefined && v !== '')),
    row.errorMessage || stack ? h('section', { class: 'jobs-detail-part jobs-failure' },
      h('div', { class: 'jobs-detail-head' }, h('h3', {}, t('fm.jobs.error')), copyButton([row.errorMessage, stack].filter(Boolean).join('\n\n'), 'job-error')),
      row.errorMessage ? h('p', { class: 'jobs-error-message', id: 'job-error-message', role: 'alert' }, row.errorMessage) : null,
      stack ? h('pre', { class: 'jobs-code jobs-stack', id: 'job-stack', tabindex: '0' }, stack) : null) : null,
    part(t('fm.jobs.output'), 'job-output', pretty(row.outputData), row.executionStatus === 'RUNNING' ? t('fm.jobs.stillRunning') : t('fm.jobs.noOutput')),
    part(t('fm.jobs.input'), 'job-input', pretty(row.inputData), t('fm.jobs.noInput')));
  return modal(t('fm.jobs.detailTitle', { name: names.trigger(row.triggerId) }), content, {
    wide: true,
    actions: [{ label: t('common.close') }],
    onOpen: (_, closeIt) => { close = closeIt; },
  });
}

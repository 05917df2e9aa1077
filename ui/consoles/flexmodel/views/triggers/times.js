// Fire times and durations as the Triggers screen shows them: absolute in the user's zone
// (seconds included: a cron may fire every few seconds) and relative to now.
import { t } from '../../../../i18n.js';

const formats = new Map();
function format(kind, make) {
  const lang = document.documentElement.lang || 'en';
  const key = `${kind}:${lang}`;
  if (!formats.has(key)) formats.set(key, make(lang));
  return formats.get(key);
}

/** `2026-11-30T20:00:03+08:00` as `Nov 30, 2026, 20:00:03` in the user's zone and language. */
export function absolute(text) {
  if (!text) return t('common.none');
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return String(text);
  return format('abs', (lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' })).format(d);
}

/** `in 3 seconds`, `in 2 days`, `5 minutes ago`. */
export function relative(text, now = Date.now()) {
  const d = new Date(text).getTime();
  if (Number.isNaN(d)) return '';
  const seconds = Math.round((d - now) / 1000);
  const rtf = format('rel', (lang) => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return rtf.format(value, unit);
    value = Math.round(value / size);
  }
  return '';
}

/** A job's duration in ms, s or min. */
export function duration(ms) {
  if (ms === null || ms === undefined) return t('common.none');
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

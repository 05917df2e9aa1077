// A workflow's arguments as forms show them (a value box each; outputs and asset-backed ones
// read-only), and what a version change does to them: kept, added, dropped (with the value
// lost) and changed in type or direction, as Rust's `compare_arguments` says.
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { field, input } from '../../../components/form.js';

const directionLabel = (d) => t(`wf.${String(d || 'In').toLowerCase()}`);

/** One value box per argument, writing into `args` as the user types. */
export function argumentFields(args, { inputsOnly = false } = {}) {
  const shown = args.filter((a) => !inputsOnly || a.Direction !== 'Out');
  if (!shown.length) return h('p', { class: 'muted' }, t('common.empty'));
  return h('div', { class: 'form' }, shown.map((arg) => {
    const box = input({
      value: arg.DefaultValue ?? '', dataset: { arg: arg.Name },
      disabled: arg.Direction === 'Out' || Boolean(arg.AssetContent),
    });
    box.addEventListener('input', () => { arg.DefaultValue = box.value; });
    const hint = arg.AssetContent ? { hint: t('wf.assetArg', { name: arg.AssetContent.Name }) } : {};
    return field(`${arg.Name} · ${arg.Type || ''} · ${directionLabel(arg.Direction)}`, box, hint);
  }));
}

const value = (v) => (v === undefined || v === null || v === '' ? t('common.none') : `“${v}”`);

/**
 * What a move to another version does to the arguments, one line each. `versionChange` words
 * it for the edit form (values already carried); otherwise for an upgrade about to happen.
 */
export function argumentChanges(changes, { versionChange = false } = {}) {
  const lines = [];
  for (const a of changes.added || []) {
    lines.push(h('li', { dataset: { change: 'added', arg: a.Name } }, t('args.added', { name: a.Name, value: value(a.DefaultValue) })));
  }
  for (const a of changes.dropped || []) {
    const lost = a.DefaultValue !== undefined && a.DefaultValue !== null && a.DefaultValue !== '';
    lines.push(h('li', { class: lost ? 'warn-text' : '', dataset: { change: 'dropped', arg: a.Name } },
      lost ? t('args.droppedValue', { name: a.Name, value: value(a.DefaultValue) }) : t('args.dropped', { name: a.Name })));
  }
  for (const c of changes.changed || []) {
    const what = c.fromDirection !== c.toDirection
      ? `${directionLabel(c.fromDirection)} → ${directionLabel(c.toDirection)}`
      : `${c.fromType} → ${c.toType}`;
    lines.push(h('li', { class: 'warn-text', dataset: { change: 'changed', arg: c.name } }, t('args.changed', { name: c.name, what })));
  }
  if (versionChange && changes.kept?.length) {
    lines.push(h('li', { class: 'muted', dataset: { change: 'kept' } }, t('args.kept', { names: changes.kept.join(', ') })));
  }
  if (!lines.length) return h('p', { class: 'muted' }, t('args.same'));
  return h('ul', { class: 'plain arg-changes' }, lines);
}

// A trigger's create and edit dialog: name, description, the flow it starts, and what makes
// it fire (a cron expression, an interval, or a model's record changes). The cron expression
// and the interval are checked as the user types, by Rust with the sandbox's own parser: the
// reason is shown under the field, or the next five fire times in the user's zone. Nothing is
// sent while a field is wrong. Edit sends the whole trigger (PUT): what the user did not
// touch stays as it was.
import { h, debounce } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, errorText } from '../../../../components/dialog.js';
import { field, input, select, checkbox, validate, showFieldError } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';
import { api } from '../../api.js';
import { absolute, relative } from './times.js';

const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];
const MUTATIONS = ['create', 'update', 'delete'];
const WHOLE = /^-?\d+$/;

/** The kind the form shows for a trigger: cron, interval or event. */
export function kindOf(trigger) {
  const type = trigger?.config?.type;
  if (type === 'interval' || type === 'event') return type;
  return trigger?.type === 'EVENT' ? 'event' : 'cron';
}

/**
 * Opens the dialog; `trigger` to edit one, `flowId` to preselect a flow for a new one.
 * Resolves with the saved trigger, or null.
 */
export async function triggerForm({ trigger = null, flows = [], flowId = '' } = {}) {
  const editing = Boolean(trigger?.id);
  const c = trigger?.config || {};
  const name = input({ id: 'trigger-name', value: trigger?.name || '' });
  const description = h('textarea', { class: 'input', id: 'trigger-description', rows: 2 });
  description.value = trigger?.description || '';
  const flow = select([['', t('fm.triggers.pickFlow')], ...flows], trigger?.jobId || flowId || '', { id: 'trigger-flow' });
  if (trigger?.jobId && !flows.some(([id]) => id === trigger.jobId)) {
    flow.append(h('option', { value: trigger.jobId }, trigger.jobName || trigger.jobId));
    flow.value = trigger.jobId;
  }
  const kind = select([['cron', t('fm.triggers.kind.cron')], ['interval', t('fm.triggers.kind.interval')], ['event', t('fm.triggers.kind.event')]],
    kindOf(trigger), { id: 'trigger-kind' });
  const enabled = checkbox(t('fm.triggers.enabledBox'), trigger ? trigger.state !== false : true, { id: 'trigger-enabled' });

  const cron = input({ id: 'trigger-cron', value: c.cronExpression || '', placeholder: '0 0 8 * * ?', spellcheck: 'false', autocomplete: 'off' });
  const interval = input({ id: 'trigger-interval', type: 'number', min: 1, step: 1, value: c.interval ?? 1 });
  const unit = select(UNITS.map((u) => [u, t(`fm.triggers.unit.${u}`)]), c.intervalUnit || 'minute', { id: 'trigger-unit' });
  const repeat = input({ id: 'trigger-repeat', type: 'number', step: 1, value: c.repeatCount ?? 0 });
  const preview = h('div', { class: 'trigger-preview', id: 'trigger-preview', 'aria-live': 'polite' });

  const ds = select([['', t('fm.triggers.pickDatasource')]], '', { id: 'trigger-ds' });
  const model = select([['', t('fm.triggers.pickModel')]], '', { id: 'trigger-model' });
  const mutations = MUTATIONS.map((m) => checkbox(t(`fm.triggers.mutation.${m}`), (c.mutationTypes || []).includes(m), { dataset: { mutation: m } }));
  const timing = select([['after', t('fm.triggers.timing.after')], ['before', t('fm.triggers.timing.before')]], c.triggerTiming || 'after', { id: 'trigger-timing' });

  const cronPart = h('div', { class: 'form', dataset: { part: 'cron' } },
    field(t('fm.triggers.cron'), cron, { name: 'cronExpression', hint: t('fm.triggers.cronHint') }));
  const intervalPart = h('div', { class: 'form-grid', dataset: { part: 'interval' } },
    field(t('fm.triggers.interval'), interval, { name: 'interval' }),
    field(t('fm.triggers.unit'), unit, { name: 'intervalUnit' }),
    h('div', { class: 'span-all' }, field(t('fm.triggers.repeat'), repeat, { name: 'repeatCount', hint: t('fm.triggers.repeatHint') })));
  const eventPart = h('div', { class: 'form-grid', dataset: { part: 'event' } },
    field(t('fm.triggers.datasource'), ds, { name: 'datasourceName' }),
    field(t('fm.triggers.model'), model, { name: 'modelName' }),
    h('div', { class: 'field span-all', dataset: { for: 'mutationTypes' } },
      h('span', { class: 'field-label' }, t('fm.triggers.mutations')),
      h('div', { class: 'trigger-mutations', id: 'trigger-mutations' }, mutations.map((m) => m.el)),
      h('small', { class: 'field-error', role: 'alert' })),
    field(t('fm.triggers.timing'), timing, { name: 'triggerTiming', hint: t('fm.triggers.timingHint') }));
  const body = h('div', { class: 'form trigger-form', id: 'trigger-form' },
    h('div', { class: 'form-grid' },
      field(t('common.name'), name, { name: 'name' }),
      field(t('fm.triggers.flow'), flow, { name: 'jobId' }),
      h('div', { class: 'span-all' }, field(t('fm.triggers.description'), description, { name: 'description' })),
      field(t('fm.triggers.kind'), kind, { name: 'type' }),
      editing ? null : h('div', { class: 'field trigger-enabled' }, enabled.el)),
    cronPart, intervalPart, eventPart, preview);

  /** The config the fields describe, or {error: [field, message]} when one is not a number. */
  function config() {
    if (kind.value === 'cron') return { type: 'cron', cronExpression: cron.value.trim() };
    if (kind.value === 'interval') {
      if (!WHOLE.test(interval.value.trim())) return { error: ['interval', t('fm.triggers.err.interval')] };
      const r = repeat.value.trim();
      if (r !== '' && !WHOLE.test(r)) return { error: ['repeatCount', t('fm.triggers.err.repeat')] };
      return { type: 'interval', interval: Number(interval.value), intervalUnit: unit.value, repeatCount: r === '' ? 0 : Number(r) };
    }
    return {
      type: 'event', datasourceName: ds.value, modelName: model.value,
      mutationTypes: mutations.filter((m) => m.box.checked).map((m) => m.box.dataset.mutation),
      triggerTiming: timing.value,
    };
  }

  /** Why the schedule is refused ([field, message]), or null with its fire times drawn. */
  let asked = 0;
  async function checkSchedule() {
    const mine = ++asked;
    const cfg = config();
    if (kind.value === 'event') { preview.replaceChildren(); return null; }
    let refusal = cfg.error || (kind.value === 'cron' && !cfg.cronExpression ? ['cronExpression', t('fm.triggers.err.cronBlank')] : null);
    let times = [];
    if (!refusal) {
      try {
        times = await api.triggers.preview(cfg);
      } catch (err) {
        refusal = [err.field || (kind.value === 'cron' ? 'cronExpression' : 'interval'), err.kind === 'invalid_input' ? err.message : errorText(err)];
      }
    }
    if (mine !== asked) return refusal;
    if (refusal) {
      // The reason is under its field; the preview only says there is none to show.
      preview.replaceChildren(h('p', { class: 'trigger-refused', id: 'trigger-reason' }, t('fm.triggers.noPreview')));
      if (!showFieldError(body, refusal[0], refusal[1])) preview.append(h('p', { class: 'trigger-refused' }, refusal[1]));
      return refusal;
    }
    ['cronExpression', 'interval', 'repeatCount'].forEach((f) => clearOne(f));
    preview.replaceChildren(h('p', { class: 'muted' }, times.length ? t('fm.triggers.nextTimes', { n: times.length }) : t('fm.triggers.noTimes')),
      h('ol', { class: 'trigger-times', id: 'trigger-times' }, times.map((at) => h('li', { dataset: { at } },
        h('span', { class: 'abs' }, absolute(at)), h('span', { class: 'muted' }, relative(at))))));
    return null;
  }
  function clearOne(name) {
    const wrap = body.querySelector(`.field[data-for="${name}"]`);
    if (!wrap) return;
    wrap.classList.remove('has-error');
    wrap.querySelector('.field-error').textContent = '';
  }

  const recheck = debounce(() => checkSchedule(), 250);
  for (const el of [cron, interval, repeat]) el.addEventListener('input', recheck);
  unit.addEventListener('change', recheck);

  async function loadModels() {
    model.replaceChildren(h('option', { value: '' }, t('fm.triggers.pickModel')));
    if (!ds.value) return;
    try {
      for (const m of await api.models.list(ds.value)) model.append(h('option', { value: m.name }, m.name));
      if (c.datasourceName === ds.value && c.modelName) model.value = c.modelName;
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }
  let datasourcesAsked = false;
  async function loadDatasources() {
    if (datasourcesAsked) return;
    datasourcesAsked = true;
    try {
      for (const d of await api.datasources.list()) ds.append(h('option', { value: d.name }, d.name));
      if (c.datasourceName) { ds.value = c.datasourceName; await loadModels(); }
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }
  ds.addEventListener('change', loadModels);

  function showKind() {
    // `hidden` loses to the parts' own display (flex, grid).
    cronPart.style.display = kind.value === 'cron' ? '' : 'none';
    intervalPart.style.display = kind.value === 'interval' ? '' : 'none';
    eventPart.style.display = kind.value === 'event' ? '' : 'none';
    if (kind.value === 'event') loadDatasources();
    if (kind.value !== 'cron' || cron.value.trim()) checkSchedule();
    else preview.replaceChildren(h('p', { class: 'muted' }, t('fm.triggers.typeCron')));
  }
  kind.addEventListener('change', showKind);

  /** Every refusal of the form, in its fields; the trigger to send when there is none. */
  async function checked() {
    const cfg = config();
    const checks = {
      name: name.value.trim() ? null : t('fm.triggers.err.name'),
      jobId: flow.value ? null : t('fm.triggers.err.flow'),
    };
    if (kind.value === 'event') {
      checks.datasourceName = ds.value ? null : t('fm.triggers.err.datasource');
      checks.modelName = model.value ? null : t('fm.triggers.err.model');
      checks.mutationTypes = cfg.mutationTypes.length ? null : t('fm.triggers.err.mutations');
    }
    const ok = validate(body, checks);
    const refusal = await checkSchedule();
    if (!ok || refusal) return null;
    const { jobName, nextFireTime, previousFireTime, ...kept } = trigger || {};
    return {
      ...(editing ? kept : { jobType: 'FLOW', state: enabled.box.checked }),
      name: name.value.trim(), description: description.value.trim(), type: kind.value === 'event' ? 'EVENT' : 'SCHEDULED',
      config: cfg, jobId: flow.value,
    };
  }

  return modal(editing ? t('fm.triggers.editTitle', { name: trigger.name }) : t('fm.triggers.newTitle'), body, {
    wide: true,
    onOpen: (dlg) => {
      // The form's own checks say what is wrong; the browser's would block the submit silently
      // for a number in a hidden part.
      dlg.querySelector('form').noValidate = true;
      showKind();
      name.focus();
    },
    actions: [{ label: t('common.cancel') }, {
      label: editing ? t('common.save') : t('common.create'), primary: true, submit: true, id: 'save-trigger',
      onClick: async (close) => {
        const sent = await checked();
        if (!sent) return;
        try {
          close(editing ? await api.triggers.update(trigger.id, sent) : await api.triggers.create(sent));
        } catch (err) {
          const at = err.field && body.querySelector(`.field[data-for="${err.field}"]`) ? err.field : null;
          if (!showFieldError(body, at, errorText(err))) toast(errorText(err), { kind: 'error' });
        }
      },
    }],
  });
}

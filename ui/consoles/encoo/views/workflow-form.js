// The workflow form, for a new workflow and for an edit. An edit opens from a fresh read of
// the workflow and sends only what the user changed: a field left alone keeps exactly what
// the console holds (the notification's conditions among them). A new package version keeps
// each argument value whose argument still exists, and says what it drops and adds.
import { api } from '../api.js';
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { modal, errorBox, errorText } from '../../../components/dialog.js';
import { field, input, select, checkbox, parseTags, refusals, validate, showFieldError, numberOrNull } from '../../../components/form.js';
import { toast } from '../../../components/toast.js';
import { packagePicker, queuePicker, versionSelect } from '../lookups.js';
import { argumentFields, argumentChanges } from './arguments.js';

export const VIDEO = ['NeverRecord', 'ReportOnlyWhenSucceeded', 'ReportOnlyWhenFailed', 'AlwaysRecord', 'AlwaysReport'];
const POLICY = ['SkipWhenNoResource', 'AnyTime'];
/** Fields sent as they are when they changed. */
const PLAIN = ['Name', 'Description', 'Tags', 'AssociatedQueueId', 'Priority', 'MaxRetryCount', 'VideoRecordMode', 'TriggerPolicy'];
const NOTIFY = ['SwitchOn', 'JustNoticeAgainstLastRuninstance', 'Recipients', 'Conditions'];

const conditionsText = (c) => (c === undefined || c === null ? '' : JSON.stringify(c, null, 2));

/**
 * Opens the form: `id` of the workflow to edit (read afresh), or none for a new one, with
 * `preset` {packageId, versionId}. Resolves true once saved.
 */
export async function editWorkflow(id, { preset = {}, onSaved } = {}) {
  const holder = h('div', { class: 'form-holder' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  let form = null;
  const title = id ? t('common.edit') : t('wf.new');
  const saved = modal(title, holder, {
    wide: true,
    onOpen: async (dlg) => {
      try {
        const row = id ? await api.workflows.get(id) : null;
        if (row) dlg.querySelector('.modal-title h2').textContent = `${t('common.edit')} · ${row.Name}`;
        form = await buildForm(row, preset);
        holder.replaceChildren(form.body);
        form.focus();
      } catch (err) {
        holder.replaceChildren(errorBox(err));
      }
    },
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        if (form && (await form.save())) close(true);
      },
    }],
  });
  const done = await saved;
  if (done) onSaved?.();
  return Boolean(done);
}

async function buildForm(row, preset) {
  const name = input({ value: row?.Name || '' });
  const description = input({ value: row?.Description || '' });
  const tags = input({ value: (row?.Tags || []).join(', ') });
  const pkg = row ? null : packagePicker({ value: preset.packageId });
  const version = versionSelect();
  const queue = queuePicker({ value: row?.AssociatedQueueId });
  const priority = input({ type: 'number', step: 'any', value: row?.Priority ?? 2000 });
  const retries = input({ type: 'number', step: 'any', value: row?.MaxRetryCount ?? 0 });
  const video = select(VIDEO.map((v) => [v, t(`video.${v}`)]), row?.VideoRecordMode || 'NeverRecord');
  const policy = select(POLICY.map((v) => [v, t(`policy.${v}`)]), row?.TriggerPolicy || 'SkipWhenNoResource');
  const notice = row?.JobStateNotification || {};
  const notify = checkbox(t('wf.notify'), notice.SwitchOn, { id: 'wf-notify' });
  const lastOnly = checkbox(t('wf.lastOnly'), notice.JustNoticeAgainstLastRuninstance, { id: 'wf-last-only' });
  const recipients = input({ value: (notice.Recipients || []).join(', ') });
  const conditions = h('textarea', { class: 'input json-input', rows: 3, spellcheck: 'false' });
  conditions.value = conditionsText(notice.Conditions);
  const argsBox = h('div', { class: 'args' });
  const argsNote = h('div', { class: 'args-note' });
  let args = structuredClone(row?.Arguments || []);

  const drawArgs = () => argsBox.replaceChildren(argumentFields(args));
  const onVersion = async () => {
    const chosen = version.version(version.value);
    argsNote.replaceChildren();
    if (!row) {
      args = structuredClone(chosen?.Arguments || []);
    } else if (chosen && chosen.Id !== row.PackageVersionId) {
      const changes = await api.arguments.compare(args, chosen.Arguments || []);
      args = changes.arguments;
      argsNote.replaceChildren(argumentChanges(changes, { versionChange: true }));
    }
    drawArgs();
  };
  version.el.addEventListener('change', () => onVersion().catch((err) => toast(errorText(err), { kind: 'error' })));
  pkg?.onChange(async (packageId) => {
    await version.load(packageId).catch((err) => toast(errorText(err), { kind: 'error' }));
    await onVersion();
  });
  const packageId = row?.PackageId ?? preset.packageId;
  if (packageId) await version.load(packageId, row?.PackageVersionId ?? preset.versionId);
  if (row) drawArgs();
  else await onVersion();

  const packageField = row
    ? h('button', { class: 'link', id: 'wf-package-link', onclick: () => import('./packages.js').then((m) => m.showPackage(row.PackageId, row.PackageName)) }, row.PackageName || row.PackageId)
    : pkg.el;
  const body = h('div', { class: 'form form-grid' },
    field(t('common.name'), name, { name: 'Name' }),
    field(t('common.description'), description, { name: 'Description' }),
    field(t('wf.package'), packageField, { name: 'PackageId' }),
    field(t('wf.version'), version.el, { name: 'PackageVersionId' }),
    field(t('wf.queue'), queue.el, { name: 'AssociatedQueueId' }),
    field(t('wf.priority'), priority, { name: 'Priority', hint: '0–5000' }),
    field(t('wf.retries'), retries, { name: 'MaxRetryCount', hint: '0–10' }),
    field(t('wf.video'), video, { name: 'VideoRecordMode' }),
    field(t('wf.policy'), policy, { name: 'TriggerPolicy' }),
    field(t('common.tags'), tags, { name: 'Tags' }),
    h('h3', { class: 'span-all' }, t('wf.notifications')),
    h('div', { class: 'field' }, notify.el, lastOnly.el),
    field(t('wf.recipients'), recipients, { name: 'Recipients' }),
    h('div', { class: 'span-all' }, field(t('wf.conditions'), conditions, { name: 'Conditions', hint: t('wf.conditionsHint') })),
    h('h3', { class: 'span-all' }, t('wf.args')), h('div', { class: 'span-all' }, argsNote, argsBox));

  const values = () => ({
    Name: name.value.trim(), Description: description.value, Tags: parseTags(tags.value),
    PackageVersionId: version.value, AssociatedQueueId: queue.value,
    Priority: numberOrNull(priority.value), MaxRetryCount: numberOrNull(retries.value),
    VideoRecordMode: video.value, TriggerPolicy: policy.value, Arguments: args,
    SwitchOn: notify.box.checked, JustNoticeAgainstLastRuninstance: lastOnly.box.checked,
    Recipients: parseTags(recipients.value), Conditions: conditions.value.trim(),
  });
  // What the form showed before the user touched it: a save sends only what differs.
  const initial = JSON.parse(JSON.stringify(values()));

  async function save() {
    const now = values();
    let parsedConditions = null;
    let conditionsError = null;
    if (now.Conditions) {
      try { parsedConditions = JSON.parse(now.Conditions); } catch (e) { conditionsError = t('wf.conditionsInvalid', { reason: e.message }); }
    }
    // The console's rules, said by Rust in the words the client and the console use, on what
    // is to be sent (an edit sends what changed); the form's own checks beside them.
    const changed = (k) => JSON.stringify(now[k]) !== JSON.stringify(initial[k]);
    const sent = row ? PLAIN.filter(changed) : PLAIN;
    const refused = await refusals(api.rules.check, Object.fromEntries(sent.map((k) => [k, now[k]])));
    if (!refused) return false;
    const ok = validate(body, {
      ...refused,
      PackageVersionId: now.PackageVersionId ? null : t('form.required'),
      AssociatedQueueId: now.AssociatedQueueId ? null : t('form.required'), Conditions: conditionsError,
    });
    if (!ok) return false;
    const notification = {
      ...notice, SwitchOn: now.SwitchOn, JustNoticeAgainstLastRuninstance: now.JustNoticeAgainstLastRuninstance,
      Recipients: now.Recipients, Conditions: parsedConditions,
    };
    const chosen = version.version(now.PackageVersionId);
    try {
      if (row) {
        const update = Object.fromEntries(PLAIN.filter(changed).map((k) => [k, now[k]]));
        if (changed('PackageVersionId')) {
          Object.assign(update, { PackageVersionId: chosen.Id, PackageVersion: chosen.Version, PackageName: row.PackageName, Arguments: args });
        } else if (changed('Arguments')) {
          update.Arguments = args;
        }
        if (NOTIFY.some(changed)) update.JobStateNotification = notification;
        if (!Object.keys(update).length) {
          toast(t('form.unchanged'));
          return true;
        }
        await api.workflows.update(row.Id, update);
      } else {
        await api.workflows.create({
          ...Object.fromEntries(PLAIN.map((k) => [k, now[k]])), Arguments: args, JobStateNotification: notification,
          PackageId: pkg.value, PackageVersionId: chosen.Id, PackageVersion: chosen.Version,
          PackageName: version.packageName,
        });
      }
      toast(t('common.saved'));
      return true;
    } catch (err) {
      if (!showFieldError(body, err.field, err.message)) toast(errorText(err), { kind: 'error' });
      return false;
    }
  }
  return { body, save, focus: () => name.focus() };
}

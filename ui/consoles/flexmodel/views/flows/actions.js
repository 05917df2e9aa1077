// What the Flows screen does to a flow, each from a dialog checked before sending: create
// (name, key, remark; the key held to the app's rules and checked unused), edit the name and
// remark (the model untouched), deploy (the console's words when it refuses) and delete
// (typed confirmation on production). Also the status words and badges both views show.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { badge } from '../../../../components/list-view.js';
import { modal, confirmDanger, errorText } from '../../../../components/dialog.js';
import { field, input, validate, showFieldError } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';
import { api } from '../../api.js';

const STATUS_KIND = { 1: '', 2: 'busy', 3: 'off', 4: 'ok' };

/** A module status (1 draft … 4 published) as a word in a badge. */
export function statusBadge(status) {
  const known = status in STATUS_KIND;
  const el = badge(known ? t(`fm.flows.status.${status}`) : String(status ?? t('common.none')), STATUS_KIND[status] || '');
  el.dataset.status = String(status ?? '');
  return el;
}

/** The app's rules for a new flow's key (crates/desk-core flexmodel/flows.rs says the same). */
export function keyProblem(key) {
  const k = key.trim();
  if (!k) return t('fm.flows.err.key');
  if (!/^[A-Za-z]/.test(k)) return t('fm.flows.err.keyStart');
  if (k.length > 64) return t('fm.flows.err.keyLong');
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(k)) return t('fm.flows.err.keyChars');
  return null;
}

/** Sends from a dialog: a refusal naming a field under it, anything else in a toast. */
async function sending(body, close, send) {
  try {
    close(await send());
  } catch (err) {
    if (!showFieldError(body, err.field, err.message)) toast(errorText(err), { kind: 'error' });
  }
}

/** A new flow; resolves with its id (null when dismissed). */
export function createFlow() {
  const name = input({ id: 'flow-name', autocomplete: 'off' });
  const key = input({ id: 'flow-key', autocomplete: 'off', spellcheck: 'false', placeholder: 'leave_request' });
  const remark = h('textarea', { class: 'input', id: 'flow-remark', rows: 3 });
  const body = h('div', { class: 'form', id: 'flow-create' },
    field(t('common.name'), name, { name: 'flowName' }),
    field(t('fm.flows.key'), key, { name: 'flowKey', hint: t('fm.flows.keyHint') }),
    field(t('fm.flows.remark'), remark, { name: 'remark' }));
  return modal(t('fm.flows.new'), body, {
    onOpen: () => name.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.create'), primary: true, submit: true, id: 'create',
      onClick: async (close) => {
        const checks = {
          flowName: name.value.trim() ? null : t('fm.flows.err.name'),
          flowKey: keyProblem(key.value),
        };
        if (!checks.flowKey) {
          // A key another flow has: its instances and schedules would be told apart by id only.
          try {
            const same = await api.flows.list(null, key.value.trim(), 1, 1);
            const other = same?.list?.[0];
            if (other) checks.flowKey = t('fm.flows.err.keyTaken', { name: other.flowName || other.flowModuleId, key: key.value.trim() });
          } catch (err) {
            toast(errorText(err), { kind: 'error' });
            return;
          }
        }
        if (!validate(body, checks)) return;
        const flow = { flowName: name.value.trim(), flowKey: key.value.trim(), remark: remark.value.trim() || null };
        await sending(body, close, async () => {
          const made = await api.flows.create(flow);
          toast(t('fm.flows.created', { name: flow.flowName }));
          return made.flowModuleId;
        });
      },
    }],
  });
}

/** Edits a flow's name and remark; resolves true once saved. */
export function editFlow(flow) {
  const name = input({ id: 'flow-edit-name', value: flow.flowName || '' });
  const remark = h('textarea', { class: 'input', id: 'flow-edit-remark', rows: 3 });
  remark.value = flow.remark || '';
  const body = h('div', { class: 'form', id: 'flow-edit' },
    h('p', { class: 'muted' }, t('fm.flows.editHint')),
    field(t('common.name'), name, { name: 'flowName' }),
    field(t('fm.flows.remark'), remark, { name: 'remark' }));
  return modal(`${t('fm.flows.edit')} · ${flow.flowName || flow.flowModuleId}`, body, {
    onOpen: () => name.select(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: (close) => {
        if (!validate(body, { flowName: name.value.trim() ? null : t('fm.flows.err.name') })) return;
        if (name.value.trim() === (flow.flowName || '') && remark.value.trim() === (flow.remark || '')) return close(false);
        return sending(body, close, async () => {
          await api.flows.edit(flow.flowModuleId, name.value.trim(), remark.value.trim());
          toast(t('fm.flows.saved', { name: name.value.trim() }));
          return true;
        });
      },
    }],
  }).then(Boolean);
}

/** Deploys a flow; true once the console has a new deployment. */
export async function deployFlow(flow) {
  try {
    await api.flows.deploy(flow.flowModuleId);
    toast(t('fm.flows.deployed', { name: flow.flowName || flow.flowModuleId }));
    return true;
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return false;
  }
}

/** Asks (typed on production), then deletes; true once deleted. */
export async function deleteFlow(flow, ctx) {
  const name = flow.flowName || flow.flowModuleId;
  const message = t('fm.flows.deleteConfirm', { name });
  if (!(await confirmDanger(name, { production: ctx.production(), message }))) return false;
  try {
    await api.flows.delete(flow.flowModuleId);
    toast(t('fm.flows.deletedOne', { name }));
    return true;
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return false;
  }
}

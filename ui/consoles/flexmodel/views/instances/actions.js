// What an instance's page does to it: commit a user task with variables (checked before
// anything is sent), roll one back, terminate the instance — each asked first (the name typed
// on a production profile) and sent ONCE: a lost answer is an unknown outcome the page reports
// with the console's advice, and neither the client nor this window sends it again.
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, confirmDanger } from '../../../../components/dialog.js';
import { field, checkbox, validate } from '../../../../components/form.js';

/**
 * The variables a commit sends, from the editor's text: {value} (an object; empty text is
 * none) or {error} (the message to show under the editor).
 */
export function checkVariables(text) {
  const source = String(text ?? '').trim();
  if (!source) return { value: {} };
  let value;
  try {
    value = JSON.parse(source);
  } catch (err) {
    return { error: t('fm.instances.err.json', { detail: err.message }) };
  }
  if (value === null || Array.isArray(value) || typeof value !== 'object') {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return { error: t('fm.instances.err.object', { kind: t(`fm.instances.kind.${kind}`) }) };
  }
  if (Object.keys(value).some((k) => !k.trim())) return { error: t('fm.instances.err.name') };
  return { value };
}

/** The commit dialog: resolves with the checked variables, or null when dismissed. */
function askVariables(task) {
  const editor = h('textarea', { class: 'input json-input', id: 'commit-variables', rows: 8, spellcheck: 'false' });
  editor.value = '{\n  \n}';
  const body = h('div', { class: 'inst-commit' }, field(t('fm.instances.commitVars'), editor, { name: 'variables', hint: t('fm.instances.commitHint') }));
  return modal(t('fm.instances.commitTitle', { task: task.name || task.key }), body, {
    wide: true,
    actions: [{ label: t('common.cancel'), value: null }, {
      label: t('fm.instances.commit'), primary: true, submit: true, id: 'commit-next',
      onClick: (close) => {
        const checked = checkVariables(editor.value);
        if (validate(body, { variables: checked.error || null })) close(checked);
      },
    }],
    onOpen: () => editor.focus(),
  });
}

/**
 * Runs `send()` once and tells `page` how it went: page.done(action, answer) on success,
 * page.failed(action, error) otherwise (an unknown outcome included: never sent again).
 */
async function once(page, action, send) {
  try {
    const answer = await send();
    page.done(action, answer);
  } catch (err) {
    page.failed(action, err);
  }
}

/** Commits `task` of `instance` with variables the user writes, after confirming. */
export async function commitTask(page, instance, task) {
  const checked = await askVariables(task);
  if (!checked) return;
  const key = task.key || task.Key || task.nodeInstanceId;
  const ok = await confirmDanger(key, {
    production: page.production(),
    action: t('fm.instances.commit'),
    message: t('fm.instances.confirmCommit', { task: task.name || key, id: instance.flowInstanceId, count: Object.keys(checked.value).length }),
    details: h('pre', { class: 'json inst-confirm-json' }, JSON.stringify(checked.value, null, 2)),
  });
  if (!ok) return;
  await once(page, 'commit', () => api.instances.commit(instance.flowInstanceId, task.nodeInstanceId, checked.value));
}

/** Rolls `task` of `instance` back, after confirming. */
export async function rollbackTask(page, instance, task) {
  const key = task.key || task.Key || task.nodeInstanceId;
  const ok = await confirmDanger(key, {
    production: page.production(),
    action: t('fm.instances.rollback'),
    message: t('fm.instances.confirmRollback', { task: task.name || key, id: instance.flowInstanceId }),
  });
  if (!ok) return;
  await once(page, 'rollback', () => api.instances.rollback(instance.flowInstanceId, task.nodeInstanceId));
}

/** Terminates `instance` (its sub-flow instances too when asked), after confirming. */
export async function terminateInstance(page, instance) {
  const subFlows = checkbox(t('fm.instances.subFlows'), false, { id: 'terminate-subflows' });
  const ok = await confirmDanger(instance.flowInstanceId, {
    production: page.production(),
    action: t('fm.instances.terminate'),
    message: t('fm.instances.confirmTerminate', { id: instance.flowInstanceId, flow: instance.flowName || instance.flowKey || instance.flowModuleId || '' }),
    details: subFlows.el,
  });
  if (!ok) return;
  await once(page, 'terminate', () => api.instances.terminate(instance.flowInstanceId, subFlows.box.checked));
}

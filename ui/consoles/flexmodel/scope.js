// The header's scope for a FlexModel session: the project (the server's tenant) every screen
// acts in.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { errorText } from '../../components/dialog.js';
import { toast } from '../../components/toast.js';
import { api } from './api.js';

/**
 * The project picker for `session`; `onSession(session)` hears the session after the user
 * moved it. Returns the element at once and fills it when the console answers.
 */
export function scopePickers(session, onSession) {
  const project = h('select', { class: 'input', id: 'project-switch', 'aria-label': t('header.project') },
    h('option', { value: session.projectId }, session.projectId));
  project.value = session.projectId;
  api.projects.list().then((projects) => {
    project.replaceChildren(...projects.map((p) => h('option', { value: p.id, disabled: p.enabled === false }, p.id)));
    project.value = session.projectId;
  }, (err) => toast(errorText(err), { kind: 'error' }));
  project.addEventListener('change', async () => {
    try {
      onSession(await api.project.set(project.value));
    } catch (err) {
      project.value = session.projectId;
      toast(errorText(err), { kind: 'error' });
    }
  });
  return [project];
}

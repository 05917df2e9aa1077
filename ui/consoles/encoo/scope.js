// The header's scope for an Encoo session: the company and the department every screen acts
// in. A department the user may not visit is shown (it is part of the tree) but not offered.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { errorText } from '../../components/dialog.js';
import { toast } from '../../components/toast.js';
import { api } from './api.js';

/**
 * The pickers for `session`'s scope; `onSession(session)` hears the session after the user
 * moved it. Returns the elements at once and fills them when the console answers.
 */
export function scopePickers(session, onSession) {
  const company = h('select', { class: 'input', id: 'company-switch', 'aria-label': t('header.company') });
  const department = h('select', { class: 'input', id: 'department-switch', 'aria-label': t('header.department') });
  const move = async (companyId, departmentId) => {
    try {
      onSession(await api.scope.set(companyId, departmentId));
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  };
  Promise.all([api.companies.list(), api.departments.tree()]).then(([companies, tree]) => {
    company.replaceChildren(...companies.map((c) => h('option', { value: c.Id }, c.Name)));
    company.value = session.companyId;
    const walk = (d, depth) => {
      const denied = d.VisitorHasPermission === false;
      return [
        h('option', { value: d.Id, disabled: denied, dataset: denied ? { denied: 'true' } : undefined },
          `${'\u2003'.repeat(depth)}${d.Name}${denied ? ` (${t('header.noAccess')})` : ''}`),
        ...(d.Children || []).flatMap((c) => walk(c, depth + 1))];
    };
    department.replaceChildren(...(tree.RootDepartment ? walk(tree.RootDepartment, 0) : []));
    department.value = session.departmentId;
  }, (err) => toast(errorText(err), { kind: 'error' }));
  // Another company opens where the console opens it for this user (Rust chooses: no
  // department given).
  company.addEventListener('change', () => move(company.value, ''));
  department.addEventListener('change', () => move(company.value, department.value));
  return [company, department];
}

// The current user.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { facts } from '../../../components/list-view.js';
import { errorBox } from '../../../components/dialog.js';

export function meView() {
  const body = h('div', { class: 'card' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const load = () => api.users.me().then((me) => body.replaceChildren(facts([
    [t('me.user'), me.UserName], [t('common.name'), me.Name], [t('me.email'), me.Email], [t('me.phone'), me.PhoneNumber],
    [t('me.status'), me.Status], [t('me.owner'), me.IsCompanyOwner ? t('common.yes') : t('common.no')],
    [t('me.lastLogin'), formatTime(me.LastLoginAt)], ['DepartmentPath', me.DepartmentPath], [t('common.id'), me.Id],
  ])), (err) => body.replaceChildren(errorBox(err, load)));
  load();
  return h('section', { class: 'screen' }, h('div', { class: 'screen-head' }, h('h1', {}, t('me.title'))), body);
}

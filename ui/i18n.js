// Chinese and English. The OS language decides at first; the user can switch (kept in
// localStorage). t('key', {name}) fills {name} placeholders. The app's own words are here;
// each console adds its own (`consoles/<kind>/strings.js`) with `addStrings`.

const en = {
  'app.name': 'ConsoleDesk',
  'signin.notRemembered': 'Signed in. The password is not remembered: this computer has no keyring to keep it in. ({detail})',
  'app.profilesSetAside': 'Your profiles file could not be read ({reason}), so ConsoleDesk started with the built-in profiles. The damaged file is kept as {path}.',
  'header.profile': 'Profile', 'header.production': 'PRODUCTION',
  'header.newProfile': 'New profile…', 'header.chooseProfile': 'Choose a profile…', 'header.language': '中文',
  'common.loading': 'Loading…', 'common.empty': 'Nothing here yet.', 'common.retry': 'Retry',
  'common.search': 'Search', 'common.save': 'Save', 'common.cancel': 'Cancel',
  'common.delete': 'Delete', 'common.edit': 'Edit', 'common.create': 'Create',
  'common.close': 'Close', 'common.refresh': 'Refresh', 'common.copyId': 'Copy id',
  'common.copied': 'Copied', 'common.json': 'JSON', 'common.details': 'Details',
  'common.name': 'Name', 'common.description': 'Description', 'common.tags': 'Tags',
  'common.id': 'Id', 'common.created': 'Created', 'common.modified': 'Modified',
  'common.prev': 'Previous', 'common.next': 'Next',
  'common.pageOf': 'Page {page} of {pages} · {count} in all', 'common.confirm': 'Confirm',
  'common.deleteConfirm': 'Delete “{name}”? This cannot be undone.',
  'common.typeToConfirm': 'This is a production console. Type “{name}” to confirm.',
  'common.saved': 'Saved', 'common.deleted': 'Deleted', 'common.yes': 'Yes', 'common.no': 'No',
  'common.none': '—', 'common.selectAll': 'Select all',
  'err.unauthorized': 'The console refused the credentials.',
  'err.forbidden': 'You have no permission for this here.',
  'err.session_expired': 'Your session has expired. Sign in again to continue.',
  'err.not_found': 'It no longer exists on the console.',
  'err.invalid_input': 'The console did not accept this.',
  'err.conflict': 'Someone changed this meanwhile. Reload and try again.',
  'err.network': 'The console cannot be reached.',
  'err.timeout': 'The console took too long to answer.',
  'err.server': 'The console had a problem.',
  'err.decode': 'The console answered something unexpected.', 'err.cancelled': 'Cancelled.',
  'err.io': 'A local file or setting could not be used.',
  'err.unknown_outcome': 'Outcome unknown:',
  'signin.title': 'Sign in to {name}', 'signin.username': 'Username',
  'signin.password': 'Password', 'signin.remember': 'Remember me on this computer',
  'signin.submit': 'Sign in', 'signin.working': 'Signing in…',
  'profile.title': 'New profile', 'profile.editTitle': 'Edit profile',
  'profile.name': 'Profile name', 'profile.preset': 'Console',
  'profile.saas': 'Encoo cloud (SaaS)', 'profile.private': 'Private deployment',
  'profile.sandbox': 'Sandbox', 'profile.host': 'Host or IP', 'profile.https': 'Use https',
  'profile.sso': 'SSO address', 'profile.api': 'API address',
  'profile.ca': 'CA certificate file (PEM)', 'profile.chooseCa': 'Choose…',
  'profile.production': 'This is a production console',
  'profile.insecure': 'Accept any certificate (dangerous: only for testing)',
  'profile.remove': 'Remove profile',
  'profile.removeConfirm': 'Remove the profile “{name}” and its saved password?',
  'common.count': '{count} in all',
  'form.required': 'required', 'form.unchanged': 'Nothing was changed.',
  'picker.more': 'Load more', 'picker.chosen': '{n} chosen', 'picker.choose': 'Choose…',
  'picker.shown': '{shown} of {count}',
  'nav.profiles': 'Profiles', 'profile.screen': 'Profiles', 'profile.kind': 'Console kind',
  'profile.kind.encoo': 'Encoo RPA', 'profile.kind.flexmodel': 'FlexModel low-code', 'profile.serverUrl': 'Server address', 'profile.address': 'Address', 'profile.sandboxAddress': 'Built into this app',
  'profile.inUse': 'in use', 'profile.use': 'Use', 'profile.duplicate': 'Duplicate', 'profile.copyOf': '{name} (copy)',
  'profile.signOut': 'Sign out', 'profile.signedOut': 'Signed out of “{name}”.', 'profile.none': 'No profile is signed in.',
  'profile.proxy': 'Proxy', 'profile.proxy.system': 'This computer’s proxy settings', 'profile.proxy.none': 'No proxy',
  'profile.proxy.url': 'A proxy of its own', 'profile.proxy.user': 'Proxy user (if it asks)', 'profile.proxy.password': 'Proxy password',
  'profile.proxy.keep': 'unchanged', 'profile.proxy.address': 'Proxy address', 'profile.proxy.hint': 'A console on this computer is always reached directly.',
};

const zh = {
  'app.name': 'ConsoleDesk',
  'signin.notRemembered': '已登录。密码未被记住：这台电脑没有可保存它的密钥环。（{detail}）',
  'app.profilesSetAside': '配置文件无法读取（{reason}），ConsoleDesk 已使用内置配置启动。损坏的文件已保留为 {path}。',
  'header.profile': '配置', 'header.production': '生产环境', 'header.newProfile': '新建配置…', 'header.chooseProfile': '选择配置…',
  'header.language': 'English',
  'common.loading': '加载中…', 'common.empty': '暂无数据。', 'common.retry': '重试', 'common.search': '搜索',
  'common.save': '保存', 'common.cancel': '取消', 'common.delete': '删除', 'common.edit': '编辑',
  'common.create': '新建', 'common.close': '关闭', 'common.refresh': '刷新', 'common.copyId': '复制 ID',
  'common.copied': '已复制', 'common.json': 'JSON', 'common.details': '详情', 'common.name': '名称',
  'common.description': '备注', 'common.tags': '标签', 'common.id': 'ID', 'common.created': '创建时间',
  'common.modified': '更新时间', 'common.prev': '上一页', 'common.next': '下一页',
  'common.pageOf': '第 {page}/{pages} 页 · 共 {count} 条', 'common.confirm': '确认',
  'common.deleteConfirm': '删除“{name}”？此操作无法撤销。', 'common.typeToConfirm': '这是生产环境。请输入“{name}”以确认。',
  'common.saved': '已保存', 'common.deleted': '已删除', 'common.yes': '是', 'common.no': '否',
  'common.none': '—', 'common.selectAll': '全选',
  'err.unauthorized': '控制台拒绝了该凭据。', 'err.forbidden': '你在这里没有执行此操作的权限。',
  'err.session_expired': '会话已过期，请重新登录后继续。', 'err.not_found': '该对象在控制台上已不存在。',
  'err.invalid_input': '控制台不接受此输入。', 'err.conflict': '其他人已修改此对象，请刷新后重试。',
  'err.network': '无法连接控制台。', 'err.timeout': '控制台响应超时。', 'err.server': '控制台出现问题。',
  'err.decode': '控制台返回了意外的内容。', 'err.cancelled': '已取消。', 'err.io': '无法使用本地文件或设置。',
  'err.unknown_outcome': '结果未知，请先在控制台确认是否已执行，再决定是否重试：',
  'signin.title': '登录到 {name}', 'signin.username': '用户名', 'signin.password': '密码',
  'signin.remember': '在此电脑上记住我', 'signin.submit': '登录', 'signin.working': '正在登录…',
  'profile.title': '新建配置', 'profile.editTitle': '编辑配置', 'profile.name': '配置名称',
  'profile.preset': '控制台', 'profile.saas': '云扩云（SaaS）', 'profile.private': '私有化部署',
  'profile.sandbox': '沙箱', 'profile.host': '主机或 IP', 'profile.https': '使用 https',
  'profile.sso': 'SSO 地址', 'profile.api': 'API 地址', 'profile.ca': 'CA 证书文件（PEM）',
  'profile.chooseCa': '选择…', 'profile.production': '这是生产环境控制台',
  'profile.insecure': '接受任何证书（危险：仅用于测试）', 'profile.remove': '删除配置',
  'profile.removeConfirm': '删除配置“{name}”及其保存的密码？',
  'common.count': '共 {count} 条',
  'form.required': '必填', 'form.unchanged': '没有任何修改。',
  'picker.more': '加载更多', 'picker.chosen': '已选 {n} 个', 'picker.choose': '请选择…',
  'picker.shown': '{shown} / {count}',
  'nav.profiles': '配置', 'profile.screen': '配置', 'profile.kind': '控制台类型',
  'profile.kind.encoo': '云扩 RPA', 'profile.kind.flexmodel': 'FlexModel 低代码', 'profile.serverUrl': '服务器地址', 'profile.address': '地址', 'profile.sandboxAddress': '内置于本应用',
  'profile.inUse': '使用中', 'profile.use': '使用', 'profile.duplicate': '复制', 'profile.copyOf': '{name}（副本）',
  'profile.signOut': '退出登录', 'profile.signedOut': '已退出“{name}”。', 'profile.none': '没有已登录的配置。',
  'profile.proxy': '代理', 'profile.proxy.system': '使用本机代理设置', 'profile.proxy.none': '不使用代理',
  'profile.proxy.url': '指定代理', 'profile.proxy.user': '代理用户名（如需要）', 'profile.proxy.password': '代理密码',
  'profile.proxy.keep': '保持不变', 'profile.proxy.address': '代理地址', 'profile.proxy.hint': '本机上的控制台总是直接连接。',
};

const dictionaries = { en, zh };
const osLanguage = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
let lang = localStorage.getItem('lang') || osLanguage;
const listeners = new Set();

/** Adds a console's words: `{en: {key: text}, zh: {key: text}}`. */
export function addStrings(more) {
  Object.assign(en, more.en);
  Object.assign(zh, more.zh);
}

export function t(key, vars = {}) {
  const text = dictionaries[lang][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? `{${name}}`));
}

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = next === 'zh' ? 'zh' : 'en';
  localStorage.setItem('lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((fn) => fn(lang));
}

export function onLanguageChange(fn) {
  listeners.add(fn);
}

/** Every key present in both languages (checked by the tests). */
export function missingKeys() {
  const a = Object.keys(en).filter((k) => !(k in zh));
  const b = Object.keys(zh).filter((k) => !(k in en));
  return [...a, ...b];
}

document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

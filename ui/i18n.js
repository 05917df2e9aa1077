// Chinese and English. The OS language decides at first; the user can switch (kept in
// localStorage). t('key', {name}) fills {name} placeholders.

const en = {
  'app.name': 'ConsoleDesk',
  'nav.dashboard': 'Dashboard', 'nav.packages': 'Packages', 'nav.queues': 'Robot groups',
  'nav.robots': 'Robots', 'nav.workflows': 'Workflows', 'nav.layouts': 'Workflow layouts', 'nav.me': 'Me',
  'header.profile': 'Profile', 'header.company': 'Company', 'header.department': 'Department',
  'header.production': 'PRODUCTION', 'header.newProfile': 'New profile…', 'header.language': '中文',
  'common.loading': 'Loading…', 'common.empty': 'Nothing here yet.', 'common.retry': 'Retry',
  'common.search': 'Search', 'common.save': 'Save', 'common.cancel': 'Cancel', 'common.delete': 'Delete',
  'common.edit': 'Edit', 'common.create': 'Create', 'common.close': 'Close', 'common.refresh': 'Refresh',
  'common.copyId': 'Copy id', 'common.copied': 'Copied', 'common.json': 'JSON', 'common.details': 'Details',
  'common.name': 'Name', 'common.description': 'Description', 'common.tags': 'Tags', 'common.id': 'Id',
  'common.created': 'Created', 'common.modified': 'Modified', 'common.prev': 'Previous', 'common.next': 'Next',
  'common.pageOf': 'Page {page} of {pages} · {count} in all', 'common.confirm': 'Confirm',
  'common.deleteConfirm': 'Delete “{name}”? This cannot be undone.',
  'common.typeToConfirm': 'This is a production console. Type “{name}” to confirm.',
  'common.saved': 'Saved', 'common.deleted': 'Deleted', 'common.yes': 'Yes', 'common.no': 'No',
  'common.none': '—', 'common.selectAll': 'Select all',
  'err.unauthorized': 'The console refused the credentials.',
  'err.session_expired': 'Your session has expired. Sign in again to continue.',
  'err.not_found': 'It no longer exists on the console.',
  'err.invalid_input': 'The console did not accept this.',
  'err.conflict': 'Someone changed this meanwhile. Reload and try again.',
  'err.network': 'The console cannot be reached.',
  'err.timeout': 'The console took too long to answer.',
  'err.server': 'The console had a problem.',
  'err.decode': 'The console answered something unexpected.',
  'err.cancelled': 'Cancelled.', 'err.io': 'A local file or setting could not be used.',
  'err.unknown_outcome': 'Outcome unknown:',
  'wf.assetArg': 'From the asset “{name}”; change it on the console’s assets page.',
  'pub.title': 'Publish packages', 'pub.titleActive': 'Publishing {n} of {total}', 'pub.titleCount': 'Publish packages ({total})',
  'pub.add': 'Add files…', 'pub.all': 'Publish all', 'pub.clear': 'Clear finished',
  'pub.stillRunning': 'Uploads are still running: cancel them or wait.', 'pub.pickTitle': 'Choose .dgs packages to publish',
  'pub.landed': '{name} {version} is on the console.', 'pub.left': '{time} left', 'pub.seconds': '{n} s', 'pub.minutes': '{m} min {s} s',
  'pub.onConsole': 'the console has {version}', 'pub.newPackage': 'new package', 'pub.remove': 'Remove', 'pub.publish': 'Publish',
  'pub.queued': 'Waiting for a free upload slot…', 'pub.cancelled': 'Cancelled. Nothing was kept on the console.',
  'pub.done': 'Version {version} published ({route}).', 'pub.route.direct': 'direct upload', 'pub.route.channel': 'upload channel',
  'pub.openPackage': 'Open package', 'pub.createWorkflow': 'Create a workflow', 'pub.upgradeWorkflows': 'Upgrade its workflows',
  'pub.usersOf': 'Workflows that use {name}, with the version each runs now. Upgrading moves them to {version}.',
  'pub.noUsers': 'No workflow uses this package yet.', 'pub.upgradeN': 'Upgrade {n}',
  'pub.pick': 'Publish packages…', 'pub.dropHint': 'or drop .dgs files anywhere on this window.',
  'dash.title': 'Dashboard', 'dash.packages': 'Packages', 'dash.workflows': 'Workflows',
  'dash.queues': 'Robot groups', 'dash.robots': 'Robots by status', 'dash.recent': 'Recently triggered workflows',
  'dash.never': 'never',
  'pkg.title': 'Packages', 'pkg.lastVersion': 'Latest version', 'pkg.downloads': 'Downloads',
  'pkg.versions': 'Versions', 'pkg.version': 'Version', 'pkg.uploaded': 'Uploaded', 'pkg.arguments': 'Arguments',

  'arg.name': 'Name', 'arg.type': 'Type', 'arg.direction': 'Direction', 'arg.default': 'Default value', 'arg.asset': 'Asset',
  'queue.title': 'Robot groups', 'queue.robots': 'Robots', 'queue.new': 'New robot group',
  'robot.title': 'Robots', 'robot.status': 'Status', 'robot.license': 'Licence', 'robot.version': 'Version',
  'robot.heartbeat': 'Last heartbeat', 'robot.group': 'Robot group', 'robot.package': 'Package', 'robot.all': 'All',
  'status.Ready': 'Ready', 'status.Busy': 'Busy', 'status.Disconnected': 'Disconnected',
  'wf.title': 'Workflows', 'wf.package': 'Package', 'wf.version': 'Version', 'wf.queue': 'Robot group',
  'wf.priority': 'Priority', 'wf.retries': 'Retries', 'wf.lastTriggered': 'Last triggered', 'wf.triggered': 'Runs',
  'wf.new': 'New workflow', 'wf.run': 'Run', 'wf.robots': 'Robots', 'wf.upgrade': 'Upgrade to latest version',
  'wf.video': 'Video recording', 'wf.policy': 'When no robot is free', 'wf.notify': 'Notify on job state',
  'wf.recipients': 'Recipients (comma separated)', 'wf.args': 'Arguments', 'wf.in': 'In', 'wf.out': 'Out', 'wf.inout': 'In/Out',
  'wf.jobsCreated': 'Jobs created', 'wf.runTitle': 'Run “{name}”', 'wf.addRobots': 'Add robots',
  'wf.remove': 'Remove', 'wf.upgradeResult': 'Upgrade: {success} succeeded, {failure} failed, {missing} missing of {total}',
  'wf.selectSome': 'Select workflows first.', 'wf.noRobotsToAdd': 'Every robot of the group is already added.',
  'policy.SkipWhenNoResource': 'Cancel the job', 'policy.AnyTime': 'Wait for a robot',
  'video.NeverRecord': 'Never record', 'video.ReportOnlyWhenSucceeded': 'Upload only when succeeded',
  'video.ReportOnlyWhenFailed': 'Upload only when failed', 'video.AlwaysRecord': 'Always record', 'video.AlwaysReport': 'Always upload',
  'job.state': 'State', 'job.id': 'Job', 'job.step': 'Step',
  'layout.title': 'Workflow layouts', 'layout.nodes': 'Nodes', 'layout.run': 'Run', 'layout.jobGroup': 'Job group created',
  'me.title': 'Me', 'me.user': 'User name', 'me.email': 'Email', 'me.phone': 'Phone', 'me.status': 'Status',
  'me.lastLogin': 'Last sign-in', 'me.owner': 'Company owner',
  'signin.title': 'Sign in to {name}', 'signin.username': 'Username', 'signin.password': 'Password',
  'signin.remember': 'Remember me on this computer', 'signin.submit': 'Sign in', 'signin.working': 'Signing in…',
  'profile.title': 'New profile', 'profile.editTitle': 'Edit profile', 'profile.name': 'Profile name',
  'profile.preset': 'Console', 'profile.saas': 'Encoo cloud (SaaS)', 'profile.private': 'Private deployment',
  'profile.sandbox': 'Sandbox', 'profile.host': 'Host or IP', 'profile.https': 'Use https',
  'profile.sso': 'SSO address', 'profile.api': 'API address', 'profile.ca': 'CA certificate file (PEM)',
  'profile.chooseCa': 'Choose…', 'profile.production': 'This is a production console',
  'profile.insecure': 'Accept any certificate (dangerous: only for testing)', 'profile.remove': 'Remove profile',
  'profile.removeConfirm': 'Remove the profile “{name}” and its saved password?',
};

const zh = {
  'app.name': 'ConsoleDesk',
  'nav.dashboard': '概览', 'nav.packages': '流程包', 'nav.queues': '机器人组', 'nav.robots': '机器人',
  'nav.workflows': '流程部署', 'nav.layouts': '流程编排', 'nav.me': '我的',
  'header.profile': '配置', 'header.company': '公司', 'header.department': '部门', 'header.production': '生产环境',
  'header.newProfile': '新建配置…', 'header.language': 'English',
  'common.loading': '加载中…', 'common.empty': '暂无数据。', 'common.retry': '重试', 'common.search': '搜索',
  'common.save': '保存', 'common.cancel': '取消', 'common.delete': '删除', 'common.edit': '编辑', 'common.create': '新建',
  'common.close': '关闭', 'common.refresh': '刷新', 'common.copyId': '复制 ID', 'common.copied': '已复制',
  'common.json': 'JSON', 'common.details': '详情', 'common.name': '名称', 'common.description': '备注',
  'common.tags': '标签', 'common.id': 'ID', 'common.created': '创建时间', 'common.modified': '更新时间',
  'common.prev': '上一页', 'common.next': '下一页', 'common.pageOf': '第 {page}/{pages} 页 · 共 {count} 条',
  'common.confirm': '确认', 'common.deleteConfirm': '删除“{name}”？此操作无法撤销。',
  'common.typeToConfirm': '这是生产环境。请输入“{name}”以确认。', 'common.saved': '已保存', 'common.deleted': '已删除',
  'common.yes': '是', 'common.no': '否', 'common.none': '—', 'common.selectAll': '全选',
  'err.unauthorized': '控制台拒绝了该凭据。', 'err.session_expired': '会话已过期，请重新登录后继续。',
  'err.not_found': '该对象在控制台上已不存在。', 'err.invalid_input': '控制台不接受此输入。',
  'err.conflict': '其他人已修改此对象，请刷新后重试。', 'err.network': '无法连接控制台。',
  'err.timeout': '控制台响应超时。', 'err.server': '控制台出现问题。', 'err.decode': '控制台返回了意外的内容。',
  'err.cancelled': '已取消。', 'err.io': '无法使用本地文件或设置。',
  'err.unknown_outcome': '结果未知，请先在控制台确认是否已执行，再决定是否重试：',
  'wf.assetArg': '取自资产“{name}”，请在控制台的资产页面修改。',
  'pub.title': '发布流程包', 'pub.titleActive': '正在发布 {n} / {total}', 'pub.titleCount': '发布流程包（{total}）',
  'pub.add': '添加文件…', 'pub.all': '全部发布', 'pub.clear': '清除已完成',
  'pub.stillRunning': '仍有上传在进行：请取消或等待完成。', 'pub.pickTitle': '选择要发布的 .dgs 流程包',
  'pub.landed': '{name} {version} 已发布到控制台。', 'pub.left': '剩余 {time}', 'pub.seconds': '{n} 秒', 'pub.minutes': '{m} 分 {s} 秒',
  'pub.onConsole': '控制台已有 {version}', 'pub.newPackage': '新流程包', 'pub.remove': '移除', 'pub.publish': '发布',
  'pub.queued': '等待空闲的上传通道…', 'pub.cancelled': '已取消，控制台上未保留任何内容。',
  'pub.done': '版本 {version} 已发布（{route}）。', 'pub.route.direct': '直接上传', 'pub.route.channel': '上传通道',
  'pub.openPackage': '打开流程包', 'pub.createWorkflow': '创建流程部署', 'pub.upgradeWorkflows': '升级使用它的流程部署',
  'pub.usersOf': '使用 {name} 的流程部署及其当前版本。升级后将使用 {version}。',
  'pub.noUsers': '还没有流程部署使用这个流程包。', 'pub.upgradeN': '升级 {n} 个',
  'pub.pick': '发布流程包…', 'pub.dropHint': '或将 .dgs 文件拖放到窗口任意位置。',
  'dash.title': '概览', 'dash.packages': '流程包', 'dash.workflows': '流程部署', 'dash.queues': '机器人组',
  'dash.robots': '机器人状态', 'dash.recent': '最近触发的流程', 'dash.never': '从未',
  'pkg.title': '流程包', 'pkg.lastVersion': '最新版本', 'pkg.downloads': '下载次数', 'pkg.versions': '版本',
  'pkg.version': '版本', 'pkg.uploaded': '上传时间', 'pkg.arguments': '参数',

  'arg.name': '名称', 'arg.type': '类型', 'arg.direction': '方向', 'arg.default': '默认值', 'arg.asset': '资产',
  'queue.title': '机器人组', 'queue.robots': '机器人数', 'queue.new': '新建机器人组',
  'robot.title': '机器人', 'robot.status': '状态', 'robot.license': '许可', 'robot.version': '版本',
  'robot.heartbeat': '最近心跳', 'robot.group': '机器人组', 'robot.package': '流程包', 'robot.all': '全部',
  'status.Ready': '空闲', 'status.Busy': '忙碌', 'status.Disconnected': '已断开',
  'wf.title': '流程部署', 'wf.package': '流程包', 'wf.version': '版本', 'wf.queue': '机器人组', 'wf.priority': '优先级',
  'wf.retries': '重试次数', 'wf.lastTriggered': '最后触发', 'wf.triggered': '运行次数', 'wf.new': '新建流程部署',
  'wf.run': '运行', 'wf.robots': '机器人', 'wf.upgrade': '升级到最新版本', 'wf.video': '视频录制',
  'wf.policy': '无可用机器人时', 'wf.notify': '任务状态通知', 'wf.recipients': '接收人（逗号分隔）', 'wf.args': '参数',
  'wf.in': '入参', 'wf.out': '出参', 'wf.inout': '出入参', 'wf.jobsCreated': '已创建的任务', 'wf.runTitle': '运行“{name}”',
  'wf.addRobots': '添加机器人', 'wf.remove': '移除',
  'wf.upgradeResult': '升级：共 {total} 个，成功 {success}，失败 {failure}，缺失 {missing}',
  'wf.selectSome': '请先选择流程部署。', 'wf.noRobotsToAdd': '该组的机器人都已添加。',
  'policy.SkipWhenNoResource': '取消任务', 'policy.AnyTime': '等待机器人',
  'video.NeverRecord': '从不录制', 'video.ReportOnlyWhenSucceeded': '仅成功时上传', 'video.ReportOnlyWhenFailed': '仅失败时上传',
  'video.AlwaysRecord': '总是录制', 'video.AlwaysReport': '总是上传',
  'job.state': '状态', 'job.id': '任务', 'job.step': '步骤',
  'layout.title': '流程编排', 'layout.nodes': '节点', 'layout.run': '运行', 'layout.jobGroup': '已创建的任务组',
  'me.title': '我的', 'me.user': '用户名', 'me.email': '邮箱', 'me.phone': '手机号', 'me.status': '状态',
  'me.lastLogin': '最近登录', 'me.owner': '公司所有者',
  'signin.title': '登录到 {name}', 'signin.username': '用户名', 'signin.password': '密码',
  'signin.remember': '在此电脑上记住我', 'signin.submit': '登录', 'signin.working': '正在登录…',
  'profile.title': '新建配置', 'profile.editTitle': '编辑配置', 'profile.name': '配置名称', 'profile.preset': '控制台',
  'profile.saas': '云扩云（SaaS）', 'profile.private': '私有化部署', 'profile.sandbox': '沙箱', 'profile.host': '主机或 IP',
  'profile.https': '使用 https', 'profile.sso': 'SSO 地址', 'profile.api': 'API 地址', 'profile.ca': 'CA 证书文件（PEM）',
  'profile.chooseCa': '选择…', 'profile.production': '这是生产环境控制台',
  'profile.insecure': '接受任何证书（危险：仅用于测试）', 'profile.remove': '删除配置',
  'profile.removeConfirm': '删除配置“{name}”及其保存的密码？',
};

const dictionaries = { en, zh };
const osLanguage = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
let lang = localStorage.getItem('lang') || osLanguage;
const listeners = new Set();

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

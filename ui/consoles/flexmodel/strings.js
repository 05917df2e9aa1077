// The FlexModel console's shell words (navigation, the project picker), in English and
// Chinese. Each screen adds its own from `strings/<screen>.js`.
import { addStrings } from '../../i18n.js';

addStrings({
  en: {
    'header.project': 'Project',
    'nav.fm.datasources': 'Data sources', 'nav.fm.models': 'Models', 'nav.fm.records': 'Records',
    'nav.fm.native': 'Native query', 'nav.fm.graphql': 'GraphQL', 'nav.fm.apis': 'APIs',
    'nav.fm.logs': 'API log', 'nav.fm.overview': 'Overview', 'nav.fm.flows': 'Flows',
    'nav.fm.instances': 'Instances', 'nav.fm.triggers': 'Triggers', 'nav.fm.jobs': 'Job logs',
    'nav.fm.codegen': 'Code generation',
  },
  zh: {
    'header.project': '项目',
    'nav.fm.datasources': '数据源', 'nav.fm.models': '数据模型', 'nav.fm.records': '数据记录',
    'nav.fm.native': '原生查询', 'nav.fm.graphql': 'GraphQL', 'nav.fm.apis': '接口管理',
    'nav.fm.logs': '接口日志', 'nav.fm.overview': '概览', 'nav.fm.flows': '流程',
    'nav.fm.instances': '流程实例', 'nav.fm.triggers': '触发器', 'nav.fm.jobs': '任务日志',
    'nav.fm.codegen': '代码生成',
  },
});

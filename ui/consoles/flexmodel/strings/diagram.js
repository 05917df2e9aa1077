// The flow diagram's words (node types), in English and Chinese.
import { addStrings } from '../../../i18n.js';

addStrings({
  en: {
    'fm.diagram.type.2': 'Start', 'fm.diagram.type.3': 'End', 'fm.diagram.type.4': 'User task',
    'fm.diagram.type.5': 'Service task', 'fm.diagram.type.6': 'Exclusive gateway',
    'fm.diagram.type.8': 'Call activity', 'fm.diagram.type.9': 'Parallel gateway',
    'fm.diagram.type.10': 'Inclusive gateway', 'fm.diagram.type.other': 'Type {type}',
    'fm.diagram.empty': 'This flow has no elements yet.', 'fm.diagram.label': 'Flow diagram, {n} nodes',
  },
  zh: {
    'fm.diagram.type.2': '开始', 'fm.diagram.type.3': '结束', 'fm.diagram.type.4': '用户任务',
    'fm.diagram.type.5': '服务任务', 'fm.diagram.type.6': '排他网关',
    'fm.diagram.type.8': '调用活动', 'fm.diagram.type.9': '并行网关',
    'fm.diagram.type.10': '包容网关', 'fm.diagram.type.other': '类型 {type}',
    'fm.diagram.empty': '此流程还没有元素。', 'fm.diagram.label': '流程图，{n} 个节点',
  },
});

// The native query screen's words, in English and Chinese.
import { addStrings } from '../../../i18n.js';

addStrings({
  en: {
    'fm.native.datasource': 'Data source', 'fm.native.saved': 'Native query model', 'fm.native.none': 'A statement of my own',
    'fm.native.statement': 'SQL statement', 'fm.native.parameters': 'Parameters',
    'fm.native.run': 'Run', 'fm.native.runHint': 'Ctrl+Enter', 'fm.native.running': 'Running…',
    'fm.native.kind.number': 'sent as a number', 'fm.native.kind.text': 'sent as text',
    'fm.native.valueNeeded': 'A value is needed.', 'fm.native.statementNeeded': 'Write a statement first.',
    'fm.native.time': 'Console {server} ms · round trip {trip} ms', 'fm.native.failedAfter': 'Failed after {trip} ms',
    'fm.native.changed': '{n} rows changed.', 'fm.native.rows': '{n} rows · page {page} of {pages}',
    'fm.native.noRows': 'The statement returned no rows.',
  },
  zh: {
    'fm.native.datasource': '数据源', 'fm.native.saved': '原生查询模型', 'fm.native.none': '自己编写语句',
    'fm.native.statement': 'SQL 语句', 'fm.native.parameters': '参数',
    'fm.native.run': '运行', 'fm.native.runHint': 'Ctrl+Enter', 'fm.native.running': '运行中…',
    'fm.native.kind.number': '按数字发送', 'fm.native.kind.text': '按文本发送',
    'fm.native.valueNeeded': '需要一个值。', 'fm.native.statementNeeded': '请先编写语句。',
    'fm.native.time': '控制台 {server} 毫秒 · 往返 {trip} 毫秒', 'fm.native.failedAfter': '{trip} 毫秒后失败',
    'fm.native.changed': '已修改 {n} 行。', 'fm.native.rows': '共 {n} 行 · 第 {page}/{pages} 页',
    'fm.native.noRows': '该语句没有返回任何行。',
  },
});

// Models from IDL: a text editor with line numbers whose text is checked as the console
// parses it (against the datasource's models) while it is typed, the problem marked at its
// line, and which sends nothing while there is one. Should the console refuse a text anyway,
// its message is shown, at its line when it names one.
import { api } from '../../api.js';
import { h, debounce } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, errorText } from '../../../../components/dialog.js';

const EXAMPLE = 'model Course {\n  id : Long @id @default(autoIncrement()),\n  title : String @length("100"),\n  @comment("课程"),\n}';

/** The line and column a console's message names (`line 3, column 10`), if any. */
export function placeOf(message) {
  const m = /line (\d+), column (\d+)/.exec(message || '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/** The editor: a textarea with a gutter of line numbers and a mark on one line. */
function editor() {
  const text = h('textarea', { class: 'fm-idl-text', id: 'fm-idl-text', wrap: 'off', spellcheck: 'false', placeholder: EXAMPLE, 'aria-label': 'IDL' });
  const gutter = h('div', { class: 'fm-idl-gutter', 'aria-hidden': 'true' });
  const mark = h('div', { class: 'fm-idl-mark', hidden: true });
  const el = h('div', { class: 'fm-idl-editor' }, gutter, h('div', { class: 'fm-idl-area' }, mark, text));
  let marked = 0;

  function numbers() {
    const count = Math.max(1, text.value.split('\n').length);
    if (gutter.childElementCount !== count) {
      gutter.replaceChildren(...Array.from({ length: count }, (_, i) => h('div', { dataset: { line: String(i + 1) } }, String(i + 1))));
    }
    gutter.querySelectorAll('.error').forEach((x) => x.classList.remove('error'));
    gutter.querySelector(`[data-line="${marked}"]`)?.classList.add('error');
    place();
  }

  function place() {
    gutter.scrollTop = text.scrollTop;
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
    const top = parseFloat(getComputedStyle(text).paddingTop) || 0;
    mark.style.top = `${top + (marked - 1) * lineHeight - text.scrollTop}px`;
    mark.style.height = `${lineHeight}px`;
  }

  text.addEventListener('scroll', place);
  text.addEventListener('input', numbers);
  numbers();
  return {
    el, text,
    mark(line) {
      marked = line || 0;
      mark.hidden = !marked;
      numbers();
    },
    /** Puts the caret at `line`, `column` and brings it into view. */
    go(line, column) {
      const lines = text.value.split('\n');
      const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
      text.focus();
      text.setSelectionRange(at, at);
      const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
      text.scrollTop = Math.max(0, (line - 3) * lineHeight);
      place();
    },
  };
}

/** Opens the editor for datasource `ds`; resolves with the created models' names, or null. */
export async function openIdlEditor({ ds, models }) {
  const ed = editor();
  const problem = h('button', { class: 'link fm-idl-problem', id: 'fm-idl-problem', hidden: true });
  const status = h('p', { class: 'muted fm-idl-status', id: 'fm-idl-status' }, t('fm.models.idlHint'));
  let place = null;
  let generation = 0;

  /** Shows a problem {line?, column?, text} (marked at its line), or none. */
  function show(p) {
    place = p && p.line ? p : null;
    ed.mark(place?.line || 0);
    problem.hidden = !p;
    problem.textContent = p ? p.text : '';
  }
  const atLine = (p) => p && { ...p, text: `${t('fm.models.atLine', { line: p.line, column: p.column })}${p.message}` };
  problem.addEventListener('click', () => place && ed.go(place.line, place.column));

  /** Checks the text; answers the check, shown (or null when a newer check took over). */
  async function check() {
    const mine = ++generation;
    const text = ed.text.value;
    if (!text.trim()) {
      show(null);
      status.textContent = t('fm.models.idlHint');
      return { models: [], problem: null };
    }
    const result = await api.models.checkIdl(ds, models, text);
    if (mine !== generation) return null;
    show(atLine(result.problem));
    status.textContent = result.problem ? '' : t('fm.models.idlDefines', { names: result.models.join(', ') });
    return result;
  }
  const later = debounce(() => check().catch(() => {}), 300);
  ed.text.addEventListener('input', later);

  const body = h('div', { class: 'form fm-idl-form' }, ed.el, problem, status);
  const created = await modal(t('fm.models.fromIdl', { ds }), body, {
    wide: true,
    onOpen: () => ed.text.focus(),
    actions: [{ label: t('common.cancel') },
      { label: t('fm.models.check'), id: 'check', onClick: () => check().catch((err) => show({ text: errorText(err) })) },
      {
        label: t('common.create'), primary: true, id: 'create',
        onClick: async (close) => {
          try {
            const checked = await check();
            if (!checked || checked.problem || !checked.models.length) {
              if (checked && !checked.problem && !checked.models.length) show({ text: t('fm.models.idlEmpty') });
              return;
            }
            const made = await api.models.executeIdl(ds, ed.text.value);
            close(made.map((m) => m.name));
          } catch (err) {
            // The console refused it anyway: its words, at the line it names.
            status.textContent = '';
            show({ ...(placeOf(err.message) || {}), text: errorText(err) });
          }
        },
      }],
  });
  return created || null;
}

// What the GraphQL editor offers at the caret, worked out from the text alone (no DOM): a
// scanner that reads the document's tokens (strings and comments skipped, so braces in them
// do not count), a walk over the braces and parentheses before the caret that keeps the type
// of each selection set and the field each argument list belongs to, and the introspected
// schema's fields, arguments, input fields and enum values that fit there. Also the
// document's operations (for the operation picker and the checks before sending).

const NAME = /[_A-Za-z][_0-9A-Za-z]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const KEYWORDS = ['query', 'mutation', 'subscription', 'fragment'];

/**
 * The tokens of `text`: {t: 'name'|'var'|'num'|'str'|'spread'|'punct', v, start, end}.
 * `inert` is true when `cursor` sits inside a string or a comment.
 */
export function tokenize(text, cursor = -1) {
  const tokens = [];
  let inert = false;
  let i = 0;
  const n = text.length;
  const within = (start, end) => cursor > start && cursor < end;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === '\ufeff') { i += 1; continue; }
    if (c === '#') {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i += 1;
      if (cursor > start && cursor <= i) inert = true;
      continue;
    }
    if (c === '"') {
      const start = i;
      const block = text.startsWith('"""', i);
      i += block ? 3 : 1;
      let closed = false;
      while (i < n) {
        if (text[i] === '\\') { i += 2; continue; }
        if (block && text.startsWith('"""', i)) { i += 3; closed = true; break; }
        if (!block && text[i] === '"') { i += 1; closed = true; break; }
        if (!block && text[i] === '\n') break;
        i += 1;
      }
      i = Math.min(i, n);
      if (within(start, closed ? i : n + 1)) inert = true;
      tokens.push({ t: 'str', v: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === '.' && text.startsWith('...', i)) { tokens.push({ t: 'spread', v: '...', start: i, end: i + 3 }); i += 3; continue; }
    if (c === '$') {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      const end = m ? i + 1 + m[0].length : i + 1;
      tokens.push({ t: 'var', v: m ? m[0] : '', start: i, end });
      i = end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) { tokens.push({ t: 'name', v: name[0], start: i, end: i + name[0].length }); i += name[0].length; continue; }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) { tokens.push({ t: 'num', v: num[0], start: i, end: i + num[0].length }); i += num[0].length; continue; }
    tokens.push({ t: 'punct', v: c, start: i, end: i + 1 });
    i += 1;
  }
  return { tokens, inert };
}

/** The schema (`__schema` of the introspection) in a shape the walk reads quickly. */
export function schemaIndex(schema) {
  const types = new Map((schema?.types || []).map((ty) => [ty.name, ty]));
  return {
    types,
    query: schema?.queryType?.name || null,
    mutation: schema?.mutationType?.name || null,
    subscription: schema?.subscriptionType?.name || null,
  };
}

/** The named type at the bottom of a type reference (`[Student!]!` → `Student`). */
export function namedType(ref) {
  let r = ref;
  while (r && !r.name && r.ofType) r = r.ofType;
  return r?.name || null;
}

/** A type reference as GraphQL writes it: `[system_Student!]!`. */
export function typeLabel(ref) {
  if (!ref) return '';
  if (ref.kind === 'NON_NULL') return `${typeLabel(ref.ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeLabel(ref.ofType)}]`;
  return ref.name || '';
}

/** The element type of a list reference (or the type itself when it is no list). */
function elementOf(ref) {
  let r = ref;
  if (r?.kind === 'NON_NULL') r = r.ofType;
  return r?.kind === 'LIST' ? r.ofType : ref;
}

const fieldOf = (index, typeName, name) => index.types.get(typeName)?.fields?.find((f) => f.name === name) || null;
const inputOf = (index, typeName, name) => index.types.get(typeName)?.inputFields?.find((f) => f.name === name) || null;

/**
 * Walks the tokens before the caret: the stack of open braces and parentheses, each frame
 * knowing what it holds. Frames: doc (definitions), sel (a selection set of `type`), args
 * (a field's arguments), obj (an input object of `type`), list (of `type`), skip (anything
 * not completed: variable definitions, a directive's arguments).
 */
function walk(index, tokens) {
  const stack = [{ kind: 'doc', op: null, fragmentType: null, state: 'start' }];
  const top = () => stack[stack.length - 1];
  const valueDone = () => { const f = top(); if (f.kind === 'args' || f.kind === 'obj') f.state = 'key'; };
  const keyType = (f) => (f.kind === 'args' ? f.args?.find((a) => a.name === f.key)?.type : inputOf(index, f.type, f.key)?.type) || null;
  const openValue = (f, punct, ref) => {
    if (punct === '{') stack.push({ kind: 'obj', type: namedType(ref), state: 'key', key: null, given: new Set() });
    else stack.push({ kind: 'list', ref: ref ? elementOf(ref) : null });
  };
  for (const tok of tokens) {
    const f = top();
    const p = tok.t === 'punct' ? tok.v : null;
    if (f.kind === 'skip') {
      if (p === '(' || p === '[' || p === '{') f.depth += 1;
      else if ((p === ')' || p === ']' || p === '}') && --f.depth === 0) stack.pop();
      continue;
    }
    if (f.kind === 'doc') {
      if (tok.t === 'name' && f.state === 'start' && KEYWORDS.includes(tok.v)) {
        f.op = tok.v; f.state = tok.v === 'fragment' ? 'fragment-name' : 'header'; f.fragmentType = null;
      } else if (tok.t === 'name' && f.state === 'fragment-name') f.state = 'fragment-on';
      else if (tok.t === 'name' && f.state === 'fragment-on' && tok.v === 'on') f.state = 'fragment-type';
      else if (tok.t === 'name' && f.state === 'fragment-type') { f.fragmentType = tok.v; f.state = 'header'; }
      else if (p === '(') stack.push({ kind: 'skip', depth: 1 });
      else if (p === '{') {
        const type = f.op === 'fragment' ? f.fragmentType : index[f.op || 'query'];
        stack.push({ kind: 'sel', type, state: 'field', last: null, inline: null });
        f.op = null; f.state = 'start';
      }
      continue;
    }
    if (f.kind === 'sel') {
      if (tok.t === 'name') {
        if (f.state === 'spread') f.state = tok.v === 'on' ? 'type-condition' : 'field';
        else if (f.state === 'type-condition') { f.inline = tok.v; f.state = 'field'; }
        else if (f.state === 'at') f.state = 'directive';
        else { f.last = tok.v; f.state = 'after-name'; }
      } else if (p === ':' && f.state === 'after-name') f.state = 'field';
      else if (tok.t === 'spread') { f.state = 'spread'; f.last = null; }
      else if (p === '@') f.state = 'at';
      else if (p === '(') {
        if (f.state === 'directive') { stack.push({ kind: 'skip', depth: 1 }); f.state = 'after-name'; } else {
          const field = fieldOf(index, f.type, f.last);
          stack.push({ kind: 'args', args: field?.args || null, state: 'key', key: null, given: new Set() });
        }
      } else if (p === '{') {
        const type = f.inline || namedType(fieldOf(index, f.type, f.last)?.type);
        stack.push({ kind: 'sel', type, state: 'field', last: null, inline: null });
        f.inline = null; f.last = null; f.state = 'field';
      } else if (p === '}') stack.pop();
      continue;
    }
    if (f.kind === 'args' || f.kind === 'obj') {
      const close = f.kind === 'args' ? ')' : '}';
      if (p === close) { stack.pop(); valueDone(); } else if (f.state === 'key' && tok.t === 'name') { f.key = tok.v; f.given.add(tok.v); f.state = 'colon'; } else if (p === ':' && f.state === 'colon') f.state = 'value';
      else if (f.state === 'value' && (p === '{' || p === '[')) openValue(f, p, keyType(f));
      else if (f.state === 'value' && !p) f.state = 'key';
      continue;
    }
    if (f.kind === 'list') {
      if (p === ']') { stack.pop(); valueDone(); } else if (p === '{' || p === '[') openValue(f, p, f.ref);
    }
  }
  return stack;
}

const rank = (prefix) => (label) => {
  if (!prefix) return 0;
  const l = label.toLowerCase();
  const q = prefix.toLowerCase();
  if (l.startsWith(q)) return 1;
  if (l.includes(q)) return 2;
  return 0;
};

/** Keeps the items whose label holds `prefix`, those starting with it first. */
function fit(items, prefix) {
  const score = rank(prefix);
  if (!prefix) return items;
  return items.map((item) => [score(item.label), item]).filter(([s]) => s > 0)
    .sort((a, b) => a[0] - b[0]).map(([, item]) => item);
}

/**
 * What may be written at `cursor`: {from, to, prefix, what, items: [{label, detail, insert}]},
 * `from`..`to` being the word the choice replaces; null inside a string or a comment, or
 * where nothing is known (an unknown field's type, a scalar's value).
 */
export function suggestions(index, text, cursor) {
  const { tokens, inert } = tokenize(text, cursor);
  if (inert) return null;
  let from = cursor;
  while (from > 0 && /[_0-9A-Za-z]/.test(text[from - 1])) from -= 1;
  let to = cursor;
  while (to < text.length && /[_0-9A-Za-z]/.test(text[to])) to += 1;
  if (from > 0 && text[from - 1] === '$') return null;
  const prefix = text.slice(from, cursor);
  if (/^[0-9]/.test(prefix)) return null;
  const stack = walk(index, tokens.filter((tok) => tok.end <= from));
  const f = stack[stack.length - 1];
  let what = null;
  let items = [];
  if (f.kind === 'doc' && f.state === 'start') {
    what = 'keyword';
    items = KEYWORDS.map((k) => ({ label: k, detail: '', insert: k }));
  } else if (f.kind === 'sel' && (f.state === 'field' || f.state === 'after-name')) {
    what = 'field';
    items = (index.types.get(f.type)?.fields || []).map((fd) => ({ label: fd.name, detail: typeLabel(fd.type), doc: fd.description || '', insert: fd.name }));
  } else if (f.kind === 'args' && f.state === 'key') {
    what = 'argument';
    items = (f.args || []).filter((a) => !f.given.has(a.name)).map((a) => ({ label: a.name, detail: typeLabel(a.type), insert: `${a.name}: ` }));
  } else if (f.kind === 'obj' && f.state === 'key') {
    what = 'inputField';
    items = (index.types.get(f.type)?.inputFields || []).filter((a) => !f.given.has(a.name)).map((a) => ({ label: a.name, detail: typeLabel(a.type), insert: `${a.name}: ` }));
  } else if ((f.kind === 'args' || f.kind === 'obj' || f.kind === 'list') && (f.state === 'value' || f.kind === 'list')) {
    const ref = f.kind === 'list' ? f.ref : (f.kind === 'args' ? f.args?.find((a) => a.name === f.key)?.type : inputOf(index, f.type, f.key)?.type);
    const type = index.types.get(namedType(ref));
    if (type?.kind === 'ENUM') {
      what = 'enumValue';
      items = (type.enumValues || []).map((v) => ({ label: v.name, detail: type.name, insert: v.name }));
    } else if (type?.name === 'Boolean') {
      what = 'enumValue';
      items = ['true', 'false'].map((v) => ({ label: v, detail: 'Boolean', insert: v }));
    }
  }
  if (!what) return null;
  items = fit(items, prefix);
  return items.length ? { from, to, prefix, what, items } : null;
}

/**
 * The document's operations: [{kind, name, variables: [{name, type, required}]}], `kind`
 * `query` for the `{ … }` shorthand; a variable is required when its type ends in `!` and it
 * has no default.
 */
export function operations(text) {
  const { tokens } = tokenize(text);
  const ops = [];
  let depth = 0;
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    const p = tok.t === 'punct' ? tok.v : null;
    if (depth > 0) {
      if (p === '{') depth += 1;
      else if (p === '}') depth -= 1;
      i += 1;
      continue;
    }
    if (p === '{') { ops.push({ kind: 'query', name: null, variables: [] }); depth = 1; i += 1; continue; }
    if (tok.t === 'name' && KEYWORDS.includes(tok.v)) {
      const op = { kind: tok.v, name: null, variables: [] };
      i += 1;
      if (tokens[i]?.t === 'name' && !(tokens[i].v === 'on' && op.kind !== 'fragment')) { op.name = tokens[i].v; i += 1; }
      if (tokens[i]?.t === 'punct' && tokens[i].v === '(') i = variableDefinitions(tokens, i + 1, op.variables);
      while (i < tokens.length && !(tokens[i].t === 'punct' && tokens[i].v === '{')) i += 1;
      if (op.kind !== 'fragment') ops.push(op);
      depth = 1;
      i += 1;
      continue;
    }
    i += 1;
  }
  return ops;
}

/** Reads `$a: Int! = 1, $b: [String]` up to its `)`; the index after it. */
function variableDefinitions(tokens, start, into) {
  let i = start;
  while (i < tokens.length) {
    const tok = tokens[i];
    if (tok.t === 'punct' && tok.v === ')') return i + 1;
    if (tok.t !== 'var') { i += 1; continue; }
    const variable = { name: tok.v, type: '', required: false };
    i += 1;
    if (tokens[i]?.v === ':') i += 1;
    while (i < tokens.length && (tokens[i].t === 'name' || ['[', ']', '!'].includes(tokens[i].v))) { variable.type += tokens[i].v; i += 1; }
    variable.required = variable.type.endsWith('!');
    if (tokens[i]?.v === '=') {
      variable.required = false;
      i += 1;
      let depth = 0;
      do {
        const v = tokens[i]?.t === 'punct' ? tokens[i].v : null;
        if (v === '[' || v === '{') depth += 1;
        if (v === ']' || v === '}') depth -= 1;
        i += 1;
      } while (i < tokens.length && depth > 0);
    }
    into.push(variable);
  }
  return i;
}

//! The grammar (`idl.pest`) and the syntax tree it gives: models, fields, annotations and enums
//! as written, each with its position, before any name is resolved.

use pest::iterators::Pair;
use pest::Parser;
use pest_derive::Parser;

use crate::Error;

#[derive(Parser)]
#[grammar = "idl.pest"]
struct IdlParser;

/// A line and column (both from 1, columns in characters) in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    fn of(pair: &Pair<Rule>) -> Pos {
        let (line, column) = pair.as_span().start_pos().line_col();
        Pos { line, column }
    }

    pub fn error(self, message: impl Into<String>) -> Error {
        Error {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

#[derive(Debug)]
pub(crate) enum Decl {
    Model(ModelDecl),
    Enum(EnumDecl),
}

#[derive(Debug)]
pub(crate) struct ModelDecl {
    pub name: Named,
    pub fields: Vec<FieldDecl>,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug)]
pub(crate) struct EnumDecl {
    pub name: Named,
    pub elements: Vec<Named>,
}

#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub text: String,
    pub pos: Pos,
}

#[derive(Debug)]
pub(crate) struct FieldDecl {
    pub name: Named,
    pub optional: bool,
    pub type_name: Named,
    pub list: bool,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug)]
pub(crate) struct Annotation {
    pub name: Named,
    pub args: Vec<Arg>,
}

#[derive(Debug)]
pub(crate) struct Arg {
    pub key: Option<String>,
    pub value: AValue,
    pub pos: Pos,
}

/// An annotation argument's value as written.
#[derive(Debug)]
pub(crate) enum AValue {
    Str(String),
    Num(String),
    Bool(bool),
    Ident(String),
    Call(String),
    Array(Vec<Element>),
}

/// One entry of an array argument: `name` or `name: (key: value, …)`.
#[derive(Debug)]
pub(crate) struct Element {
    pub name: Named,
    pub options: Vec<(Named, AValue)>,
}

/// The declarations of `text`, or the first syntax error.
pub(crate) fn parse(text: &str) -> Result<Vec<Decl>, Error> {
    let mut pairs = IdlParser::parse(Rule::file, text).map_err(|e| syntax_error(text, e))?;
    let file = pairs.next().expect("the file rule matched");
    let mut decls = Vec::new();
    for pair in file.into_inner() {
        match pair.as_rule() {
            Rule::model => decls.push(Decl::Model(model(pair)?)),
            Rule::enumeration => decls.push(Decl::Enum(enumeration(pair))),
            _ => {}
        }
    }
    Ok(decls)
}

fn named(pair: Pair<Rule>) -> Named {
    Named {
        pos: Pos::of(&pair),
        text: pair.as_str().to_string(),
    }
}

fn model(pair: Pair<Rule>) -> Result<ModelDecl, Error> {
    let mut name = None;
    let mut fields = Vec::new();
    let mut annotations = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::ident => name = Some(named(p)),
            Rule::field => fields.push(field(p)?),
            Rule::annotation => annotations.push(annotation(p)?),
            _ => {}
        }
    }
    Ok(ModelDecl {
        name: name.expect("a model has a name"),
        fields,
        annotations,
    })
}

fn field(pair: Pair<Rule>) -> Result<FieldDecl, Error> {
    let mut name = None;
    let mut optional = false;
    let mut type_name = None;
    let mut list = false;
    let mut annotations = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::ident => name = Some(named(p)),
            Rule::optional => optional = true,
            Rule::type_ref => {
                for t in p.into_inner() {
                    match t.as_rule() {
                        Rule::ident => type_name = Some(named(t)),
                        Rule::list_mark => list = true,
                        _ => {}
                    }
                }
            }
            Rule::annotation => annotations.push(annotation(p)?),
            _ => {}
        }
    }
    Ok(FieldDecl {
        name: name.expect("a field has a name"),
        optional,
        type_name: type_name.expect("a field has a type"),
        list,
        annotations,
    })
}

fn annotation(pair: Pair<Rule>) -> Result<Annotation, Error> {
    let mut name = None;
    let mut args = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::ident => name = Some(named(p)),
            Rule::arg => args.push(arg(p)?),
            _ => {}
        }
    }
    Ok(Annotation {
        name: name.expect("an annotation has a name"),
        args,
    })
}

fn arg(pair: Pair<Rule>) -> Result<Arg, Error> {
    let pos = Pos::of(&pair);
    let parts: Vec<Pair<Rule>> = pair
        .into_inner()
        .filter(|p| p.as_rule() != Rule::colon)
        .collect();
    let mut parts = parts.into_iter();
    let first = parts.next().expect("an argument has a value");
    Ok(match parts.next() {
        Some(v) => Arg {
            key: Some(first.as_str().to_string()),
            value: value(v)?,
            pos,
        },
        None => Arg {
            key: None,
            value: value(first)?,
            pos,
        },
    })
}

fn value(pair: Pair<Rule>) -> Result<AValue, Error> {
    Ok(match pair.as_rule() {
        Rule::string => AValue::Str(unescape(
            pair.into_inner()
                .next()
                .expect("a string has its inner text"),
        )?),
        Rule::number => AValue::Num(pair.as_str().to_string()),
        Rule::boolean => AValue::Bool(pair.as_str() == "true"),
        Rule::ident => AValue::Ident(pair.as_str().to_string()),
        Rule::call => AValue::Call(
            pair.into_inner()
                .next()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
        ),
        Rule::array => AValue::Array(
            pair.into_inner()
                .filter(|p| p.as_rule() == Rule::element)
                .map(element)
                .collect::<Result<_, _>>()?,
        ),
        other => unreachable!("not a value rule: {other:?}"),
    })
}

fn element(pair: Pair<Rule>) -> Result<Element, Error> {
    let mut inner = pair.into_inner();
    let name = named(inner.next().expect("an element has a name"));
    let options = inner
        .filter(|p| p.as_rule() == Rule::pair)
        .map(|p| {
            let mut kv = p.into_inner().filter(|p| p.as_rule() != Rule::colon);
            let key = named(kv.next().expect("a pair has a key"));
            let v = value(kv.next().expect("a pair has a value"))?;
            Ok((key, v))
        })
        .collect::<Result<_, Error>>()?;
    Ok(Element { name, options })
}

fn enumeration(pair: Pair<Rule>) -> EnumDecl {
    let mut idents = pair
        .into_inner()
        .filter(|p| p.as_rule() == Rule::ident)
        .map(named);
    let name = idents.next().expect("an enum has a name");
    EnumDecl {
        name,
        elements: idents.collect(),
    }
}

/// The text of a string literal between its quotes, escapes decoded; an unknown escape is an
/// error at the backslash.
fn unescape(inner: Pair<Rule>) -> Result<String, Error> {
    let span = inner.as_span();
    let raw = span.as_str();
    let bad = |offset: usize, what: &str| {
        let at = pest::Position::new(span.get_input(), span.start() + offset)
            .expect("an offset inside the string");
        let (line, column) = at.line_col();
        Error {
            line,
            column,
            message: format!(
                "{what} in a string; the escapes are \\\" \\\\ \\n \\r \\t \\b \\f \\/ and \\uXXXX"
            ),
        }
    };
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            return Err(bad(at, "a lone backslash"));
        };
        match e {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            '"' | '\\' | '/' => out.push(e),
            'u' => {
                let hex: String = chars.by_ref().take(4).map(|(_, c)| c).collect();
                let code = (hex.len() == 4)
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32);
                match code {
                    Some(c) => out.push(c),
                    None => return Err(bad(at, &format!("`\\u{hex}` is not a character"))),
                }
            }
            other => return Err(bad(at, &format!("unknown escape `\\{other}`"))),
        }
    }
    Ok(out)
}

/// A pest error as the server's words: where, what was expected there, and what was found.
fn syntax_error(text: &str, e: pest::error::Error<Rule>) -> Error {
    let (line, column) = match e.line_col {
        pest::error::LineColLocation::Pos(lc) => lc,
        pest::error::LineColLocation::Span(lc, _) => lc,
    };
    let offset = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((p, _)) => p,
    };
    let expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&str> = positives.iter().map(|r| describe(*r)).collect();
            words.dedup();
            let mut unique = Vec::new();
            for w in words {
                if !unique.contains(&w) {
                    unique.push(w);
                }
            }
            // The end of the text, when it would do, is said last.
            unique.sort_by_key(|w| *w == "end of text");
            one_of(&unique)
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    Error {
        line,
        column,
        message: unclosed(&text[offset..])
            .unwrap_or_else(|| format!("expected {expected}, found {}", found(&text[offset..]))),
    }
}

fn one_of(words: &[&str]) -> String {
    match words {
        [] => "something else".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of text",
        Rule::model | Rule::model_kw => "`model`",
        Rule::enumeration | Rule::enum_kw => "`enum`",
        Rule::ident | Rule::field => "a name",
        Rule::type_ref => "a type",
        Rule::optional => "`?`",
        Rule::annotation | Rule::at => "`@`",
        Rule::arg | Rule::call | Rule::array => "a value",
        Rule::string | Rule::string_inner => "a string",
        Rule::number => "a number",
        Rule::boolean => "`true` or `false`",
        Rule::list_mark | Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::element | Rule::pair => "a name",
        Rule::file => "`model` or `enum`",
        Rule::member => "a field or `@`",
        Rule::value => "a value",
        Rule::ident_char => "a character",
        Rule::WHITESPACE | Rule::COMMENT => "a space",
    }
}

/// A string or a block comment that opens at the error and never closes: said as such,
/// rather than as the token it stopped before.
fn unclosed(rest: &str) -> Option<String> {
    if let Some(body) = rest.strip_prefix('"') {
        let mut escaped = false;
        for c in body.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return None,
                _ => escaped = false,
            }
        }
        return Some("a string that starts here is not closed with `\"`".into());
    }
    if rest.starts_with("/*") && !rest[2..].contains("*/") {
        return Some("a comment that starts here is not closed with `*/`".into());
    }
    None
}

/// What stands at the error: a word, a quoted string's start, one character, or the end.
fn found(rest: &str) -> String {
    let Some(first) = rest.chars().next() else {
        return "end of text".to_string();
    };
    if first.is_ascii_alphanumeric() || first == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(40)
            .collect();
        return format!("`{word}`");
    }
    match first {
        '\n' | '\r' => "end of line".to_string(),
        c => format!("`{c}`"),
    }
}

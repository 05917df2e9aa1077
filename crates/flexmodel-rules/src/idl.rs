//! An IDL text as the console's `models/idl/execute` takes it: parsed against the datasource's
//! models (`flexmodel_idl::parse_with`), then each model it defines in shape, each entity's
//! name free (an enum is replaced), and each index's name unused in the database. A problem
//! is placed at its line and column: the parser's own, or the declaration of the model at
//! fault, so an editor can mark the line before anything is sent.

use serde::Serialize;
use serde_json::Value;

use crate::field::Op;
use crate::model::{model_shape, model_taken};
use crate::{index, kind, list, text, Datasource, Refusal};

/// Where an IDL text goes wrong, and why (columns count characters, from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdlProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What the console answers (its 500's `message`).
    #[serde(skip)]
    pub server: String,
}

/// What an editor is told of a text: the models it defines (names, in order) or its problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdlCheck {
    pub models: Vec<String>,
    pub problem: Option<IdlProblem>,
}

/// The window's check of an IDL text for `ds`.
pub fn check_idl(ds: &Datasource, idl: &str) -> IdlCheck {
    match parse_idl(ds, idl) {
        Ok(models) => IdlCheck {
            models: models.iter().map(|m| text(m, "name").to_owned()).collect(),
            problem: None,
        },
        Err(problem) => IdlCheck {
            models: Vec::new(),
            problem: Some(problem),
        },
    }
}

/// The models of `idl` as the console would create them in `ds`, or its problem.
pub fn parse_idl(ds: &Datasource, idl: &str) -> Result<Vec<Value>, IdlProblem> {
    let known = flexmodel_idl::Known::from_models(ds.models);
    let models = flexmodel_idl::parse_with(idl, &known).map_err(|e| IdlProblem {
        line: e.line,
        column: e.column,
        server: e.to_string(),
        message: e.message,
    })?;
    for m in &models {
        let name = text(m, "name");
        let at = |r: Refusal| {
            let (line, column) = declaration(idl, name);
            IdlProblem {
                line,
                column,
                server: r.message.clone(),
                message: r.message,
            }
        };
        model_shape(m).first().map_err(at)?;
        let replaces_enum = kind(m) == "enum" && ds.enumeration(name).is_some();
        if ds.model(name).is_some() && !replaces_enum {
            return Err(at(Refusal {
                field: "name".into(),
                message: model_taken(name, ds.name),
                validation: false,
            }));
        }
        for ix in list(m, "indexes") {
            let mut out = crate::Refusals::default();
            let fields = list(m, "fields");
            index::check(ds, name, fields, &[], false, ix, Op::Create, &mut out);
            out.first().map_err(at)?;
        }
    }
    Ok(models)
}

/// The line and column of `name` in the declaration `model name` or `enum name` (comments
/// and strings skipped); the text's start when there is none.
fn declaration(idl: &str, name: &str) -> (usize, usize) {
    let mut tokens: Vec<(String, usize, usize)> = Vec::new();
    let chars: Vec<char> = idl.chars().collect();
    let (mut i, mut line, mut col) = (0, 1, 1);
    let step = |i: &mut usize, line: &mut usize, col: &mut usize| {
        if chars[*i] == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                step(&mut i, &mut line, &mut col);
            }
        } else if rest.starts_with(&['/', '*']) {
            while i < chars.len() && !chars[i..].starts_with(&['*', '/']) {
                step(&mut i, &mut line, &mut col);
            }
            for _ in 0..2.min(chars.len() - i) {
                step(&mut i, &mut line, &mut col);
            }
        } else if chars[i] == '"' {
            step(&mut i, &mut line, &mut col);
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    step(&mut i, &mut line, &mut col);
                }
                step(&mut i, &mut line, &mut col);
            }
            if i < chars.len() {
                step(&mut i, &mut line, &mut col);
            }
        } else if chars[i].is_ascii_alphanumeric() || chars[i] == '_' {
            let (l, c) = (line, col);
            let mut word = String::new();
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                word.push(chars[i]);
                step(&mut i, &mut line, &mut col);
            }
            tokens.push((word, l, c));
        } else {
            // Punctuation parts words: `model : Foo` is a field, not a declaration.
            if !chars[i].is_whitespace() {
                tokens.push((chars[i].to_string(), line, col));
            }
            step(&mut i, &mut line, &mut col);
        }
    }
    tokens
        .windows(2)
        .find(|w| (w[0].0 == "model" || w[0].0 == "enum") && w[1].0 == name)
        .map(|w| (w[1].1, w[1].2))
        .unwrap_or((1, 1))
}

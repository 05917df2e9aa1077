//! Reading annotation arguments: one value, a string, a positive whole number, a boolean (bare
//! or quoted), a plain scalar; each refusal names the annotation.

use serde_json::{json, Value};

use crate::syntax::{AValue, Annotation, Arg, Pos};
use crate::Error;

pub(crate) fn twice(a: &Annotation) -> Error {
    a.name.pos.error(format!("@{} is given twice", a.name.text))
}

pub(crate) fn no_args(a: &Annotation) -> Result<(), Error> {
    match a.args.first() {
        None => Ok(()),
        Some(arg) => Err(arg
            .pos
            .error(format!("@{} takes no arguments", a.name.text))),
    }
}

/// The one argument of `@name(value)` (also written `@name(value: …)`).
pub(crate) fn single(a: &Annotation) -> Result<&Arg, Error> {
    match a.args.as_slice() {
        [arg] if matches!(arg.key.as_deref(), None | Some("value")) => Ok(arg),
        _ => Err(a.name.pos.error(format!(
            "@{} takes one value, as in @{}(\"…\")",
            a.name.text, a.name.text
        ))),
    }
}

pub(crate) fn string_arg(a: &Annotation, arg: &Arg) -> Result<String, Error> {
    match &arg.value {
        AValue::Str(s) | AValue::Ident(s) | AValue::Num(s) => Ok(s.clone()),
        _ => Err(arg
            .pos
            .error(format!("@{}: expected a string", a.name.text))),
    }
}

pub(crate) fn int_arg(a: &Annotation, arg: &Arg) -> Result<i64, Error> {
    let text = match &arg.value {
        AValue::Str(s) | AValue::Num(s) => s.trim(),
        _ => "",
    };
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(arg.pos.error(format!(
            "@{}: expected a positive whole number",
            a.name.text
        ))),
    }
}

pub(crate) fn bool_arg(a: &Annotation, arg: &Arg) -> Result<bool, Error> {
    match &arg.value {
        AValue::Bool(b) => Ok(*b),
        AValue::Str(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        AValue::Str(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(arg.pos.error(format!(
            "@{}: {} expects true or false",
            a.name.text,
            arg.key.as_deref().unwrap_or("value")
        ))),
    }
}

/// A scalar argument as a JSON value (for @additional).
pub(crate) fn plain(v: &AValue, pos: Pos) -> Result<Value, Error> {
    Ok(match v {
        AValue::Str(s) | AValue::Ident(s) => json!(s),
        AValue::Bool(b) => json!(b),
        AValue::Num(n) => n
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| n.parse::<f64>().map(Value::from))
            .map_err(|_| pos.error(format!("`{n}` is not a number")))?,
        AValue::Call(_) | AValue::Array(_) => {
            return Err(pos.error("@additional takes strings, numbers and booleans"))
        }
    })
}

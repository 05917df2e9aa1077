//! Errors: the server's message prefix, the line and column, and what was expected there.

use flexmodel_idl::{parse, Error};

fn error(text: &str) -> Error {
    match parse(text) {
        Ok(models) => panic!("parsed {text:?} into {models:?}"),
        Err(e) => e,
    }
}

#[track_caller]
fn assert_error(text: &str, line: usize, column: usize, message: &str) {
    let e = error(text);
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (line, column, message),
        "for {text:?}"
    );
    let shown = e.to_string();
    assert!(shown.starts_with("IDL格式有误"), "{shown}");
    assert!(
        shown.contains(&format!("line {line}, column {column}")),
        "{shown}"
    );
}

#[test]
fn syntax_errors_say_what_was_expected_where() {
    assert_error(
        "model X {\n  id Long\n}",
        2,
        6,
        "expected `?` or `:`, found `Long`",
    );
    assert_error(
        "modle X {}",
        1,
        1,
        "expected `model` or `enum`, found `modle`",
    );
    assert_error("model X {\n  id : \n}", 3, 1, "expected a name, found `}`");
    assert_error(
        "model X { id : Long @default( }",
        1,
        31,
        "expected a value or `)`, found `}`",
    );
    assert_error("enum E { }", 1, 10, "expected a name, found `}`");
    assert_error(
        "model X {",
        1,
        10,
        "expected a name, `}` or `@`, found end of text",
    );
    assert_error(
        "model X { id : Long }\n}",
        2,
        1,
        "expected `model`, `enum` or end of text, found `}`",
    );
}

#[test]
fn unclosed_strings_and_comments_are_reported_where_they_open() {
    assert_error(
        "model X {\n  a : String @comment(\"never \\\" closed)\n}",
        2,
        23,
        "a string that starts here is not closed with `\"`",
    );
    assert_error(
        "model X {\n  a : String /* never closed\n}",
        2,
        14,
        "a comment that starts here is not closed with `*/`",
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // "班级" is 6 bytes but 2 characters.
    assert_error(
        "model X { a : String @comment(\"班级\") b }",
        1,
        39,
        "expected `?` or `:`, found `}`",
    );
}

#[test]
fn a_bad_escape_is_reported_at_its_backslash() {
    let e = error("model X {\n  a : String @comment(\"ok \\q\")\n}");
    assert_eq!((e.line, e.column), (2, 27));
    assert!(e.message.starts_with("unknown escape `\\q`"), "{e}");
}

#[test]
fn meaning_errors_name_the_part() {
    let cases: &[(&str, usize, usize, &str)] = &[
        (
            "model X { a : Foo }",
            1,
            15,
            "type `Foo` names no field type, enum or model",
        ),
        (
            "model X { a : string }",
            1,
            15,
            "type `string` names no field type, enum or model (did you mean `String`?)",
        ),
        (
            "model X { a : Int @length(3) }",
            1,
            20,
            "@length does not apply to field `a` of type Int",
        ),
        (
            "model X { a : Int @unique @unique }",
            1,
            28,
            "@unique is given twice",
        ),
        (
            "model X { a : Int @primary }",
            1,
            20,
            "unknown field annotation @primary; expected one of @id, @unique, @comment, \
             @default, @length, @precision, @scale, @relation, @additional",
        ),
        (
            "model X { a : Int, a : Long }",
            1,
            20,
            "field `a` is defined twice in model X",
        ),
        ("model X {}\nenum X { A }", 2, 6, "`X` is defined twice in this text"),
        (
            "model String { a : Int }",
            1,
            7,
            "`String` is a built-in field type and cannot name a model or an enum",
        ),
        (
            "model X { a : String[] }",
            1,
            15,
            "`String[]`: only an enum or a model type can be a list",
        ),
        (
            "model X { id : Long, y : X }",
            1,
            26,
            "field `y` refers to model X: it needs @relation(localField: \"…\", foreignField: \"…\")",
        ),
        (
            "model X { id : Long, y : X @relation(localField: \"nope\", foreignField: \"id\") }",
            1,
            38,
            "localField `nope` is not a field of this model",
        ),
        (
            "model X { id : Long, @index(fields: [idd]) }",
            1,
            38,
            "index field `idd` is not a field of model X",
        ),
        (
            "model X { id : Long @default(\"abc\") }",
            1,
            30,
            "@default of `id`: `abc` is not a Long value",
        ),
        (
            "model X { at : Int @default(now()) }",
            1,
            29,
            "@default of `at`: now() cannot fill a Int field",
        ),
        (
            "model X { at : Date @default(today()) }",
            1,
            30,
            "@default of `at`: unknown generator today(); expected uuid(), ulid(), \
             autoIncrement() or now()",
        ),
        (
            "model X { at : Date @default(\"2025-13-01\") }",
            1,
            30,
            "@default of `at`: `2025-13-01` is not a Date value",
        ),
        (
            "model X { id : Long, @index(unique: \"maybe\", fields: [id]) }",
            1,
            29,
            "@index: unique expects true or false",
        ),
        ("enum E { A, B, A }", 1, 16, "element `A` is listed twice in enum E"),
    ];
    for (text, line, column, message) in cases {
        assert_error(text, *line, *column, message);
    }
}

//! How answers reach stdout, in the one format `--output` chose ([`Format`]): the API's typed
//! value as pretty JSON (`--output json`, or `--json`); comfy-table tables with ids in full
//! (people copy them), never wrapped (`table`, the default); or tab-separated values for
//! scripts (`tsv`): one header row, then one row per item, values escaped as [`tsv_escape`]
//! says. Every table of every command is drawn by [`table`] (or [`details`] for one item), so
//! every command honours the format; lines for people ([`note`], [`remark`]) go to stderr in
//! TSV so stdout stays the table.

use std::fmt::Display;
use std::io::Write;
use std::sync::OnceLock;

use comfy_table::{presets, ContentArrangement, Table};
use encoo_api::{Argument, Job, Page, Robot};
use serde::Serialize;

use crate::error::{CliError, CliResult};

/// `println!` that ends the program quietly when stdout is closed (`… | head -3`), as
/// command-line tools do, instead of panicking on the broken pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write_line(format_args!($($arg)*))
    };
}

pub fn write_line(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"));
    exit_on_write_error(written, "stdout");
}

fn exit_on_write_error(written: std::io::Result<()>, stream: &str) {
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to {stream}: {e}");
        std::process::exit(1);
    }
}

/// How answers are printed (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Tables for people.
    #[default]
    Table,
    /// The API's answer as JSON.
    Json,
    /// Tab-separated values: one header row, then one row per item.
    Tsv,
}

static FORMAT: OnceLock<Format> = OnceLock::new();

/// Chooses the format, once, before anything is printed.
pub fn set_format(format: Format) {
    let _ = FORMAT.set(format);
}

/// The format chosen (tables until one is).
pub fn format() -> Format {
    FORMAT.get().copied().unwrap_or_default()
}

fn tsv() -> bool {
    format() == Format::Tsv
}

/// A value as one TSV field: a backslash becomes `\\`, a tab `\t`, a newline `\n`, a
/// carriage return `\r` (the escapes of PostgreSQL's `COPY … TEXT` and of `mlr --tsv`), so
/// every row is one line and every field sits between tabs.
pub fn tsv_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn tsv_row<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) {
    let row: Vec<String> = cells.into_iter().map(|c| tsv_escape(c.as_ref())).collect();
    crate::out!("{}", row.join("\t"));
}

/// Prints `value` as JSON when asked, else as `render` draws it.
pub fn emit<T: Serialize>(json: bool, value: &T, render: impl FnOnce(&T)) -> CliResult {
    if json {
        print_json(value)
    } else {
        render(value);
        Ok(())
    }
}

/// The serde_json pretty form of a typed value.
pub fn print_json<T: Serialize>(value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failed(format!("cannot write the answer as JSON: {e}")))?;
    crate::out!("{text}");
    Ok(())
}

/// A line for people, only in table mode (`--json` output stays one JSON document); on
/// stderr in TSV, so stdout stays the table.
pub fn note(json: bool, line: impl Display) {
    if !json {
        remark(line);
    }
}

/// A line for people beside a table (`(no rows)`, `3 shown of 40 in all`): on stdout in table
/// mode, on stderr in TSV.
pub fn remark(line: impl Display) {
    if tsv() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    } else {
        crate::out!("{line}");
    }
}

/// The title of a further table of one item (`Versions:`): on stdout in table mode; in TSV an
/// empty line, which separates the tables (each has its own header row).
pub fn heading(title: impl Display) {
    if tsv() {
        crate::out!("");
    } else {
        crate::out!("{title}");
    }
}

/// A line for people that `--json` users need too (what a change does to a workflow's
/// arguments): on stdout in table mode, on stderr with `--json` or in TSV so stdout stays the
/// answer.
pub fn aside(json: bool, line: impl Display) {
    if json || tsv() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    } else {
        crate::out!("{line}");
    }
}

fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    table
}

/// A table with a header row (in TSV, the header row and one line per row).
pub fn table<I, R>(header: &[&str], rows: I)
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    if tsv() {
        tsv_row(header);
        for row in rows {
            tsv_row(row);
        }
        return;
    }
    let mut table = new_table();
    table.set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.into_iter().collect::<Vec<_>>());
    }
    crate::out!("{table}");
}

/// One thing's fields, one per line; fields with no value are left out. In TSV, a header row
/// of the field names and one row of their values (empty ones kept, so the columns are the
/// same for every item).
pub fn details(pairs: &[(&str, String)]) {
    if tsv() {
        tsv_row(pairs.iter().map(|(name, _)| *name));
        tsv_row(pairs.iter().map(|(_, value)| value.as_str()));
        return;
    }
    let mut table = new_table();
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        table.add_row(vec![name.to_string(), value.clone()]);
    }
    crate::out!("{table}");
}

/// A list page's rows, then how many there are in all.
pub fn page<T>(page: &Page<T>, header: &[&str], row: impl Fn(&T) -> Vec<String>) {
    rows_of(&page.list, page.count, header, row);
}

/// A page of `list` out of `total`: its rows, then how many there are in all when the page
/// does not hold them all (a remark); an empty page is a remark in table mode, the header
/// row alone in TSV.
pub fn rows_of<T>(list: &[T], total: u64, header: &[&str], row: impl Fn(&T) -> Vec<String>) {
    if list.is_empty() {
        if tsv() {
            tsv_row(header);
        }
        remark(format_args!("(none of {total} in all)"));
        return;
    }
    table(header, list.iter().map(row));
    if total > list.len() as u64 {
        remark(format_args!("{} shown of {total} in all", list.len()));
    }
}

/// An optional value, empty when absent.
pub fn opt<T: Display>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

pub fn tags(tags: &[String]) -> String {
    tags.join(",")
}

pub fn flush() {
    let _ = std::io::stdout().flush();
}

pub fn arguments(args: &[Argument]) {
    if args.is_empty() {
        return;
    }
    heading("Arguments:");
    table(
        &["Name", "Type", "Direction", "Value"],
        args.iter().map(|a| {
            vec![
                a.name.clone(),
                a.arg_type.clone(),
                opt(&a.direction),
                opt(&a.default_value),
            ]
        }),
    );
}

pub fn jobs(jobs: &[Job]) {
    table(
        &["Job Id", "State", "Priority", "Name"],
        jobs.iter().map(|j| {
            vec![
                j.id.clone(),
                opt(&j.state),
                j.priority.to_string(),
                j.name.clone(),
            ]
        }),
    );
}

pub const ROBOT_HEADER: &[&str] = &["Id", "Name", "Status", "License", "Version", "Heartbeat"];

pub fn robot_row(r: &Robot) -> Vec<String> {
    vec![
        r.id.clone(),
        r.name.clone(),
        opt(&r.status),
        opt(&r.license_status),
        opt(&r.version),
        opt(&r.last_heartbeat_time),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_fields_escape_tabs_newlines_and_backslashes() {
        assert_eq!(tsv_escape("plain 文字"), "plain 文字");
        assert_eq!(tsv_escape("a\tb"), "a\\tb");
        assert_eq!(tsv_escape("line1\nline2\r"), "line1\\nline2\\r");
        assert_eq!(tsv_escape("C:\\dir\\t"), "C:\\\\dir\\\\t");
        // Each escaped field is one line with no tab: rows and columns stay put.
        let escaped = tsv_escape("x\ty\nz\\");
        assert!(!escaped.contains(['\t', '\n']), "{escaped}");
    }
}

//! How answers reach stdout: the API's typed value as pretty JSON with `--json`, else
//! comfy-table tables with ids in full (people copy them), never wrapped.

use std::fmt::Display;
use std::io::Write;

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

/// Which terminal stream a redrawn line goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Redraws the current line of a terminal in place: carriage return, `line`, clear to the end
/// of the line. No newline; [`end_redraw`] ends the line.
pub fn redraw(stream: Stream, line: &str) {
    write_raw(stream, format_args!("\r{line}\x1b[K"));
}

/// Ends a line drawn with [`redraw`], so what follows starts on a line of its own.
pub fn end_redraw(stream: Stream) {
    write_raw(stream, format_args!("\n"));
}

fn write_raw(stream: Stream, args: std::fmt::Arguments<'_>) {
    match stream {
        Stream::Stdout => {
            let mut out = std::io::stdout().lock();
            let written = out.write_fmt(args).and_then(|()| out.flush());
            exit_on_write_error(written, "stdout");
        }
        Stream::Stderr => {
            let mut err = std::io::stderr().lock();
            let _ = err.write_fmt(args).and_then(|()| err.flush());
        }
    }
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

/// A line for people, only in table mode (`--json` output stays one JSON document).
pub fn note(json: bool, line: impl Display) {
    if !json {
        crate::out!("{line}");
    }
}

/// A line for people that `--json` users need too (what a change does to a workflow's
/// arguments): on stdout in table mode, on stderr with `--json` so stdout stays the JSON.
pub fn aside(json: bool, line: impl Display) {
    if json {
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

/// A table with a header row.
pub fn table<I, R>(header: &[&str], rows: I)
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut table = new_table();
    table.set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.into_iter().collect::<Vec<_>>());
    }
    crate::out!("{table}");
}

/// One thing's fields, one per line; fields with no value are left out.
pub fn details(pairs: &[(&str, String)]) {
    let mut table = new_table();
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        table.add_row(vec![name.to_string(), value.clone()]);
    }
    crate::out!("{table}");
}

/// A list page's rows, then how many there are in all.
pub fn page<T>(page: &Page<T>, header: &[&str], row: impl Fn(&T) -> Vec<String>) {
    if page.list.is_empty() {
        crate::out!("(none of {} in all)", page.count);
        return;
    }
    table(header, page.list.iter().map(row));
    if page.count > page.list.len() as u64 {
        crate::out!("{} shown of {} in all", page.list.len(), page.count);
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
    crate::out!("Arguments:");
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

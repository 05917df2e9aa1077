//! Upload progress for people: on a terminal, an `indicatif` bar per file on stderr (name,
//! bar, sizes, percent, speed, time left; fewer of them on a narrow terminal, so the line
//! never wraps), which indicatif redraws in place at most a few times a second, in Windows
//! consoles too; elsewhere (a pipe, CI) a few plain lines on stdout (`FILE: 25%` … `100%`,
//! each once) so logs stay short.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use encoo_api::{Progress, ProgressFn};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A bar on stderr, a terminal.
    Bar,
    /// Plain lines on stdout at 25, 50, 75 and 100 %.
    Plain,
    /// Nothing (e.g. `--json` into a pipe).
    Quiet,
}

impl Style {
    /// A bar when stderr is a terminal; else plain lines when stdout carries lines for
    /// people (`plain_allowed`: tables, not `--json` or TSV), else nothing.
    pub fn choose(plain_allowed: bool) -> Style {
        if std::io::stderr().is_terminal() {
            Style::Bar
        } else if plain_allowed {
            Style::Plain
        } else {
            Style::Quiet
        }
    }
}

/// The percentages plain progress reports, each once.
const THRESHOLDS: [u64; 4] = [25, 50, 75, 100];

/// One file's progress: feed it through [`Meter::callback`], then call [`Meter::finish`].
pub struct Meter {
    label: String,
    style: Style,
    bar: Option<ProgressBar>,
    /// Thresholds already printed (plain style).
    reported: Mutex<usize>,
}

impl Meter {
    pub fn new(label: impl Into<String>, style: Style) -> Arc<Meter> {
        let label = label.into();
        let bar = (style == Style::Bar).then(|| {
            // The terminal's width; COLUMNS when it reports none.
            let width = console::Term::stderr()
                .size_checked()
                .map(|(_, w)| w)
                .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
                .unwrap_or(80);
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(layout(width));
            bar.set_message(file_name(&label));
            bar
        });
        Arc::new(Meter {
            label,
            style,
            bar,
            reported: Mutex::new(0),
        })
    }

    /// The callback to hand the upload; none when quiet.
    pub fn callback(self: &Arc<Self>) -> Option<ProgressFn> {
        if self.style == Style::Quiet {
            return None;
        }
        let me = self.clone();
        Some(Arc::new(move |p: Progress| me.update(p)))
    }

    fn update(&self, p: Progress) {
        if let Some(bar) = &self.bar {
            if bar.length() != Some(p.total) {
                bar.set_length(p.total);
                bar.reset_eta();
            }
            bar.set_position(p.sent.min(p.total));
            return;
        }
        if self.style == Style::Plain {
            let percent = percent(p);
            let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
            while *reported < THRESHOLDS.len() && percent >= THRESHOLDS[*reported] {
                crate::out!("{}: {}%", self.label, THRESHOLDS[*reported]);
                *reported += 1;
            }
        }
    }

    /// Draws the bar's last state and leaves it on its own line (a terminal only); plain
    /// lines need nothing.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.abandon();
        }
    }
}

fn percent(p: Progress) -> u64 {
    (p.sent.min(p.total) * 100)
        .checked_div(p.total)
        .unwrap_or(100)
}

/// The bar's layout for a terminal `width` columns wide: the file name takes what the rest
/// leaves (cut when too long), so the line never wraps. 100 columns and more: sizes, speed and
/// time left; from 60: speed; below: bar and percent only.
fn layout(width: u16) -> ProgressStyle {
    let template = if width >= 100 {
        "{wide_msg} [{bar:24}] {binary_bytes:>10} / {binary_total_bytes:<10} {percent:>3}% \
         {binary_bytes_per_sec:>12} {eta:>4}"
    } else if width >= 60 {
        "{wide_msg} [{bar:20}] {percent:>3}% {binary_bytes_per_sec:>12}"
    } else {
        "{wide_msg} [{bar:10}] {percent:>3}%"
    };
    ProgressStyle::with_template(template)
        .expect("the progress templates are valid")
        .progress_chars("█▉▊▋▌▍▎▏ ")
}

/// The file name alone (the bar's label): the folder is what the user typed.
fn file_name(label: &str) -> String {
    std::path::Path::new(label)
        .file_name()
        .map_or_else(|| label.to_owned(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line a layout draws at `sent` of `total`, as a terminal `width` wide would show it.
    fn drawn(width: u16, label: &str, sent: u64, total: u64) -> String {
        let term = indicatif::InMemoryTerm::new(4, width);
        let bar = ProgressBar::with_draw_target(
            Some(total),
            ProgressDrawTarget::term_like(Box::new(term.clone())),
        );
        bar.set_style(layout(width));
        bar.set_message(file_name(label));
        bar.set_position(sent);
        bar.abandon();
        term.contents()
    }

    #[test]
    fn every_layout_fits_its_terminal_and_ends_at_100_percent() {
        let label = format!("{}/Finance.InvoiceReader.1.3.0.dgs", "d".repeat(40));
        for width in [30u16, 40, 59, 60, 80, 99, 100, 160] {
            let line = drawn(width, &label, 48 << 20, 48 << 20);
            assert_eq!(line.lines().count(), 1, "{width}: {line:?}");
            assert!(line.chars().count() <= width as usize, "{width}: {line:?}");
            assert!(line.contains("100%"), "{width}: {line:?}");
            assert!(line.starts_with("Finance."), "{width}: {line:?}");
        }
        let half = drawn(120, "a.dgs", 12 << 20, 48 << 20);
        assert!(half.contains(" 25%"), "{half}");
        assert!(half.contains("12.00 MiB / 48.00 MiB"), "{half}");
    }
}

//! Upload progress for people: on a terminal, one line per file redrawn in place (bar, MiB
//! sent of total, percent, speed, time left) at most ten times a second; elsewhere a few plain
//! lines (`FILE: 25%` … `100%`, each once) so CI logs stay short.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use encoo_api::{Progress, ProgressFn};

use crate::output::{self, Stream};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A bar redrawn in place on this terminal stream.
    Bar(Stream),
    /// Plain lines on stdout at 25, 50, 75 and 100 %.
    Plain,
    /// Nothing (e.g. `--json` into a pipe).
    Quiet,
}

/// The percentages plain progress reports, each once.
const THRESHOLDS: [u64; 4] = [25, 50, 75, 100];
/// The shortest time between two redraws of the bar.
const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_WIDTH: usize = 24;
const LABEL_WIDTH: usize = 28;
const MIB: f64 = 1024.0 * 1024.0;

/// One file's progress: feed it through [`Meter::callback`], then call [`Meter::finish`].
pub struct Meter {
    label: String,
    style: Style,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    start: Option<Instant>,
    last_draw: Option<Instant>,
    /// When the last update came, and whether the bar shows it.
    last_at: Option<Instant>,
    stale: bool,
    /// Thresholds already printed (plain style).
    reported: usize,
    last: Option<Progress>,
    drawn: bool,
}

impl Meter {
    pub fn new(label: impl Into<String>, style: Style) -> Arc<Meter> {
        Arc::new(Meter {
            label: label.into(),
            style,
            state: Mutex::new(State::default()),
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
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let start = *state.start.get_or_insert(now);
        state.last = Some(p);
        state.last_at = Some(now);
        match self.style {
            Style::Quiet => {}
            Style::Plain => {
                let percent = percent(p);
                while state.reported < THRESHOLDS.len() && percent >= THRESHOLDS[state.reported] {
                    crate::out!("{}: {}%", self.label, THRESHOLDS[state.reported]);
                    state.reported += 1;
                }
            }
            Style::Bar(stream) => {
                let due = state
                    .last_draw
                    .is_none_or(|at| now.duration_since(at) >= REDRAW_EVERY);
                state.stale = !(due || p.sent >= p.total);
                if !state.stale {
                    state.last_draw = Some(now);
                    state.drawn = true;
                    output::redraw(stream, &bar_line(&self.label, p, now - start));
                }
            }
        }
    }

    /// Draws the bar's last state if a redraw was skipped, and ends its line (a terminal
    /// only); plain lines need nothing.
    pub fn finish(&self) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let Style::Bar(stream) = self.style else {
            return;
        };
        if let (true, Some(p), Some(start), Some(at)) =
            (state.stale, state.last, state.start, state.last_at)
        {
            output::redraw(stream, &bar_line(&self.label, p, at - start));
        }
        if state.drawn || state.stale {
            output::end_redraw(stream);
        }
    }
}

fn percent(p: Progress) -> u64 {
    (p.sent.min(p.total) * 100)
        .checked_div(p.total)
        .unwrap_or(100)
}

/// `LABEL [████░░░░] 12.0 / 48.0 MiB  25%  6.0 MiB/s  0:06 left`
fn bar_line(label: &str, p: Progress, elapsed: Duration) -> String {
    let sent = p.sent.min(p.total);
    let filled = (sent as f64 / p.total.max(1) as f64 * BAR_WIDTH as f64) as usize;
    let filled = filled.min(BAR_WIDTH);
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled));
    let secs = elapsed.as_secs_f64();
    let speed = if secs > 0.0 { sent as f64 / secs } else { 0.0 };
    let left = if sent >= p.total {
        "done".to_owned()
    } else if speed > 0.0 {
        format!("{} left", clock((p.total - sent) as f64 / speed))
    } else {
        "--:-- left".to_owned()
    };
    format!(
        "{} [{bar}] {:.1} / {:.1} MiB {:>3}%  {:.1} MiB/s  {left}",
        shorten(label),
        sent as f64 / MIB,
        p.total as f64 / MIB,
        percent(p),
        speed / MIB,
    )
}

/// `m:ss`, or `h:mm:ss` past an hour.
fn clock(secs: f64) -> String {
    let s = secs.ceil() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The label cut to a fixed width from the left (the file name is at the end), padded.
fn shorten(label: &str) -> String {
    let count = label.chars().count();
    if count <= LABEL_WIDTH {
        return format!("{label:<LABEL_WIDTH$}");
    }
    let tail: String = label.chars().skip(count - (LABEL_WIDTH - 1)).collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_line_shows_size_percent_speed_and_time_left() {
        let p = Progress {
            sent: 12 << 20,
            total: 48 << 20,
        };
        let line = bar_line("a.dgs", p, Duration::from_secs(2));
        assert!(line.starts_with("a.dgs "), "{line}");
        assert!(line.contains("12.0 / 48.0 MiB"), "{line}");
        assert!(line.contains(" 25%"), "{line}");
        assert!(line.contains("6.0 MiB/s"), "{line}");
        assert!(line.contains("0:06 left"), "{line}");
        assert_eq!(line.matches('█').count(), BAR_WIDTH / 4, "{line}");
    }

    #[test]
    fn a_finished_upload_says_done_and_fills_the_bar() {
        let p = Progress {
            sent: 10,
            total: 10,
        };
        let line = bar_line("x", p, Duration::ZERO);
        assert!(line.contains("100%") && line.ends_with("done"), "{line}");
        assert_eq!(line.matches('█').count(), BAR_WIDTH);
    }

    #[test]
    fn long_labels_keep_their_end() {
        let label = format!("{}/Finance.InvoiceReader.1.3.0.dgs", "d".repeat(40));
        let short = shorten(&label);
        assert_eq!(short.chars().count(), LABEL_WIDTH);
        assert!(short.starts_with('…') && short.ends_with(".1.3.0.dgs"));
        assert_eq!(clock(61.2), "1:02");
        assert_eq!(clock(3725.0), "1:02:05");
    }
}

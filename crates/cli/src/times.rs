//! `--since` and `--until` as the package list takes them: an RFC 3339 time, or a plain date
//! meaning that day's start (`--since`) or end (`--until`) in UTC. Read here, without the
//! console, so a typo is a usage error before anyone signs in.

/// Which end of a day a plain date stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// A time given on the command line: the text sent to the console, and the instant it names
/// (seconds since 1970 in UTC, nanoseconds) to compare two of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time {
    pub text: String,
    instant: (i64, u32),
}

impl Time {
    /// Whether `self` comes after `other`.
    pub fn is_after(&self, other: &Time) -> bool {
        self.instant > other.instant
    }
}

const EXPECTED: &str = "expected an RFC 3339 time (2024-07-29T12:13:49Z, \
                        2024-07-29T20:13:49+08:00) or a date (2024-07-29)";

/// `text` as a time to send; a plain date is the start or end of that day in UTC.
pub fn parse(text: &str, edge: Edge) -> Result<Time, String> {
    let text = text.trim();
    let wrong = |why: &str| format!("{EXPECTED}, got \"{text}\"{why}");
    let b = text.as_bytes();
    let (y, m, d) = date(b).ok_or_else(|| wrong(""))?;
    let days = days_from_civil(y, m, d).ok_or_else(|| wrong(": no such day"))?;
    if b.len() == 10 {
        let (clock, nanos, shown) = match edge {
            Edge::Start => (0, 0, "00:00:00.000"),
            Edge::End => (86_399, 999_999_999, "23:59:59.999"),
        };
        return Ok(Time {
            text: format!("{}T{shown}Z", &text[..10]),
            instant: (days * 86_400 + clock, nanos),
        });
    }
    if !matches!(b.get(10), Some(b'T' | b't')) || b.len() < 19 {
        return Err(wrong(""));
    }
    let (h, mi, s) = (num(b, 11, 2), num(b, 14, 2), num(b, 17, 2));
    let separators = b[13] == b':' && b[16] == b':';
    let (Some(h), Some(mi), Some(s), true) = (h, mi, s, separators) else {
        return Err(wrong(""));
    };
    if h > 23 || mi > 59 || s > 59 {
        return Err(wrong(": no such time of day"));
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return Err(wrong(""));
        }
        let fraction = num(b, at + 1, digits).ok_or_else(|| wrong(""))?;
        nanos = (fraction * 10i64.pow(9 - digits as u32)) as u32;
        at += 1 + digits;
    }
    let offset = match &b[at..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(b, at + 1, 2), num(b, at + 4, 2));
            let (Some(oh), Some(om)) = (oh, om) else {
                return Err(wrong(""));
            };
            if oh > 23 || om > 59 {
                return Err(wrong(": no such offset"));
            }
            let minutes = oh * 60 + om;
            if *sign == b'-' {
                -minutes * 60
            } else {
                minutes * 60
            }
        }
        _ => return Err(wrong(": a time needs its offset, such as Z or +08:00")),
    };
    Ok(Time {
        text: text.to_owned(),
        instant: (days * 86_400 + h * 3600 + mi * 60 + s - offset, nanos),
    })
}

/// `YYYY-MM-DD` at the start of `b`.
fn date(b: &[u8]) -> Option<(i64, i64, i64)> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((num(b, 0, 4)?, num(b, 5, 2)?, num(b, 8, 2)?))
}

/// The `len` ASCII digits at `at` as a number.
fn num(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let digits = b.get(at..at + len)?;
    digits.iter().try_fold(0i64, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
    })
}

/// Days from 1970-01-01 to the given day of the proleptic Gregorian calendar, if it exists.
fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_the_start_or_the_end_of_that_day_in_utc() {
        let since = parse("2024-07-29", Edge::Start).unwrap();
        assert_eq!(since.text, "2024-07-29T00:00:00.000Z");
        let until = parse("2024-07-29", Edge::End).unwrap();
        assert_eq!(until.text, "2024-07-29T23:59:59.999Z");
        assert!(until.is_after(&since));
        assert_eq!(since.instant, (1_722_211_200, 0));
    }

    #[test]
    fn rfc_3339_times_are_sent_as_given_and_compared_by_instant() {
        let z = parse("2024-07-29T12:13:49.780Z", Edge::Start).unwrap();
        assert_eq!(z.text, "2024-07-29T12:13:49.780Z");
        assert_eq!(z.instant, (1_722_255_229, 780_000_000));
        let east = parse("2024-07-29T20:13:49.780+08:00", Edge::End).unwrap();
        assert_eq!(east.instant, z.instant);
        let west = parse("2024-07-29T07:13:49-05:00", Edge::End).unwrap();
        assert_eq!(west.instant, (1_722_255_229, 0));
        assert!(z.is_after(&west));
        assert_eq!(
            parse("1969-12-31t23:59:59z", Edge::End).unwrap().instant.0,
            -1
        );
    }

    #[test]
    fn anything_else_is_refused_saying_what_is_expected() {
        for bad in [
            "yesterday",
            "2024-7-29",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-07-29 12:13:49Z",
            "2024-07-29T12:13:49",
            "2024-07-29T24:00:00Z",
            "2024-07-29T12:13:49.Z",
            "2024-07-29T12:13:49+0800",
            "2024-07-29T12:13:49.1234567890Z",
            "",
        ] {
            let e = parse(bad, Edge::Start).unwrap_err();
            assert!(e.contains("RFC 3339") && e.contains(bad), "{bad}: {e}");
        }
        assert!(parse("2024-02-29", Edge::Start).is_ok(), "a leap day");
        assert!(parse("2000-02-29", Edge::Start).is_ok());
        assert!(parse("1900-02-29", Edge::Start).is_err());
    }
}

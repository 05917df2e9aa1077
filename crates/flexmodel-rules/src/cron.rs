//! A trigger's cron expression, checked once for the sandbox and the app: the sandbox refuses
//! with it (its "创建定时任务失败: <reason>") and the app's trigger form asks it as the user
//! types, so the form refuses exactly what the console refuses, with the same reason, and shows
//! the next fire times of what it accepts.

use std::str::FromStr;

/// A parsed schedule: `schedule.after(&time)` gives its fire times.
pub use ::cron::Schedule;

/// The interval units a trigger takes and their seconds, as the server counts them (a month is
/// 30 days, a year 365).
pub const INTERVAL_UNITS: [(&str, u64); 7] = [
    ("second", 1),
    ("minute", 60),
    ("hour", 3600),
    ("day", 86_400),
    ("week", 604_800),
    ("month", 30 * 86_400),
    ("year", 365 * 86_400),
];

/// The seconds of an interval unit (any case, as the server lower-cases it).
pub fn unit_seconds(unit: &str) -> Option<u64> {
    INTERVAL_UNITS
        .iter()
        .find(|(u, _)| u.eq_ignore_ascii_case(unit))
        .map(|(_, s)| *s)
}

/// The console's refusal of an interval that is not positive.
pub const INTERVAL_NOT_POSITIVE: &str =
    "IntervalScheduledTriggerConfig.interval must be greater than 0.";

/// The console's refusal of an interval unit it does not know.
pub fn unsupported_unit(unit: &str) -> String {
    format!("创建定时任务失败: 不支持的间隔时间单位: {unit}")
}

/// Parses a Quartz cron expression: 6 or 7 fields, seconds first, and exactly one of
/// day-of-month and day-of-week given as `?` (Quartz refuses both and neither). `L`, `W` and
/// `#` are not supported by the parser the sandbox uses, and are refused as invalid.
pub fn parse_cron(expr: &str) -> Result<Schedule, String> {
    let fields: Vec<&str> = expr.split_whitespace().collect();
    if !(6..=7).contains(&fields.len()) {
        return Err(format!(
            "Unexpected end of expression: '{expr}' has {} fields; a Quartz cron expression \
             has 6 or 7 (seconds minutes hours day-of-month month day-of-week [year])",
            fields.len()
        ));
    }
    match (fields[3] == "?", fields[5] == "?") {
        (true, true) => {
            return Err("'?' can only be specified for Day-of-Month -OR- Day-of-Week.".into())
        }
        (false, false) => {
            return Err(
                "Support for specifying both a day-of-week AND a day-of-month \
                        parameter is not implemented."
                    .into(),
            )
        }
        _ => {}
    }
    Schedule::from_str(expr).map_err(|e| format!("'{expr}': {e}"))
}

#[cfg(test)]
mod tests {
    use super::parse_cron;

    #[test]
    fn quartz_day_fields_and_counts() {
        assert!(parse_cron("*/3 * * * * ?").is_ok());
        assert!(parse_cron("0 0 8 ? * MON-FRI").is_ok());
        assert!(parse_cron("0 0 8 * * ? 2030").is_ok());
        assert!(parse_cron("0 0 8 * * *")
            .unwrap_err()
            .contains("both a day-of-week AND a day-of-month"));
        assert!(parse_cron("0 0 8 ? * ?")
            .unwrap_err()
            .contains("'?' can only be specified"));
        assert!(parse_cron("* * * * ?")
            .unwrap_err()
            .starts_with("Unexpected end of expression: '* * * * ?' has 5 fields"));
        assert!(parse_cron("61 * * * * ?")
            .unwrap_err()
            .starts_with("'61 * * * * ?': "));
    }
}

//! Front matter dates as Hugo reads them: `2024-05-01`, `2024-05-01T10:00:00Z`,
//! `2024-05-01 10:00:00`, `2024-05-01T10:00:00.5+02:00`. A date without a zone is UTC
//! (Hugo's default `timeZone`).

use serde_json::Value;

/// Seconds since the Unix epoch of a front matter date value, `None` when it is not a date
/// Hugo would read (or is Hugo's zero date, `0001-01-01`).
pub fn parse(value: &Value) -> Option<i64> {
    match value {
        Value::String(text) => parse_text(text.trim()),
        _ => None,
    }
}

/// Parses the date text; see the module doc for the accepted forms.
pub fn parse_text(text: &str) -> Option<i64> {
    let (date, rest) = text.split_at(text.len().min(10));
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    if year <= 1 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.len() >= 5 {
        let time: Vec<i64> = rest
            .split(|c: char| !c.is_ascii_digit())
            .take(3)
            .map_while(|p| p.parse().ok())
            .collect();
        seconds += time.first().copied().unwrap_or(0) * 3600
            + time.get(1).copied().unwrap_or(0) * 60
            + time.get(2).copied().unwrap_or(0);
        seconds -= zone_offset(rest);
    }
    Some(seconds)
}

/// The zone offset in seconds of a time text (`10:00:00+02:00` → 7200; `Z` or none → 0).
fn zone_offset(time: &str) -> i64 {
    let Some(index) = time.rfind(['+', '-']) else {
        return 0;
    };
    let sign = if time[index..].starts_with('-') {
        -1
    } else {
        1
    };
    let digits: String = time[index + 1..]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() != 4 {
        return 0;
    }
    let hours: i64 = digits[..2].parse().unwrap_or(0);
    let minutes: i64 = digits[2..].parse().unwrap_or(0);
    sign * (hours * 3600 + minutes * 60)
}

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil (year, month, day) of seconds since the epoch, for `:year`-style permalinks.
pub fn civil(seconds: i64) -> (i64, u32, u32) {
    let days = seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The (year, month, day) a date is written with, in its own time zone, as Hugo's
/// `:year`, `:month`, `:day` permalink tokens use it (`2022-12-31T23:30:00-02:00` is
/// 2022-12-31, though it is 2023-01-01 in UTC).
pub fn written_day(value: &Value) -> Option<(i64, u32, u32)> {
    parse(value)?;
    let text = value.as_str()?.trim();
    let mut parts = text.get(..10)?.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    Some((year, u32::try_from(month).ok()?, u32::try_from(day).ok()?))
}

/// Now, in seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_hugo_accepts() {
        assert_eq!(parse_text("1970-01-02"), Some(86_400));
        assert_eq!(parse_text("1970-01-01T01:00:00Z"), Some(3600));
        assert_eq!(parse_text("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_text("1970-01-01 00:00:10.5-00:30"), Some(1810));
        assert_eq!(parse_text("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_text("soon"), None);
    }

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [(2024, 2, 29), (1999, 12, 31), (2000, 1, 1)] {
            assert_eq!(
                civil(days_from_civil(y, m, d) * 86_400 + 5),
                (y, m as u32, d as u32)
            );
        }
    }
}

//! Time values (`now`, `time.AsTime`) and Go's `Time.Format` layouts.

use std::sync::Arc;

use super::funcs::{to_int, to_string};
use super::value::{Object, Value};

fn s(v: &Value) -> String {
    to_string(v)
}

/// A point in time (`now`, `time.AsTime`), UTC offset in seconds.
pub struct Time {
    unix: i64,
    offset: i64,
}

/// Builds a time object.
pub fn time_object(unix: i64, offset: i64) -> Value {
    Value::Object(Arc::new(Time { unix, offset }))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Days since 1970-01-01 → (year, month 1-12, day).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

struct Parts {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    weekday: usize,
}

impl Time {
    fn parts(&self) -> Parts {
        let t = self.unix + self.offset;
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let (year, month, day) = civil(days);
        Parts {
            year,
            month,
            day,
            hour: secs / 3600,
            min: secs % 3600 / 60,
            sec: secs % 60,
            weekday: (days + 4).rem_euclid(7) as usize,
        }
    }

    fn zone(&self, colon: bool, z: bool) -> String {
        if z && self.offset == 0 {
            return "Z".into();
        }
        let sign = if self.offset < 0 { '-' } else { '+' };
        let o = self.offset.abs();
        let sep = if colon { ":" } else { "" };
        format!("{sign}{:02}{sep}{:02}", o / 3600, o % 3600 / 60)
    }

    /// Go's `Time.Format` for the common layout elements.
    pub fn format(&self, layout: &str) -> String {
        let p = self.parts();
        let h12 = if p.hour % 12 == 0 { 12 } else { p.hour % 12 };
        let tokens: &[(&str, String)] = &[
            ("2006", format!("{:04}", p.year)),
            ("January", MONTHS[(p.month - 1) as usize].into()),
            ("Jan", MONTHS[(p.month - 1) as usize][..3].into()),
            ("Monday", DAYS[p.weekday].into()),
            ("Mon", DAYS[p.weekday][..3].into()),
            (
                "MST",
                if self.offset == 0 {
                    "UTC".into()
                } else {
                    self.zone(false, false)
                },
            ),
            ("Z07:00", self.zone(true, true)),
            ("-07:00", self.zone(true, false)),
            ("-0700", self.zone(false, false)),
            ("01", format!("{:02}", p.month)),
            ("02", format!("{:02}", p.day)),
            ("_2", format!("{:>2}", p.day)),
            ("06", format!("{:02}", p.year % 100)),
            ("15", format!("{:02}", p.hour)),
            ("03", format!("{h12:02}")),
            ("04", format!("{:02}", p.min)),
            ("05", format!("{:02}", p.sec)),
            ("PM", if p.hour >= 12 { "PM" } else { "AM" }.into()),
            ("pm", if p.hour >= 12 { "pm" } else { "am" }.into()),
            ("1", p.month.to_string()),
            ("2", p.day.to_string()),
            ("3", h12.to_string()),
            ("4", p.min.to_string()),
            ("5", p.sec.to_string()),
        ];
        let layout = match layout {
            ":date_short" => "1/2/06",
            ":date_medium" => "Jan 2, 2006",
            ":date_long" => "January 2, 2006",
            ":date_full" => "Monday, January 2, 2006",
            ":time_short" => "3:04 PM",
            other => other,
        };
        let mut out = String::new();
        let mut rest = layout;
        'outer: while !rest.is_empty() {
            for (tok, val) in tokens {
                if rest.starts_with(tok) {
                    out.push_str(val);
                    rest = &rest[tok.len()..];
                    continue 'outer;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }
}

impl Object for Time {
    fn type_name(&self) -> &str {
        "time.Time"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let p = self.parts();
        Some(match name {
            "Year" => Value::Int(p.year),
            "Month" => Value::from(MONTHS[(p.month - 1) as usize]),
            "Day" => Value::Int(p.day),
            "Hour" => Value::Int(p.hour),
            "Minute" => Value::Int(p.min),
            "Second" => Value::Int(p.sec),
            "Unix" => Value::Int(self.unix),
            "Weekday" => Value::from(DAYS[p.weekday]),
            "YearDay" => {
                Value::Int(self.unix.div_euclid(86_400) - days_from_civil(p.year, 1, 1) + 1)
            }
            "IsZero" => Value::Bool(false),
            _ => return None,
        })
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match (name, args) {
            ("Format", [layout]) => Some(Ok(Value::from(self.format(&s(layout))))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        let z = if self.offset == 0 {
            " UTC".to_string()
        } else {
            String::new()
        };
        format!(
            "{} {}{z}",
            self.format("2006-01-02 15:04:05"),
            self.zone(false, false)
        )
    }
}

/// Parses a date: `2006-01-02`, RFC 3339, or `2006-01-02 15:04:05`;
/// time objects pass through; integers are Unix seconds.
pub fn parse_time(v: &Value) -> Result<Time, String> {
    match v {
        Value::Object(o) => {
            let unix = o
                .field("Unix")
                .and_then(|u| to_int(&u).ok())
                .ok_or("not a time value")?;
            Ok(Time { unix, offset: 0 })
        }
        Value::Int(i) => Ok(Time {
            unix: *i,
            offset: 0,
        }),
        other => {
            parse_time_str(&s(other)).ok_or_else(|| format!("unable to parse date: {}", s(other)))
        }
    }
}

fn parse_time_str(t: &str) -> Option<Time> {
    let t = t.trim();
    let num = |r: std::ops::Range<usize>| t.get(r).and_then(|x| x.parse::<i64>().ok());
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let mut secs = 0;
    let mut offset = 0;
    if t.len() >= 19 {
        secs = num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
        let mut zone = t.get(19..).unwrap_or("");
        if let Some(z) = zone.strip_prefix('.') {
            zone = z.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        if let Some(z) = zone.get(..1).filter(|c| *c == "+" || *c == "-") {
            let h: i64 = zone.get(1..3)?.parse().ok()?;
            let mi: i64 = zone.get(zone.len().checked_sub(2)?..)?.parse().ok()?;
            offset = (h * 3600 + mi * 60) * if z == "-" { -1 } else { 1 };
        }
    }
    let unix = days_from_civil(y, m, d) * 86_400 + secs - offset;
    Some(Time { unix, offset })
}

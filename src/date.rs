//! Calendar dates as authors write them (`2019-07-01`).
//!
//! A thin wrapper so front matter gets one clear message for a bad date, and
//! so the rest of the crate does not depend on the date library's API.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    pub fn parse(text: &str) -> Option<Self> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .ok()
            .map(Date)
    }

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Today's date, or the date in `SOURCE_DATE_EPOCH` when set, so builds
    /// can be reproduced exactly (review-due warnings depend on "today").
    pub fn today() -> Self {
        if let Some(date) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        {
            return Date(date.date_naive());
        }
        Date(chrono::Local::now().date_naive())
    }

    /// "3 March 2019", the GOV.UK style for dates in text.
    pub fn long(&self) -> String {
        format!("{} {} {}", self.0.day(), self.0.format("%B"), self.0.year())
    }

    /// "3 Mar 2019", for narrow table cells.
    pub fn short(&self) -> String {
        format!("{} {} {}", self.0.day(), self.0.format("%b"), self.0.year())
    }

    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a date: write dates as YYYY-MM-DD, e.g. 2019-07-01"
            ))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let d = Date::parse("2019-03-03").unwrap();
        assert_eq!(d.long(), "3 March 2019");
        assert_eq!(d.iso(), "2019-03-03");
        assert!(Date::parse("2019-13-01").is_none());
        assert!(Date::parse("03/03/2019").is_none());
    }
}

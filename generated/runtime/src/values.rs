//! Checked value types: MAC addresses, `yyyyMMdd` days and constrained strings.
//!
//! Each rejects bad input in its constructor with a [`ConstraintError`] that
//! says what was expected, and decoding goes through the same constructor.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that does not meet a documented constraint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {type_name}: {problem}")]
pub struct ConstraintError {
    /// The type that refused the value.
    pub type_name: &'static str,
    /// What is wrong and what is expected.
    pub problem: String,
}

impl ConstraintError {
    fn new(type_name: &'static str, problem: impl Into<String>) -> Self {
        ConstraintError {
            type_name,
            problem: problem.into(),
        }
    }
}

/// The textual form a vendor documents for MAC addresses.
pub trait MacStyle {
    /// Separator between octets.
    const SEPARATOR: char;
    /// Upper-case hex digits.
    const UPPERCASE: bool;
}

/// `ac:de:48:00:11:21` (Feishu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ColonLower;
impl MacStyle for ColonLower {
    const SEPARATOR: char = ':';
    const UPPERCASE: bool = false;
}

/// `FE-FC-FE-21-F5-D1` (Sangfor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DashUpper;
impl MacStyle for DashUpper {
    const SEPARATOR: char = '-';
    const UPPERCASE: bool = true;
}

/// A MAC address, accepted as `ac:de:48:00:11:21` or `FE-FC-FE-21-F5-D1`
/// (any case), sent in the style `S` the vendor documents.
pub struct MacAddress<S> {
    octets: [u8; 6],
    style: PhantomData<fn() -> S>,
}

impl<S: MacStyle> MacAddress<S> {
    /// Parses either separator style, in either case.
    pub fn parse(text: &str) -> Result<Self, ConstraintError> {
        let bad = || {
            ConstraintError::new(
                "MAC address",
                format!(
                    "{text:?} is not a MAC address; expected six two-digit hex groups separated by ':' or '-', e.g. ac:de:48:00:11:21 or FE-FC-FE-21-F5-D1"
                ),
            )
        };
        let separator = if text.contains(':') { ':' } else { '-' };
        let mut octets = [0u8; 6];
        let mut groups = text.split(separator);
        for octet in &mut octets {
            let group = groups.next().ok_or_else(bad)?;
            if group.len() != 2 || !group.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad());
            }
            *octet = u8::from_str_radix(group, 16).map_err(|_| bad())?;
        }
        if groups.next().is_some() {
            return Err(bad());
        }
        Ok(Self::from_octets(octets))
    }

    /// The address with these octets.
    pub const fn from_octets(octets: [u8; 6]) -> Self {
        MacAddress {
            octets,
            style: PhantomData,
        }
    }

    /// The six octets.
    pub const fn octets(&self) -> [u8; 6] {
        self.octets
    }
}

impl<S: MacStyle> fmt::Display for MacAddress<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, octet) in self.octets.iter().enumerate() {
            if i > 0 {
                write!(f, "{}", S::SEPARATOR)?;
            }
            if S::UPPERCASE {
                write!(f, "{octet:02X}")?;
            } else {
                write!(f, "{octet:02x}")?;
            }
        }
        Ok(())
    }
}

impl<S: MacStyle> fmt::Debug for MacAddress<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MacAddress({self})")
    }
}

impl<S> Clone for MacAddress<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for MacAddress<S> {}
impl<S> PartialEq for MacAddress<S> {
    fn eq(&self, other: &Self) -> bool {
        self.octets == other.octets
    }
}
impl<S> Eq for MacAddress<S> {}
impl<S> Hash for MacAddress<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.octets.hash(state);
    }
}

impl<S: MacStyle> FromStr for MacAddress<S> {
    type Err = ConstraintError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl<S: MacStyle> Serialize for MacAddress<S> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, S: MacStyle> Deserialize<'de> for MacAddress<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A calendar day, written `yyyyMMdd` on the wire (`20190401`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: u16,
    month: u8,
    day: u8,
}

impl Day {
    /// The day, if it exists in the Gregorian calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, ConstraintError> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => {
                return Err(ConstraintError::new(
                    "day",
                    format!("month {month} does not exist; months are 1 to 12"),
                ))
            }
        };
        if day == 0 || day > days_in_month {
            return Err(ConstraintError::new(
                "day",
                format!("{year:04}-{month:02} has no day {day}; it has days 1 to {days_in_month}"),
            ));
        }
        Ok(Day { year, month, day })
    }

    /// Parses `yyyyMMdd`.
    pub fn parse(text: &str) -> Result<Self, ConstraintError> {
        if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ConstraintError::new(
                "day",
                format!("{text:?} is not a yyyyMMdd date; expected eight digits such as 20190401"),
            ));
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<u16>().unwrap_or_default();
        let month = u8::try_from(number(4..6)).unwrap_or_default();
        let day = u8::try_from(number(6..8)).unwrap_or_default();
        Day::new(number(0..4), month, day)
    }

    /// The year.
    pub const fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub const fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub const fn day(&self) -> u8 {
        self.day
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Day {
    type Err = ConstraintError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Day::parse(text)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The documented rules of a constrained string type.
pub trait StringRules {
    /// The type's name, for errors.
    const NAME: &'static str;
    /// Minimum length in characters.
    const MIN_LENGTH: Option<usize> = None;
    /// Maximum length in characters.
    const MAX_LENGTH: Option<usize> = None;
    /// Characters the value must not contain.
    const FORBIDDEN: &'static [char] = &[];
}

/// A string that meets the rules `R` (length bounds, forbidden characters).
pub struct Checked<R> {
    value: String,
    rules: PhantomData<fn() -> R>,
}

impl<R: StringRules> Checked<R> {
    /// Checks `value` against the rules.
    pub fn new(value: impl Into<String>) -> Result<Self, ConstraintError> {
        let value = value.into();
        let length = value.chars().count();
        if let Some(max) = R::MAX_LENGTH {
            if length > max {
                return Err(ConstraintError::new(
                    R::NAME,
                    format!("{length} characters is longer than the maximum of {max}"),
                ));
            }
        }
        if let Some(min) = R::MIN_LENGTH {
            if length < min {
                return Err(ConstraintError::new(
                    R::NAME,
                    format!("{length} characters is shorter than the minimum of {min}"),
                ));
            }
        }
        if let Some((at, c)) = value.chars().enumerate().find(|(_, c)| R::FORBIDDEN.contains(c)) {
            return Err(ConstraintError::new(
                R::NAME,
                format!(
                    "character {c:?} at position {at} is not allowed (forbidden: {:?})",
                    R::FORBIDDEN
                ),
            ));
        }
        Ok(Checked {
            value,
            rules: PhantomData,
        })
    }

    /// The checked text.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The checked text, owned.
    pub fn into_string(self) -> String {
        self.value
    }
}

impl<R> fmt::Debug for Checked<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}
impl<R> fmt::Display for Checked<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}
impl<R> Clone for Checked<R> {
    fn clone(&self) -> Self {
        Checked {
            value: self.value.clone(),
            rules: PhantomData,
        }
    }
}
impl<R> PartialEq for Checked<R> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl<R> Eq for Checked<R> {}
impl<R> Hash for Checked<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}
impl<R> AsRef<str> for Checked<R> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl<R: StringRules> FromStr for Checked<R> {
    type Err = ConstraintError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::new(text)
    }
}

impl<R: StringRules> TryFrom<String> for Checked<R> {
    type Error = ConstraintError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: StringRules> TryFrom<&str> for Checked<R> {
    type Error = ConstraintError;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R> Serialize for Checked<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de, R: StringRules> Deserialize<'de> for Checked<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::new(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_accepts_both_styles_and_sends_the_documented_one() {
        let mac = MacAddress::<DashUpper>::parse("ac:de:48:00:11:21").unwrap();
        assert_eq!(mac.to_string(), "AC-DE-48-00-11-21");
        let mac = MacAddress::<ColonLower>::parse("FE-FC-FE-21-F5-D1").unwrap();
        assert_eq!(mac.to_string(), "fe:fc:fe:21:f5:d1");
        for bad in [
            "",
            "ac:de:48:00:11",
            "ac:de:48:00:11:21:00",
            "zz:de:48:00:11:21",
            "acde48001121",
            "ac:de-48:00:11:21",
            "a:de:48:00:11:211",
        ] {
            let error = MacAddress::<ColonLower>::parse(bad).unwrap_err();
            assert!(error.to_string().contains("MAC address"), "{bad}: {error}");
        }
    }

    #[test]
    fn day_checks_the_calendar() {
        assert_eq!(Day::parse("20190401").unwrap().to_string(), "20190401");
        assert!(Day::parse("20200229").is_ok());
        assert!(Day::parse("20190229").unwrap_err().problem.contains("has no day 29"));
        assert!(Day::parse("20191301").unwrap_err().problem.contains("month 13"));
        assert!(Day::parse("2019-04-01").unwrap_err().problem.contains("yyyyMMdd"));
    }

    struct Short;
    impl StringRules for Short {
        const NAME: &'static str = "Short";
        const MAX_LENGTH: Option<usize> = Some(3);
        const FORBIDDEN: &'static [char] = &['\n'];
    }

    #[test]
    fn checked_strings_count_characters_and_forbid() {
        assert!(Checked::<Short>::new("设备名").is_ok());
        assert!(Checked::<Short>::new("abcd")
            .unwrap_err()
            .problem
            .contains("maximum of 3"));
        assert!(Checked::<Short>::new("a\nb").unwrap_err().problem.contains("'\\n'"));
    }
}

//! Human units in configuration: `30d`, `12h`, `1GiB`, `64KiB`.

use serde::{Deserialize, Deserializer};
use std::time::Duration;

/// Parses `45s`, `90m`, `12h`, `30d`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| {
        format!(
            "`{text}` is not a duration; expected a number and a unit like 30d, 12h, 90m or 45s"
        )
    })?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "`{text}` has unknown unit `{unit}`; expected s, m, h or d"
            ));
        }
    };
    Ok(Duration::from_secs(number.saturating_mul(seconds)))
}

/// Parses `512`, `64KiB`, `16MiB`, `1GiB` (also KB/MB/GB as powers of 1000).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| {
        format!("`{text}` is not a size; expected a number and a unit like 64KiB, 16MiB or 1GiB")
    })?;
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        other => {
            return Err(format!(
                "`{text}` has unknown unit `{other}`; expected B, KiB, MiB, GiB, KB, MB or GB"
            ));
        }
    };
    Ok(number.saturating_mul(factor))
}

/// Deserialises a duration written as text.
pub(crate) fn duration<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Duration>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    text.map(|text| parse_duration(&text).map_err(serde::de::Error::custom))
        .transpose()
}

/// Deserialises a size written as text or as a plain integer of bytes.
pub(crate) fn size<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bytes(u64),
        Text(String),
    }
    let raw: Option<Raw> = Option::deserialize(deserializer)?;
    raw.map(|raw| match raw {
        Raw::Bytes(bytes) => Ok(bytes),
        Raw::Text(text) => parse_size(&text).map_err(serde::de::Error::custom),
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30d"), Ok(Duration::from_secs(30 * 86_400)));
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5_400)));
        assert!(
            parse_duration("3 weeks")
                .unwrap_err()
                .contains("unknown unit ` weeks`")
        );
        assert!(parse_duration("h").unwrap_err().contains("not a duration"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64KiB"), Ok(65_536));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("100MB"), Ok(100_000_000));
        assert_eq!(parse_size("512"), Ok(512));
        assert!(parse_size("1TB").unwrap_err().contains("unknown unit `TB`"));
    }
}

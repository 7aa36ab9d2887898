//! AWS JSON 1.1 timestamps: epoch seconds as JSON numbers (with a fraction when there is one).

use aws_smithy_types::DateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time as the wire carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timestamp(pub DateTime);

impl Timestamp {
    /// From milliseconds since the epoch (what `Clock` gives).
    pub fn from_millis(millis: i64) -> Self {
        Timestamp(DateTime::from_millis(millis))
    }

    /// Milliseconds since the epoch.
    pub fn millis(&self) -> i64 {
        self.0.to_millis().unwrap_or(0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let secs = self.0.as_secs_f64();
        if secs.fract() == 0.0 {
            s.serialize_i64(self.0.secs())
        } else {
            s.serialize_f64((secs * 1000.0).round() / 1000.0)
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let secs = f64::deserialize(d)?;
        Ok(Timestamp(DateTime::from_secs_f64(secs)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_epoch_seconds() {
        assert_eq!(
            serde_json::to_string(&Timestamp::from_millis(1_700_000_000_000)).unwrap(),
            "1700000000"
        );
        assert_eq!(
            serde_json::to_string(&Timestamp::from_millis(1_700_000_000_250)).unwrap(),
            "1700000000.25"
        );
        let t: Timestamp = serde_json::from_str("1700000000.5").unwrap();
        assert_eq!(t.millis(), 1_700_000_000_500);
    }
}

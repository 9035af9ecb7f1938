//! Channels on which customers meet a business.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{CxError, Result};

/// A channel of contact. Common channels have their own variant; anything else is `Other`.
///
/// Parsing is case-insensitive and trims white space; serde uses the lower-case name
/// (`"email"`, or the original text for `Other`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// Website visits and web forms.
    Web,
    /// E-mail.
    Email,
    /// Phone calls (inbound or outbound).
    Phone,
    /// Live chat and chatbots.
    Chat,
    /// Social networks.
    Social,
    /// Physical stores and branches.
    Store,
    /// Mobile app.
    App,
    /// Any other channel, by name.
    Other(String),
}

impl Channel {
    /// Lower-case name of the channel (`Other` gives its own text).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Web => "web",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Chat => "chat",
            Self::Social => "social",
            Self::Store => "store",
            Self::App => "app",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = CxError;

    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        if t.is_empty() {
            return Err(CxError::invalid("channel", "channel name is empty"));
        }
        Ok(match t.to_ascii_lowercase().as_str() {
            "web" | "website" => Self::Web,
            "email" | "e-mail" => Self::Email,
            "phone" | "call" | "voice" => Self::Phone,
            "chat" | "live chat" => Self::Chat,
            "social" => Self::Social,
            "store" | "retail" | "in-store" => Self::Store,
            "app" | "mobile" | "mobile app" => Self::App,
            _ => Self::Other(t.to_string()),
        })
    }
}

impl Serialize for Channel {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_names_and_keeps_others() {
        assert_eq!("E-Mail".parse::<Channel>().unwrap(), Channel::Email);
        assert_eq!(" web ".parse::<Channel>().unwrap(), Channel::Web);
        assert_eq!(
            "Partner Portal".parse::<Channel>().unwrap(),
            Channel::Other("Partner Portal".into())
        );
        assert!("  ".parse::<Channel>().is_err());
        let json = serde_json::to_string(&Channel::Chat).unwrap();
        assert_eq!(json, "\"chat\"");
        assert_eq!(
            serde_json::from_str::<Channel>(&json).unwrap(),
            Channel::Chat
        );
    }
}

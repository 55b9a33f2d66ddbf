//! Turning a channel's `contact` into something a phone can act on.

use serde::Serialize;

/// A contact as templates show it.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    /// What the reader sees.
    pub text: String,
    /// `tel:` for phone numbers, the URL for web addresses, `None` for anything else.
    pub href: Option<String>,
    /// Whether `href` dials a number.
    pub is_phone: bool,
}

/// Classifies `contact`: a phone number (digits with spaces, dashes, dots, brackets
/// or a leading `+`) becomes a `tel:` link, an http(s) URL a link, anything else text.
pub fn contact(text: &str) -> Contact {
    let trimmed = text.trim();
    let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
    let phone_like = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " -.()+".contains(c))
        && digits.len() >= 3
        && !trimmed[1..].contains('+');
    if phone_like {
        let plus = if trimmed.starts_with('+') { "+" } else { "" };
        return Contact {
            text: trimmed.to_string(),
            href: Some(format!("tel:{plus}{digits}")),
            is_phone: true,
        };
    }
    if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
        return Contact {
            text: trimmed.to_string(),
            href: Some(trimmed.to_string()),
            is_phone: false,
        };
    }
    Contact {
        text: trimmed.to_string(),
        href: None,
        is_phone: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_dial() {
        assert_eq!(contact("9510211").href.as_deref(), Some("tel:9510211"));
        assert_eq!(
            contact("+86 571-8888 1234").href.as_deref(),
            Some("tel:+8657188881234")
        );
        assert!(contact("9510211").is_phone);
    }

    #[test]
    fn urls_link_and_text_stays_text() {
        assert_eq!(
            contact("https://www.12315.cn").href.as_deref(),
            Some("https://www.12315.cn")
        );
        assert!(contact("区号+12315").href.is_none());
    }
}

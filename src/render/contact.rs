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
    /// For a number that needs something dialled before it (`区号+12315`): what that
    /// is (`区号`); the page lets the reader type it and dials the whole number.
    pub prefix: Option<String>,
    /// The digits dialled after the prefix (`12315`).
    pub number: Option<String>,
}

/// Classifies `contact`: a phone number (digits with spaces, dashes, dots, brackets
/// or a leading `+`) becomes a `tel:` link, an http(s) URL a link; words joined to a
/// number by `+` (`区号+12315`) a number to complete; anything else text.
pub fn contact(text: &str) -> Contact {
    let trimmed = text.trim();
    let plain = |href: Option<String>, is_phone: bool| Contact {
        text: trimmed.to_string(),
        href,
        is_phone,
        prefix: None,
        number: None,
    };
    if let Some(digits) = phone_digits(trimmed) {
        return plain(Some(format!("tel:{digits}")), true);
    }
    if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
        return plain(Some(trimmed.to_string()), false);
    }
    if let Some((prefix, number)) = trimmed.split_once('+') {
        let prefix = prefix.trim();
        let number = phone_digits(number.trim()).filter(|n| !n.starts_with('+'));
        if let (false, false, Some(number)) = (
            prefix.is_empty(),
            prefix.chars().any(|c| c.is_ascii_digit()),
            number,
        ) {
            return Contact {
                prefix: Some(prefix.to_string()),
                number: Some(number),
                ..plain(None, false)
            };
        }
    }
    plain(None, false)
}

/// The digits to dial (with a leading `+` if given) when `text` is a phone number:
/// at least three digits with only spaces, dashes, dots and brackets between them.
fn phone_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let phone_like = text
        .chars()
        .all(|c| c.is_ascii_digit() || " -.()+".contains(c))
        && digits.len() >= 3
        && !text.get(1..).unwrap_or("").contains('+');
    let plus = if text.starts_with('+') { "+" } else { "" };
    phone_like.then(|| format!("{plus}{digits}"))
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
    }

    #[test]
    fn a_number_with_a_part_to_fill_in_is_completed_by_the_reader() {
        let c = contact("区号+12315");
        assert!(c.href.is_none() && !c.is_phone);
        assert_eq!(c.prefix.as_deref(), Some("区号"));
        assert_eq!(c.number.as_deref(), Some("12315"));
        assert!(contact("区号+热线").prefix.is_none());
        assert!(contact("+12315").is_phone, "a leading + is a country code");
        assert!(contact("0571+12315").prefix.is_none());
    }
}

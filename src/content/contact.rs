//! What a channel's `contact` is: a number to dial, an address to open, a number with a
//! part the reader types first, or words. The render stage turns it into a call button
//! or a link; `check` warns about a contact that looks like a number but cannot be dialled.

use serde::Serialize;

/// A contact as templates show it.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    /// What the reader sees: the contact as written.
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

/// Fewest digits a number inside words must have to be dialled: fewer is more likely a
/// count or a line number ("Line 2", "24 hours") than a phone number.
const DIGITS_IN_WORDS: usize = 5;

/// Classifies `contact`: a phone number (digits with spaces, dashes, dots, brackets
/// or a leading `+`) becomes a `tel:` link, an http(s) URL a link; words joined to a
/// number by `+` (`区号+12315`) a number to complete; words with one dialable number in
/// them, in any script (`Passport Adviceline 0300 222 0000`), a `tel:` link shown as
/// written; anything else text.
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
    if let [number] = numbers_in(trimmed).as_slice() {
        if undiallable(trimmed).is_none() {
            return plain(Some(format!("tel:{number}")), true);
        }
    }
    plain(None, false)
}

/// A channel's `source`: a link when it is an http(s) address, otherwise the sentence as
/// written. Never a number to dial, whatever digits it holds (a date, an article's id).
pub fn source(text: &str) -> Contact {
    let trimmed = text.trim();
    let url = trimmed.starts_with("https://") || trimmed.starts_with("http://");
    Contact {
        text: trimmed.to_string(),
        href: url.then(|| trimmed.to_string()),
        is_phone: false,
        prefix: None,
        number: None,
    }
}

/// Why a contact that looks like a phone number cannot be dialled, or `None` when it
/// dials or does not look like a number at all (an address, a name, a URL).
pub fn undiallable(text: &str) -> Option<String> {
    let text = text.trim();
    if text.starts_with("https://") || text.starts_with("http://") || phone_digits(text).is_some() {
        return None;
    }
    let runs = runs_in(text);
    // A letter or a slash written into a number: `0300 222 000O`, `0300/222/0000`.
    if let Some(c) = runs.iter().find_map(|r| r.touching) {
        return Some(format!(
            "`{c}` is written into the number, and a phone cannot dial it; write the number with digits, spaces or dashes only"
        ));
    }
    let numbers: Vec<&str> = runs
        .iter()
        .filter(|r| r.digits_only().len() >= DIGITS_IN_WORDS)
        .map(|r| r.dial.as_str())
        .collect();
    if numbers.len() > 1 {
        return Some(format!(
            "it holds {} numbers ({}), and a call button dials one; give each its own channel, or put the others in the channel's text",
            numbers.len(),
            numbers.join(", ")
        ));
    }
    None
}

/// A run of digits joined by single spaces, dashes, dots or brackets, as found in a
/// contact: what it dials, and a letter or `/` written straight into it, if any.
struct Run {
    dial: String,
    touching: Option<char>,
}

impl Run {
    fn digits_only(&self) -> &str {
        self.dial.trim_start_matches('+')
    }
}

/// Every run of digits in `text` (see [`Run`]); a run of fewer than
/// [`DIGITS_IN_WORDS`] digits is kept only when a letter or `/` touches it between digits.
fn runs_in(text: &str) -> Vec<Run> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let opens = chars[i] == '+' || chars[i] == '(';
        if !(digit(i) || (opens && digit(i + 1))) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut last = i;
        while end < chars.len() {
            if digit(end) {
                last = end;
            } else if !(" -.()".contains(chars[end])
                && (digit(end + 1) || chars.get(end + 1) == Some(&'(')))
            {
                break;
            }
            end += 1;
        }
        let run: String = chars[i..=last].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let plus = if run.starts_with('+') { "+" } else { "" };
        // An ASCII letter or `/` glued to the run's ends, with digits on its other side
        // or a long run (`000O`, `0300/222`): a number mistyped, not words beside it.
        let glued = |at: Option<usize>| {
            at.and_then(|j| chars.get(j).copied())
                .filter(|c| c.is_ascii_alphabetic() || *c == '/')
        };
        let before = glued(i.checked_sub(1));
        let after = glued(Some(last + 1));
        // A date (`2024-11-17`, `2024.11.17`) is no number to dial.
        let date = {
            let parts: Vec<&str> = run.split(['-', '.', '/']).collect();
            parts.len() == 3
                && parts[0].len() == 4
                && parts[1..].iter().all(|p| (1..=2).contains(&p.len()))
                && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        };
        let long = digits.len() >= DIGITS_IN_WORDS && !date;
        let touching = after
            .filter(|_| long || digit(last + 2))
            .or(before.filter(|_| long && i >= 2 && digit(i - 2)));
        if long || touching.is_some() {
            runs.push(Run {
                dial: format!("{plus}{digits}"),
                touching,
            });
        }
        i = last + 1;
    }
    runs
}

/// The dialable numbers written inside `text`: the runs of at least
/// [`DIGITS_IN_WORDS`] digits that no letter is written into.
fn numbers_in(text: &str) -> Vec<String> {
    runs_in(text)
        .into_iter()
        .filter(|r| r.touching.is_none() && r.digits_only().len() >= DIGITS_IN_WORDS)
        .map(|r| r.dial)
        .collect()
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
        let words = contact("在APP里找客服小蜜");
        assert!(words.href.is_none() && !words.is_phone);
        assert_eq!(undiallable("在APP里找客服小蜜"), None);
        assert_eq!(undiallable("Line 2, open 24 hours"), None);
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
        assert_eq!(undiallable("区号+12315"), None);
    }

    #[test]
    fn words_around_one_number_in_any_script_dial_it() {
        for (text, href) in [
            ("Passport Adviceline 0300 222 0000", "tel:03002220000"),
            ("天猫客服 9510211", "tel:9510211"),
            (
                "Hotline: +44 (0)20 7946 0000, weekdays",
                "tel:+4402079460000",
            ),
            ("Линия помощи 8-800-555-35-35", "tel:88005553535"),
        ] {
            let c = contact(text);
            assert!(c.is_phone, "{text}");
            assert_eq!(c.href.as_deref(), Some(href), "{text}");
            assert_eq!(c.text, text, "shown as written");
        }
        assert!(!contact("Room 12").is_phone, "too short to be a number");
        assert!(
            !contact("GOV.UK page updated 2024-11-17").is_phone,
            "a date"
        );
        assert_eq!(undiallable("updated 2024-11-17"), None);
        let source = source("2024-11-17 发布的一篇公开文章");
        assert!(source.href.is_none() && !source.is_phone);
        assert_eq!(
            super::source("https://example.org/a").href.as_deref(),
            Some("https://example.org/a")
        );
    }

    #[test]
    fn a_number_that_cannot_be_dialled_says_why() {
        assert_eq!(undiallable("Passport Adviceline 0300 222 0000"), None);
        let o = undiallable("Adviceline 0300 222 000O").unwrap();
        assert!(o.contains("`O`"), "{o}");
        assert!(!contact("Adviceline 0300 222 000O").is_phone);
        let slash = undiallable("0300/222/0000").unwrap();
        assert!(slash.contains("`/`"), "{slash}");
        let two = undiallable("9510211 或 95105888").unwrap();
        assert!(two.contains("2 numbers"), "{two}");
        assert!(!contact("9510211 或 95105888").is_phone);
    }
}

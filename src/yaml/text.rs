//! Reading YAML values as the text an author wrote: `contact: 9510211` is the text
//! `9510211`, not a number, so a value is never reformatted by its YAML type.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Reads a YAML scalar of any type as the text the author wrote, so `contact: 9510211`
/// works as well as `contact: "9510211"`; a list or mapping is reported as "expected
/// text".
#[derive(Clone, Copy)]
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// Like [`TextVisitor`], for a key that may be empty or `~`.
struct OptionalText;

impl<'de> Visitor<'de> for OptionalText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        scalar(d).map(Some)
    }
}

/// A list of texts, each read like [`TextVisitor`].
#[derive(Clone, Copy)]
struct TextList;

impl<'de> Visitor<'de> for TextList {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element_seed(TextSeed)? {
            out.push(item);
        }
        Ok(out)
    }
}

struct TextSeed;

impl<'de> de::DeserializeSeed<'de> for TextSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        scalar(d)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(TextVisitor)
}

/// A text key, read like a scalar (`value: 9510211` is the text `9510211`).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    scalar(d)
}

/// An optional text key, read like a scalar (`stale_after: 365d`).
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt_scalar(d)
}

fn opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OptionalText)
}

pub fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(TextList)
}

/// A setting that may differ by language: one value for every language
/// (`title: 天猫购物投诉指南`), or a value per BCP 47 tag
/// (`title: {zh-CN: 天猫购物投诉指南, en: Tmall complaint guide}`). Which tags a map
/// may use is checked where the site's languages are known (`crate::config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PerLanguage<T> {
    /// One value, whatever the language.
    One(T),
    /// A value per language tag, in the order written.
    Each(Vec<(String, T)>),
}

impl<T: Default> Default for PerLanguage<T> {
    fn default() -> Self {
        PerLanguage::One(T::default())
    }
}

impl<T> PerLanguage<T> {
    /// The value for `tag`: the one value, else `tag`'s own, else `fallback`'s.
    pub fn get(&self, tag: &str, fallback: &str) -> Option<&T> {
        match self {
            PerLanguage::One(v) => Some(v),
            PerLanguage::Each(map) => map
                .iter()
                .find(|(t, _)| t == tag)
                .or_else(|| map.iter().find(|(t, _)| t == fallback))
                .map(|(_, v)| v),
        }
    }

    /// The tags of a per-language value (none for one value).
    pub fn tags(&self) -> Vec<&str> {
        match self {
            PerLanguage::One(_) => Vec::new(),
            PerLanguage::Each(map) => map.iter().map(|(t, _)| t.as_str()).collect(),
        }
    }

    /// The value for `tag` alone: the one value, or `tag`'s own; `None` when the
    /// map has none for it (words of another language would be wrong there).
    pub fn exact(&self, tag: &str) -> Option<&T> {
        match self {
            PerLanguage::One(v) => Some(v),
            PerLanguage::Each(map) => map.iter().find(|(t, _)| t == tag).map(|(_, v)| v),
        }
    }

    /// Every value written.
    pub fn values(&self) -> Vec<&T> {
        match self {
            PerLanguage::One(v) => vec![v],
            PerLanguage::Each(map) => map.iter().map(|(_, v)| v).collect(),
        }
    }
}

/// Reads one value with `V`, or a map from language tag to such values.
struct PerLanguageVisitor<V>(V);

impl<'de, V: Visitor<'de> + Clone> Visitor<'de> for PerLanguageVisitor<V> {
    type Value = PerLanguage<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", or a map from language tag to it")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(PerLanguage::One)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.visit_string(v).map(PerLanguage::One)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(PerLanguage::One)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(PerLanguage::One)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(PerLanguage::One)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(PerLanguage::One)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit().map(PerLanguage::One)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq).map(PerLanguage::One)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(tag) = map.next_key_seed(TextSeed)? {
            let value = map.next_value_seed(WithVisitor(self.0.clone()))?;
            out.push((tag, value));
        }
        Ok(PerLanguage::Each(out))
    }
}

/// Deserializes one value with the visitor it holds.
struct WithVisitor<V>(V);

impl<'de, V: Visitor<'de>> de::DeserializeSeed<'de> for WithVisitor<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_any(self.0)
    }
}

#[derive(Clone, Copy)]
struct ListsOf;

impl<'de> Visitor<'de> for ListsOf {
    type Value = Vec<Vec<String>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of lists")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(list) = seq.next_element_seed(WithVisitor(TextList))? {
            out.push(list);
        }
        Ok(out)
    }
}

/// A list of lists of texts, or a map from language tag to such a list.
pub fn lists_per_language<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<PerLanguage<Vec<Vec<String>>>, D::Error> {
    d.deserialize_any(PerLanguageVisitor(ListsOf))
}

/// A text, or a map from language tag to text (see [`PerLanguage`]).
pub fn text_per_language<'de, D: Deserializer<'de>>(d: D) -> Result<PerLanguage<String>, D::Error> {
    d.deserialize_any(PerLanguageVisitor(TextVisitor))
}

/// An optional text, or a map from language tag to text.
pub fn opt_text_per_language<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<PerLanguage<String>>, D::Error> {
    struct Optional;
    impl<'de> Visitor<'de> for Optional {
        type Value = Option<PerLanguage<String>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text, or a map from language tag to text")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            text_per_language(d).map(Some)
        }
    }
    d.deserialize_option(Optional)
}

/// A list of texts, or a map from language tag to such a list.
pub fn list_per_language<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<PerLanguage<Vec<String>>, D::Error> {
    d.deserialize_any(PerLanguageVisitor(TextList))
}

#[cfg(test)]
mod per_language_tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct T {
        #[serde(deserialize_with = "text_per_language")]
        a: PerLanguage<String>,
        #[serde(deserialize_with = "list_per_language")]
        b: PerLanguage<Vec<String>>,
    }

    #[test]
    fn one_value_or_one_per_language() {
        let t: T = serde_yaml::from_str("a: 12\nb: [x, 2]").unwrap();
        assert_eq!(t.a, PerLanguage::One("12".into()));
        assert_eq!(t.b, PerLanguage::One(vec!["x".into(), "2".into()]));
        let t: T = serde_yaml::from_str("a: {zh-CN: 中, en: 9}\nb: {en: [a]}").unwrap();
        assert_eq!(t.a.get("en", "zh-CN").map(String::as_str), Some("9"));
        assert_eq!(t.a.get("fr", "zh-CN").map(String::as_str), Some("中"));
        assert_eq!(t.b.tags(), ["en"]);
        assert!(serde_yaml::from_str::<T>("a: [1]\nb: []").is_err());
    }
}

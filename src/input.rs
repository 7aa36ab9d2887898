//! A request body as a JSON tree that borrows from the body: parsed once, validated against the model
//! (`smithy::ServiceModel::validate`), then deserialized into the operation's input type
//! (`ops::invoke`).
//!
//! Why not `serde_json::Value`: with `preserve_order` every object of a `Value` is an `IndexMap` (an entry
//! vector and a SipHash table) and every key and string is its own allocation, all of it freed again
//! once the typed input is built. Parsing into `Value`, validating it and moving it into the input type
//! was the largest part of the emulator's own work on small write requests (about 16% of the server's
//! CPU for `AdminCreateUser`). Here an object is one vector of pairs, and keys and strings without
//! escapes point into the body, so a typical request allocates a few vectors instead of tens of strings
//! and tables.
//!
//! Semantics kept from `Value`: a key given twice keeps its first position and its last value; numbers
//! keep their integer or float form (`serde_json::Number`).

use std::borrow::Cow;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::Number;

/// One JSON value of a request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, integer or float as written.
    Number(Number),
    /// A string: borrowed from the body unless it had escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object, in the body's key order, each key once.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// Parses a body. `Err` if it is not one JSON value.
    pub fn parse(body: &'a [u8]) -> serde_json::Result<Node<'a>> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let node = Node::deserialize_borrowed(&mut de)?;
        de.end()?;
        Ok(node)
    }

    fn deserialize_borrowed<D: Deserializer<'a>>(d: D) -> Result<Node<'a>, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    /// The member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// True for objects.
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// True for numbers.
    pub fn is_number(&self) -> bool {
        matches!(self, Node::Number(_))
    }

    /// The number as an `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Node::Number(n) => n.as_i64(),
            _ => None,
        }
    }
}

struct NodeVisitor;

impl<'a> Visitor<'a> for NodeVisitor {
    type Value = Node<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node<'a>, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Node<'a>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Node<'a>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Node<'a>, E> {
        // JSON text cannot spell NaN or infinity, so this is always `Some`.
        Ok(Number::from_f64(n).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'a str) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Node<'a>, E> {
        Ok(Node::String(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Node<'a>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(NodeSeed)? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Node<'a>, A::Error> {
        // Request objects have up to about eight members: one allocation instead of a regrowth.
        let mut pairs: Vec<(Cow<'a, str>, Node<'a>)> = Vec::with_capacity(8);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(NodeSeed)?;
            pairs.push((key, value));
        }
        dedupe(&mut pairs);
        Ok(Node::Object(pairs))
    }
}

/// A key given twice keeps its first position and its last value, as `serde_json::Value` (and Jackson,
/// behind AWS) would have it. Small objects, the usual case, are checked pair by pair; large ones (maps
/// such as `ClientMetadata`) through a sort, so that a hostile body cannot make this quadratic.
fn dedupe<V>(pairs: &mut Vec<(Cow<'_, str>, V)>) {
    const SMALL: usize = 16;
    let n = pairs.len();
    let mut dropped: Vec<bool> = Vec::new();
    if n <= SMALL {
        for i in 1..n {
            // The first pair with this key is never a dropped one, so it is the one found.
            if let Some(first) = (0..i).find(|&j| pairs[j].0 == pairs[i].0) {
                let (head, tail) = pairs.split_at_mut(i);
                std::mem::swap(&mut head[first].1, &mut tail[0].1);
                dropped.resize(n, false);
                dropped[i] = true;
            }
        }
    } else {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| pairs[a].0.cmp(&pairs[b].0).then(a.cmp(&b)));
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            while end < n && pairs[order[end]].0 == pairs[order[start]].0 {
                end += 1;
            }
            if end - start > 1 {
                dropped.resize(n, false);
                let (first, last) = (order[start], order[end - 1]);
                pairs.swap(first, last);
                for &i in &order[start + 1..end] {
                    dropped[i] = true;
                }
            }
            start = end;
        }
    }
    if dropped.is_empty() {
        return;
    }
    let mut i = 0;
    pairs.retain(|_| {
        let keep = !dropped[i];
        i += 1;
        keep
    });
}

struct NodeSeed;

impl<'a> DeserializeSeed<'a> for NodeSeed {
    type Value = Node<'a>;

    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Node<'a>, D::Error> {
        Node::deserialize_borrowed(d)
    }
}

/// An object key, borrowed from the body when it has no escapes (`Cow`'s own `Deserialize` always copies).
struct KeySeed;

impl<'a> DeserializeSeed<'a> for KeySeed {
    type Value = Cow<'a, str>;

    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Cow<'a, str>, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'a> Visitor<'a> for KeyVisitor {
    type Value = Cow<'a, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, s: &'a str) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Owned(s))
    }
}

/// Deserializes an input type from a tree, as `serde_json::from_value` would from a `Value` (strings
/// are offered borrowed; the input types copy what they keep).
impl<'de, 'a: 'de> Deserializer<'de> for &'de Node<'a> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(*b),
            Node::Number(n) => n.deserialize_any(visitor),
            Node::String(s) => visitor.visit_borrowed_str(s),
            Node::Array(items) => {
                let mut seq = Items(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(
                        items.len(),
                        &"fewer elements in array",
                    )),
                }
            }
            Node::Object(pairs) => {
                let mut map = Pairs {
                    pairs: pairs.iter(),
                    value: None,
                };
                let value = visitor.visit_map(&mut map)?;
                match map.pairs.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(
                        pairs.len(),
                        &"fewer elements in map",
                    )),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants only, spelled as strings: the input types have no other enums.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self {
            Node::String(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            other => Err(de::Error::invalid_type(unexpected(other), &"a string")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

fn unexpected<'n>(node: &'n Node<'_>) -> de::Unexpected<'n> {
    match node {
        Node::Null => de::Unexpected::Unit,
        Node::Bool(b) => de::Unexpected::Bool(*b),
        Node::Number(_) => de::Unexpected::Other("number"),
        Node::String(s) => de::Unexpected::Str(s),
        Node::Array(_) => de::Unexpected::Seq,
        Node::Object(_) => de::Unexpected::Map,
    }
}

struct Items<'de, 'a>(std::slice::Iter<'de, Node<'a>>);

impl<'de, 'a: 'de> SeqAccess<'de> for Items<'de, 'a> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Pairs<'de, 'a> {
    pairs: std::slice::Iter<'de, (Cow<'a, str>, Node<'a>)>,
    value: Option<&'de Node<'a>>,
}

impl<'de, 'a: 'de> MapAccess<'de> for Pairs<'de, 'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.pairs.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: &'de str = key;
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::Value;

    /// The body as `Value` read from the tree, in the tree's key order.
    fn round_trip(text: &str) -> Value {
        let node = Node::parse(text.as_bytes()).unwrap();
        Value::deserialize(&node).unwrap()
    }

    #[test]
    fn reads_every_json_value_as_serde_json_does() {
        let text = r#"{"a":null,"b":true,"c":-3,"d":18446744073709551615,"e":1.5,"f":"x\"y","g":[1,{"h":[]}],"i":{}}"#;
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(round_trip(text), expected);
        // Compared as text too: `Value`'s equality ignores key order.
        assert_eq!(round_trip(text).to_string(), expected.to_string());
    }

    #[test]
    fn strings_without_escapes_borrow_from_the_body() {
        let node = Node::parse(br#"{"Name":"plain","Other":"esc\n"}"#).unwrap();
        assert!(matches!(
            node.get("Name"),
            Some(Node::String(Cow::Borrowed("plain")))
        ));
        assert!(matches!(
            node.get("Other"),
            Some(Node::String(Cow::Owned(_)))
        ));
        let Node::Object(pairs) = &node else { panic!() };
        assert!(pairs.iter().all(|(k, _)| matches!(k, Cow::Borrowed(_))));
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value() {
        for text in [
            r#"{"a":1,"b":2,"a":3,"c":4,"a":5}"#.to_owned(),
            // Past the small-object path: 40 distinct keys around the repeated ones.
            {
                let mut s = String::from(r#"{"a":1,"b":2,"a":3,"c":4,"a":5"#);
                for i in 0..40 {
                    s.push_str(&format!(r#","k{i}":{i}"#));
                }
                s.push_str(r#","b":6}"#);
                s
            },
        ] {
            let expected: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                round_trip(&text).to_string(),
                expected.to_string(),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        for bad in ["", "{", "{\"a\":1}x", "[1,]", "{\"a\" 1}", "nul"] {
            assert!(Node::parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Input {
        user_pool_id: String,
        limit: Option<i32>,
        flag: Option<bool>,
        names: Option<Vec<String>>,
        meta: Option<std::collections::HashMap<String, String>>,
        doc: Option<Value>,
        #[serde(flatten)]
        rest: std::collections::BTreeMap<String, Value>,
    }

    #[test]
    fn deserializes_input_types_like_from_value() {
        let text = r#"{"UserPoolId":"p","Limit":5,"Flag":null,"Names":["a","b"],"Meta":{"k":"v"},
                       "Doc":{"z":1,"a":[true]},"Extra":"e"}"#;
        let node = Node::parse(text.as_bytes()).unwrap();
        let from_node = Input::deserialize(&node).unwrap();
        let from_value: Input = serde_json::from_str(text).unwrap();
        assert_eq!(from_node, from_value);
        assert!(Input::deserialize(&Node::parse(br#"{"Limit":5}"#).unwrap()).is_err());
        assert!(Input::deserialize(&Node::parse(br#"{"UserPoolId":1}"#).unwrap()).is_err());
    }
}

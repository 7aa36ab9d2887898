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

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::Number;

/// One JSON value of a request body.
#[derive(Debug, Clone, PartialEq)]
#[repr(u64)]
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
    ///
    /// Our own reader rather than serde_json's `Deserializer` driving a visitor: on an `AdminCreateUser`
    /// body that took 2.9 times what serde_json takes only to skip the same text (sonic-rs's
    /// deserializer 20% less), because each string was scanned, then checked as UTF-8 on its own, then
    /// handed through the visitor. This reader checks the body as UTF-8 once and finds each string's end
    /// eight bytes a step. It accepts exactly what serde_json accepts (tests compare the two on damaged
    /// bodies), numbers are read by serde_json itself, and nesting stops at serde_json's depth limit.
    pub fn parse(body: &'a [u8]) -> serde_json::Result<Node<'a>> {
        // Checked as UTF-8 once, as a whole: a byte that is not ASCII is only valid JSON inside a
        // string, where serde_json requires UTF-8 too, so this refuses exactly what it would.
        let text = std::str::from_utf8(body).map_err(de::Error::custom)?;
        let mut reader = Reader { text, body, at: 0 };
        let node = reader.value(0)?;
        reader.skip_space();
        if reader.at != body.len() {
            return Err(reader.error("trailing characters"));
        }
        Ok(node)
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

/// serde_json's recursion limit: an array or object nested this deep is refused.
const MAX_DEPTH: usize = 128;

/// What may follow each byte inside a string: 0 for an ordinary byte, 1 for `"` or `\` or a control
/// character (the string's end, an escape, or an error).
const STRING_STOP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = 1;
        b += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t
};

/// The JSON reader behind `Node::parse`.
struct Reader<'a> {
    /// The body, known to be UTF-8.
    text: &'a str,
    /// The same, as bytes.
    body: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, what: &str) -> serde_json::Error {
        de::Error::custom(format_args!("{what} at byte {}", self.at))
    }

    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    /// The literal `word` (the caller has seen its first byte).
    fn literal(&mut self, word: &[u8], node: Node<'a>) -> serde_json::Result<Node<'a>> {
        match self.body.get(self.at..self.at + word.len()) {
            Some(found) if found == word => {
                self.at += word.len();
                Ok(node)
            }
            _ => Err(self.error("expected a literal")),
        }
    }

    /// One value, after optional white space; `depth` arrays and objects enclose it.
    fn value(&mut self, depth: usize) -> serde_json::Result<Node<'a>> {
        self.skip_space();
        match self.peek() {
            Some(b'"') => {
                self.at += 1;
                self.string().map(Node::String)
            }
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b't') => self.literal(b"true", Node::Bool(true)),
            Some(b'f') => self.literal(b"false", Node::Bool(false)),
            Some(b'n') => self.literal(b"null", Node::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    fn enter(&self, depth: usize) -> serde_json::Result<()> {
        if depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> serde_json::Result<Node<'a>> {
        self.enter(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Node::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Node::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> serde_json::Result<Node<'a>> {
        self.enter(depth)?;
        self.at += 1;
        // Request objects have up to about eight members: one allocation instead of a regrowth.
        let mut pairs: Vec<(Cow<'a, str>, Node<'a>)> = Vec::with_capacity(8);
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Node::Object(pairs));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            self.at += 1;
            let key = self.string()?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.at += 1;
            let value = self.value(depth)?;
            pairs.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    dedupe(&mut pairs);
                    return Ok(Node::Object(pairs));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// A number, read by serde_json from the text that JSON's number grammar spans, so that its integer
    /// or float form and its range errors are serde_json's.
    fn number(&mut self) -> serde_json::Result<Node<'a>> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while let Some(b'0'..=b'9') = r.peek() {
                r.at += 1;
            }
            r.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        self.text(start)?.parse::<Number>().map(Node::Number)
    }

    /// A string's contents, after its opening quote: borrowed from the body unless it has escapes.
    fn string(&mut self) -> serde_json::Result<Cow<'a, str>> {
        let start = self.at;
        self.skip_plain();
        let plain = self.text(start)?;
        match self.peek() {
            None => Err(self.error("EOF while parsing a string")),
            Some(b'"') => {
                self.at += 1;
                Ok(Cow::Borrowed(plain))
            }
            Some(b'\\') => {
                let mut owned = String::with_capacity(plain.len() + 16);
                owned.push_str(plain);
                self.escaped_rest(&mut owned)?;
                Ok(Cow::Owned(owned))
            }
            _ => Err(self.error("control character in a string")),
        }
    }

    /// `body[start..at]` as text (a string's bytes between ASCII delimiters: always whole characters).
    fn text(&self, start: usize) -> serde_json::Result<&'a str> {
        self.text
            .get(start..self.at)
            .ok_or_else(|| self.error("invalid UTF-8"))
    }

    /// Moves to the next `"`, `\` or control character of a string (or the end), eight bytes a step.
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        // Bytes equal to zero of `x` have their high bit set in the result (exactly, for the first one).
        let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
        while let Some(chunk) = self.body.get(self.at..self.at + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            // A byte below 0x20 has its high bit set in `x - 0x20` (bytes of 0x80 and above are masked
            // off by `!x`). In each of the three masks the lowest flagged byte is a true one.
            let stops = zero_bytes(x ^ (ONES * u64::from(b'"')))
                | zero_bytes(x ^ (ONES * u64::from(b'\\')))
                | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS);
            if stops != 0 {
                self.at += (stops.trailing_zeros() / 8) as usize;
                return;
            }
            self.at += 8;
        }
        while let Some(&b) = self.body.get(self.at) {
            if STRING_STOP[usize::from(b)] != 0 {
                return;
            }
            self.at += 1;
        }
    }

    /// The rest of a string with escapes, from a backslash to past the closing quote.
    fn escaped_rest(&mut self, out: &mut String) -> serde_json::Result<()> {
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(out)?;
                }
                Some(_) => {
                    let start = self.at;
                    self.skip_plain();
                    out.push_str(self.text(start)?);
                    if let Some(b) = self.peek() {
                        if b < 0x20 {
                            return Err(self.error("control character in a string"));
                        }
                    }
                }
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    /// One escape, after its backslash. Surrogates must come in pairs, as serde_json requires of text.
    fn escape(&mut self, out: &mut String) -> serde_json::Result<()> {
        let Some(b) = self.peek() else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.at += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = match first {
                    0xDC00..=0xDFFF => return Err(self.error("lone surrogate in hex escape")),
                    0xD800..=0xDBFF => {
                        if self.body.get(self.at..self.at + 2) != Some(b"\\u".as_slice()) {
                            return Err(self.error("unexpected end of hex escape"));
                        }
                        self.at += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error("lone surrogate in hex escape"));
                        }
                        0x1_0000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    other => other,
                };
                char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))?
            }
            _ => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> serde_json::Result<u32> {
        let mut n = 0u32;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("invalid escape"))?;
            n = (n << 4) | digit;
            self.at += 1;
        }
        Ok(n)
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

    /// `Node::parse` against serde_json on one body: both refuse it, or both read the same value.
    fn same_as_serde_json(body: &[u8]) {
        let ours = Node::parse(body).map(|n| Value::deserialize(&n).map(|v| v.to_string()));
        let theirs = serde_json::from_slice::<Value>(body).map(|v| v.to_string());
        match (ours, theirs) {
            (Ok(Ok(a)), Ok(b)) => assert_eq!(a, b, "{:?}", String::from_utf8_lossy(body)),
            (Err(_), Err(_)) => {}
            (a, b) => panic!(
                "{:?}: ours {:?}, serde_json {:?}",
                String::from_utf8_lossy(body),
                a.map(|r| r.map_err(|e| e.to_string())),
                b
            ),
        }
    }

    #[test]
    fn reads_strings_numbers_and_nesting_as_serde_json_does() {
        let cases: &[&[u8]] = &[
            br#""\ud83d\ude00 \u00e9 \/ \b\f\n\r\t \" \\""#,
            br#""\ud83d""#,
            br#""\ude00""#,
            br#""\ud83dx""#,
            br#""\ud83d\u0041""#,
            br#""\u12G4""#,
            br#""\x""#,
            "\"caf\u{e9} \u{1F600}\"".as_bytes(),
            b"\"a\x01b\"",
            b"\"a\x7fb\"",
            b"\"\xff\"",
            b"\"\xc3\"",
            b"\"abcdefghijklmnopqrstuvwxyz\\nabcdefghijklmnop\\\"qrstuvwxyz\"",
            b"\"abcdefgh\nij\"",
            b"\"abcdefg",
            b"0",
            b"-0",
            b"01",
            b"-",
            b"1.",
            b".5",
            b"1e",
            b"1e+",
            b"1E-7",
            b"-12.5e+3",
            b"1e400",
            b"-1e400",
            b"18446744073709551615",
            b"18446744073709551616",
            b"-9223372036854775808",
            b"-9223372036854775809",
            b"123456789012345678901234567890",
            b" \t\r\n{ \"a\" : [ true , false , null ] } \n",
            b"{\"a\":1,}",
            b"[,1]",
            b"{1:2}",
            b"tru",
            b"nulls",
            b"[1 2]",
            b"\xef\xbb\xbf{}",
        ];
        for case in cases {
            same_as_serde_json(case);
        }
        // serde_json's depth limit: 127 levels are read, 128 are not.
        for depth in [126, 127, 128, 129] {
            for (open, close) in [("[", "]"), ("{\"k\":", "}")] {
                let body = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                same_as_serde_json(body.as_bytes());
            }
        }
    }

    /// Random bodies built from JSON pieces, then damaged (bytes dropped, added, changed or cut off):
    /// ours must accept and read exactly what serde_json does.
    #[test]
    fn reads_random_and_damaged_bodies_as_serde_json_does() {
        const PIECES: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            " ",
            "\n",
            "\"",
            "\"k\"",
            "\"UserPoolId\"",
            "\"a\\\"b\"",
            "\"\\u00e9\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"\u{e9}t\u{e9}\"",
            "true",
            "false",
            "null",
            "0",
            "-1",
            "1.5",
            "2e3",
            "-0.0e-1",
            "18446744073709551616",
            "\"long string of text\"",
            "\\",
            "\\n",
            "\\u",
            "\u{1}",
            "e",
            "-",
            ".",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut valid = 0;
        for _ in 0..20_000 {
            let mut body: Vec<u8> = Vec::new();
            // Mostly well-formed: an object of a few members, some nested.
            body.extend_from_slice(b"{");
            for m in 0..next(5) {
                if m > 0 {
                    body.push(b',');
                }
                body.extend_from_slice(format!("\"m{}\":", next(4)).as_bytes());
                for _ in 0..1 + next(3) {
                    body.extend_from_slice(PIECES[next(PIECES.len())].as_bytes());
                }
            }
            body.extend_from_slice(b"}");
            for _ in 0..next(3) {
                let at = next(body.len() + 1);
                match next(4) {
                    0 if at < body.len() => {
                        body.remove(at);
                    }
                    1 => body.insert(at, [b'"', b'\\', b'}', 0x80, 0xe9, b'0', 0x1f][next(7)]),
                    2 if at < body.len() => body[at] = next(256) as u8,
                    _ => body.truncate(at),
                }
            }
            if serde_json::from_slice::<Value>(&body).is_ok() {
                valid += 1;
            }
            same_as_serde_json(&body);
        }
        // Both kinds were tried.
        assert!(valid > 1_000 && valid < 19_000, "{valid} valid bodies");
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

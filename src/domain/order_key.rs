//! The key of the emulator's ordered string indexes (usernames, indexed attribute values, `sub`s that are
//! not UUIDs).

/// A string in an ordered index, with its first 16 bytes inline as two big-endian numbers (zero-padded;
/// two `u64`s rather than a `u128`, whose 16-byte alignment would pad every key by 8 bytes).
///
/// It orders exactly as the strings do: where the inline numbers differ, the first differing byte (or the
/// end of the shorter string, which pads with zeros) decides the same way a string comparison would; where
/// they are equal, the strings are compared. But a comparison almost always ends on the inline number,
/// without following the pointer to the string's bytes. In a large B-tree each of those pointers was a
/// cache miss: the index inserts of `CreateUserPool` and `AdminCreateUser` were among their costliest
/// steps (`memcmp` alone was 9% of `AdminCreateUser` on a growing pool).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OrderKey(u64, u64, String);

impl OrderKey {
    /// The key of `s` (copied).
    pub fn of(s: &str) -> OrderKey {
        OrderKey::new(s.to_owned())
    }

    /// The key of `s` (moved in).
    pub fn new(s: String) -> OrderKey {
        let mut head = [0u8; 16];
        for (slot, byte) in head.iter_mut().zip(s.bytes()) {
            *slot = byte;
        }
        let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = head;
        OrderKey(
            u64::from_be_bytes([a, b, c, d, e, f, g, h]),
            u64::from_be_bytes([i, j, k, l, m, n, o, p]),
            s,
        )
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        &self.2
    }
}

#[cfg(test)]
mod tests {
    use super::OrderKey;

    #[test]
    fn orders_exactly_as_the_strings() {
        let words = [
            "",
            "a",
            "a\0",
            "a\0b",
            "ab",
            "b",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnoq",
            "abcdefghijklmnop\0",
            "zz",
            "é",
            "user10",
            "user9",
            "User",
        ];
        for x in words {
            for y in words {
                assert_eq!(
                    OrderKey::of(x).cmp(&OrderKey::of(y)),
                    x.cmp(y),
                    "{x:?} vs {y:?}"
                );
            }
        }
        assert_eq!(std::mem::size_of::<OrderKey>(), 40);
    }
}

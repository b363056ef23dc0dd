//! The byte-level encodings the signers share.
//!
//! Signatures compare bytes, so "almost the same encoding" is a wrong
//! signature. These functions are the single place where the project decides
//! how a string is percent-encoded, how a query is put in canonical order and
//! how a JSON body is compacted.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`).
///
/// Alibaba Cloud spells this out because the usual form encoders differ from
/// it in three places: they turn a space into `+`, leave `*` alone and encode
/// `~`. Any of the three breaks a signature.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes `s` the way Alibaba Cloud signs it.
///
/// The UTF-8 bytes of `s` are kept if they are RFC 3986 unreserved characters
/// and written as `%XX` (uppercase hex) otherwise: a space becomes `%20`, `*`
/// becomes `%2A`, `~` stays, and `中` becomes `%E4%B8%AD`.
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, NOT_UNRESERVED).to_string()
}

/// Removes the whitespace outside JSON strings and keeps every other byte.
///
/// Key order, number spelling and escapes inside strings are left exactly as
/// they were, because the receiver signs the bytes it was sent, not a
/// re-serialisation of them. Input that is not JSON gets the same treatment
/// (whitespace outside `"…"` is dropped) rather than an error, so that signing
/// never fails on a body the caller chose to send.
pub fn compact_json(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut scanner = StringScanner::default();
    for &byte in body {
        let inside = scanner.step(byte);
        if inside || !is_json_whitespace(byte) {
            out.push(byte);
        }
    }
    out
}

/// JSON's four insignificant whitespace bytes (RFC 8259, section 2).
fn is_json_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Tracks whether the scan is inside a JSON string.
///
/// Working on bytes is safe for UTF-8: every byte of a multi-byte sequence is
/// at least 0x80, so it can never be mistaken for `"`, `\` or whitespace.
#[derive(Default)]
struct StringScanner {
    in_string: bool,
    escaped: bool,
}

impl StringScanner {
    /// Feeds one byte; returns whether that byte belongs to a string
    /// (including its quotes), i.e. must be kept as is.
    fn step(&mut self, byte: u8) -> bool {
        if !self.in_string {
            self.in_string = byte == b'"';
            return self.in_string;
        }
        if self.escaped {
            self.escaped = false;
        } else if byte == b'\\' {
            self.escaped = true;
        } else if byte == b'"' {
            self.in_string = false;
        }
        true
    }
}

/// Builds the canonical query string from name/value pairs.
///
/// Each name and value is [`percent_encode`]d, the pairs are sorted by encoded
/// name and then by encoded value (so repeated names have one order too), and
/// joined as `name=value` with `&`. A pair with an empty value is `name=`.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (percent_encode(k), percent_encode(v)))
        .collect();
    encoded.sort();
    join_pairs(&encoded)
}

/// Joins pairs as `k=v&k=v` (shared with the Sangfor signer's decoded form).
pub(crate) fn join_pairs(pairs: &[(String, String)]) -> String {
    let items: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    items.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    // The three characters the V2 and V3 documents single out, plus the
    // unreserved set and "/" (RPC encodes it as %2F in the string to sign).
    #[test]
    fn percent_encode_follows_the_documented_table() {
        assert_eq!(percent_encode(" "), "%20");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("~"), "~");
        assert_eq!(percent_encode("/"), "%2F");
        assert_eq!(percent_encode("+"), "%2B");
        assert_eq!(percent_encode("\""), "%22");
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
    }

    #[test]
    fn percent_encode_writes_utf8_bytes_in_uppercase_hex() {
        assert_eq!(percent_encode("中文"), "%E4%B8%AD%E6%96%87");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode(":"), "%3A");
    }

    #[test]
    fn compact_json_drops_whitespace_between_tokens_only() {
        let body = b"{ \"a b\" : [1, 2,\n\t3 ],\r\n \"c\": \"x  y\" }";
        assert_eq!(compact_json(body), b"{\"a b\":[1,2,3],\"c\":\"x  y\"}".to_vec());
    }

    #[test]
    fn compact_json_respects_escaped_quotes_and_backslashes() {
        // After \" the string is still open; after \\ the next " closes it.
        let body = br#"{"q": "say \" hi ", "p": "c:\\ " , "z" : 1}"#;
        assert_eq!(compact_json(body), br#"{"q":"say \" hi ","p":"c:\\ ","z":1}"#.to_vec());
    }

    #[test]
    fn compact_json_keeps_key_order_and_number_spelling() {
        let body = b"{\"b\": 1.50, \"a\": 1e3}";
        assert_eq!(compact_json(body), b"{\"b\":1.50,\"a\":1e3}".to_vec());
    }

    #[test]
    fn compact_json_keeps_utf8_inside_strings() {
        let body = "{ \"名\" : \"张 三\" }".as_bytes();
        assert_eq!(compact_json(body), "{\"名\":\"张 三\"}".as_bytes().to_vec());
    }

    #[test]
    fn compact_json_tolerates_non_json() {
        assert_eq!(compact_json(b"a b\n\"c d"), b"ab\"c d".to_vec());
        assert_eq!(compact_json(b""), Vec::<u8>::new());
        assert_eq!(compact_json(&[0xff, b' ', 0xfe]), vec![0xff, 0xfe]);
    }

    #[test]
    fn canonical_query_sorts_by_encoded_key_then_value() {
        let params = pairs(&[("b", "2"), ("a", "z"), ("a", "y"), ("A", "1")]);
        // Uppercase sorts before lowercase: byte order, not locale order.
        assert_eq!(canonical_query(&params), "A=1&a=y&a=z&b=2");
    }

    #[test]
    fn canonical_query_encodes_keys_and_values_and_keeps_empty_values() {
        let params = pairs(&[("k y", "v*1"), ("empty", ""), ("名", "值")]);
        // "%" (0x25) sorts before letters, so the encoded Chinese key comes first.
        assert_eq!(canonical_query(&params), "%E5%90%8D=%E5%80%BC&empty=&k%20y=v%2A1");
    }

    #[test]
    fn canonical_query_of_nothing_is_empty() {
        assert_eq!(canonical_query(&[]), "");
    }
}

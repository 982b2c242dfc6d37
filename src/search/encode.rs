//! Compact, JS-friendly encodings for posting lists.
//!
//! Postings are written as a string of "base-64 varints": every character
//! carries 5 data bits plus a continuation bit, so values below 32 take one
//! character, below 1,024 two, below 32,768 three. Record ids are delta-coded
//! (lists are sorted by id), so dense lists of common terms cost ~3 characters
//! per posting (delta, score, first position) instead of ~12 as a JSON array
//! of numbers, and decoding in JavaScript is a tight loop over `charCodeAt`.
//! The alphabet needs no escaping inside a JSON/JS string literal.

/// 64 characters: index 0–31 end a number, 32–63 mean "more follows".
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `v` as a little-endian base-64 varint.
pub fn push_varint(out: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[low + 32] as char);
    }
}

/// Decodes a whole varint string (used by tests; JS has its own decoder).
pub fn decode_varints(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut v, mut shift) = (0u32, 0u32);
    for b in s.bytes() {
        let d = ALPHABET.iter().position(|&a| a == b).expect("alphabet") as u32;
        v |= (d & 31) << shift;
        if d < 32 {
            out.push(v);
            v = 0;
            shift = 0;
        } else {
            shift += 5;
        }
    }
    out
}

/// One posting as stored: record id, quantised score, first position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub id: u32,
    pub score: u8,
    pub pos: u32,
}

/// A term's postings in the form the index files need them, about a third
/// the size of its [`Posting`]s: the index holds every term's at once (the
/// card plan and the term shards read them in term order), and at 10,000
/// pages five million postings of 12 bytes were most of a build's peak
/// memory.
#[derive(Debug)]
pub struct TermList {
    /// Documents holding the term.
    pub len: u32,
    /// Its best current records, for cards (`cards::card_ids`).
    pub cards: Vec<u32>,
    /// The head and tail (`shards::split_head`), encoded; the tail is empty
    /// when the head holds every posting.
    pub head: String,
    pub tail: String,
}

/// Encodes postings sorted by id as triples (id delta, score, position).
pub fn encode_postings(list: &[Posting]) -> String {
    let mut out = String::with_capacity(list.len() * 4);
    let mut prev = 0u32;
    for (i, p) in list.iter().enumerate() {
        let delta = if i == 0 { p.id } else { p.id - prev };
        prev = p.id;
        push_varint(&mut out, delta);
        push_varint(&mut out, u32::from(p.score));
        push_varint(&mut out, p.pos);
    }
    out
}

/// Inverse of [`encode_postings`].
pub fn decode_postings(s: &str) -> Vec<Posting> {
    let v = decode_varints(s);
    let mut out = Vec::with_capacity(v.len() / 3);
    let mut id = 0u32;
    for (i, t) in v.chunks(3).enumerate() {
        id = if i == 0 { t[0] } else { id + t[0] };
        out.push(Posting {
            id,
            score: t[1] as u8,
            pos: t[2],
        });
    }
    out
}

/// A JSON string literal, also safe inside a classic script (`</script>`,
/// U+2028/9 are escaped so the file parses as JavaScript everywhere).
pub fn js_str(s: &str) -> String {
    let json = serde_json::to_string(s).expect("string serialises");
    if !json.contains("</") && !json.contains(['\u{2028}', '\u{2029}']) {
        return json;
    }
    json.replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Serialises any JSON value for embedding in a classic script.
pub fn js_value(v: &serde_json::Value) -> String {
    let json = serde_json::to_string(v).expect("value serialises");
    json.replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

//! The bytes of a JSON string that are not plain text: a quote, a
//! backslash or a control character. The record parser stops at them to
//! decode an escape; the writer stops at them to write one. Most strings
//! have none, so both look eight bytes at a time.

/// The length of the prefix of `bytes` with no quote, backslash or
/// control character.
pub(crate) fn plain_prefix(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(word) = bytes[at..].first_chunk::<8>() {
        let special = special_bytes(u64::from_le_bytes(*word));
        if special != 0 {
            return at + (special.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| is_special(b))
        .unwrap_or(bytes.len() - at)
}

/// True for a quote, a backslash or a control character.
pub(crate) fn is_special(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// A word with the high bit set in each byte that is a quote, a backslash
/// or a control character. Only the lowest flagged byte is exact (a borrow
/// can flag bytes above it), which is the one `plain_prefix` wants.
fn special_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    control | zero_byte(word ^ (ONES * b'"' as u64)) | zero_byte(word ^ (ONES * b'\\' as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_ends_at_the_first_special_byte() {
        let text = "abcdefghij\"klmnopqrstuvwxyz\\0123456789\u{1}é€😀 abcdefgh\u{7f}";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            let expected = (from..bytes.len())
                .find(|&i| is_special(bytes[i]))
                .map_or(bytes.len() - from, |i| i - from);
            assert_eq!(plain_prefix(&bytes[from..]), expected, "from {from}");
        }
    }

    #[test]
    fn every_byte_value_is_classified_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut word = [b'a'; 9];
                word[lane] = b;
                let expected = if is_special(b) { lane } else { 9 };
                assert_eq!(plain_prefix(&word), expected, "byte {b:#x} in lane {lane}");
            }
        }
    }
}

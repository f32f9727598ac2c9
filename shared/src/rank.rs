//! Fractional ranks: the team's order of deals within a stage, as strings that sort byte by
//! byte. A key is a base-36 fraction (`0`–`9`, `a`–`z`) read after an implied "0.", never ending
//! in `0`, so there is always room between two keys and before the first.

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn value(c: u8) -> Option<u32> {
    DIGITS.iter().position(|&d| d == c).map(|p| p as u32)
}

fn digit(v: u32) -> char {
    DIGITS[v as usize] as char
}

/// Whether `s` is a well-formed rank: non-empty, only base-36 digits, not ending in `0`.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| value(b).is_some()) && !s.ends_with('0')
}

/// A key strictly between `lo` and `hi` (`None` = the start or the end of the stage).
/// Returns `None` when the bounds are not well-formed or not in order.
pub fn between(lo: Option<&str>, hi: Option<&str>) -> Option<String> {
    let lo = lo.unwrap_or("");
    if !lo.is_empty() && !is_valid(lo) {
        return None;
    }
    if let Some(h) = hi
        && (!is_valid(h) || lo >= h)
    {
        return None;
    }
    match hi {
        // The ends step rather than halve, so a stage that keeps growing at one end keeps
        // short keys (halving the gap to the end adds a digit every five or so placements).
        None if !lo.is_empty() => Some(step(lo, 1)),
        Some(h) if lo.is_empty() => Some(step(h, -1)),
        _ => Some(midpoint(lo.as_bytes(), hi.map(str::as_bytes))),
    }
}

/// Digits a key is stepped at: its first four, else its first eight, and so on, so stepping
/// keeps keys at four digits for 36⁴ placements at one end, eight for the next 36⁸.
const STEP_WIDTH: usize = 4;

/// The key one step (+1 or −1 in the last of the first `w` digits) past `key`: greater than
/// `key` for +1, smaller for −1, trailing zeros trimmed. `key` is a valid rank.
fn step(key: &str, delta: i32) -> String {
    let mut width = STEP_WIDTH;
    loop {
        let mut digits: Vec<u32> = key
            .bytes()
            .take(width)
            .filter_map(value)
            .chain(std::iter::repeat(0))
            .take(width)
            .collect();
        // Add `delta` at the last position, carrying or borrowing leftwards.
        let mut i = width;
        let mut carry = delta;
        while carry != 0 && i > 0 {
            i -= 1;
            let v = digits[i] as i32 + carry;
            carry = v.div_euclid(36);
            digits[i] = v.rem_euclid(36) as u32;
        }
        let out: String = digits.iter().map(|&d| digit(d)).collect();
        let out = out.trim_end_matches('0');
        // No carry out of the first digit, and not all zeros: a key in range.
        if carry == 0 && !out.is_empty() {
            return out.to_owned();
        }
        width += STEP_WIDTH;
    }
}

/// Midpoint of `lo` (possibly empty) and `hi` (`None` = 1), assuming `lo < hi`.
fn midpoint(lo: &[u8], hi: Option<&[u8]>) -> String {
    if let Some(hi) = hi {
        // Shared prefix: keep it and recurse on the rest.
        let mut n = 0;
        while n < hi.len() && lo.get(n).copied().unwrap_or(b'0') == hi[n] {
            n += 1;
        }
        if n > 0 {
            let prefix: String = hi[..n].iter().map(|&b| b as char).collect();
            let rest_lo = if n < lo.len() { &lo[n..] } else { &[] };
            return prefix + &midpoint(rest_lo, Some(&hi[n..]));
        }
    }
    let d_lo = lo.first().and_then(|&b| value(b)).unwrap_or(0);
    let d_hi = hi
        .and_then(|h| h.first())
        .and_then(|&b| value(b))
        .unwrap_or(36);
    if d_hi - d_lo > 1 {
        return digit((d_lo + d_hi).div_ceil(2)).to_string();
    }
    // Adjacent first digits.
    match hi {
        Some(h) if h.len() > 1 => digit(d_hi).to_string(),
        _ => {
            let rest = if lo.len() > 1 { &lo[1..] } else { &[] };
            format!("{}{}", digit(d_lo), midpoint(rest, None))
        }
    }
}

/// `n` evenly spaced keys, in order, for seeding or rebalancing a stage.
pub fn spread(n: usize) -> Vec<String> {
    let mut width = 1u32;
    while 36u128.pow(width) <= (n as u128 + 1) * 4 {
        width += 1;
    }
    let space = 36u128.pow(width);
    (1..=n as u128)
        .map(|i| {
            let mut v = i * space / (n as u128 + 1);
            let mut chars = vec![b'0'; width as usize];
            for slot in chars.iter_mut().rev() {
                *slot = DIGITS[(v % 36) as usize];
                v /= 36;
            }
            let s: String = chars.iter().map(|&b| b as char).collect();
            s.trim_end_matches('0').to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lo: Option<&str>, hi: Option<&str>) -> String {
        let m = between(lo, hi).unwrap_or_default();
        assert!(is_valid(&m), "{m:?} from {lo:?}..{hi:?}");
        if let Some(l) = lo {
            assert!(l < m.as_str(), "{l} < {m}");
        }
        if let Some(h) = hi {
            assert!(m.as_str() < h, "{m} < {h}");
        }
        m
    }

    #[test]
    fn simple_midpoints() {
        assert_eq!(check(None, None), "i");
        check(Some("a"), Some("b"));
        check(Some("a"), Some("a1"));
        check(Some("az"), Some("b"));
        check(None, Some("1"));
        check(Some("zzz"), None);
        check(Some("0001"), Some("0002"));
    }

    #[test]
    fn a_stage_growing_at_either_end_keeps_short_keys() {
        let mut last = check(None, None);
        for _ in 0..50_000 {
            last = check(Some(&last), None);
        }
        assert!(last.len() <= 4, "appends: {last}");
        let mut first = check(None, None);
        for _ in 0..50_000 {
            first = check(None, Some(&first));
        }
        assert!(first.len() <= 4, "prepends: {first}");
        // Past the four-digit space, keys widen to eight digits, not one digit per step.
        assert_eq!(check(Some("zzzz"), None), "zzzz0001");
        assert_eq!(check(None, Some("0001")), "0000zzzz");
        assert_eq!(check(Some("i00a7xq"), None), "i00b");
        assert_eq!(check(None, Some("i")), "hzzz");
    }

    #[test]
    fn refuses_bad_bounds() {
        assert_eq!(between(Some("b"), Some("a")), None);
        assert_eq!(between(Some("a"), Some("a")), None);
        assert_eq!(between(Some("a0"), None), None);
        assert_eq!(between(Some("A"), None), None);
        assert_eq!(between(None, Some("")), None);
    }

    #[test]
    fn repeated_inserts_into_one_gap_stay_ordered() {
        // Always insert just after the low bound: the worst case for key growth.
        let lo = "a".to_owned();
        let mut hi = "b".to_owned();
        for _ in 0..500 {
            let m = check(Some(&lo), Some(&hi));
            hi = m;
        }
        assert!(
            hi.len() < 520,
            "keys grow about one digit per insert at worst: {}",
            hi.len()
        );
        // And always just before the high bound.
        let mut lo = "a".to_owned();
        for _ in 0..500 {
            lo = check(Some(&lo), Some("b"));
        }
    }

    #[test]
    fn random_inserts_keep_a_total_order() {
        let mut keys: Vec<String> = spread(5);
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed % (keys.len() as u64 + 1)) as usize;
            let lo = if i == 0 {
                None
            } else {
                Some(keys[i - 1].as_str())
            };
            let hi = keys.get(i).map(String::as_str);
            let m = check(lo, hi);
            keys.insert(i, m);
        }
        for w in keys.windows(2) {
            assert!(w[0] < w[1], "{} < {}", w[0], w[1]);
        }
    }

    #[test]
    fn spread_is_ordered_and_valid() {
        for n in [0, 1, 2, 35, 36, 300, 10_000] {
            let keys = spread(n);
            assert_eq!(keys.len(), n);
            assert!(keys.iter().all(|k| is_valid(k)), "n={n}");
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "n={n}");
        }
    }
}

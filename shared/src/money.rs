//! Money is an integer amount in the currency's smallest unit, with its ISO 4217 code.

use serde::{Deserialize, Serialize};

/// An amount of money: integer minor units (yen have none) and a currency code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Whole minor units (for JPY: yen).
    pub amount: i64,
    /// ISO 4217 code, e.g. `JPY`.
    pub currency: String,
}

impl Money {
    /// Yen, the default currency.
    pub fn jpy(amount: i64) -> Self {
        Self {
            amount,
            currency: "JPY".to_owned(),
        }
    }

    /// Digits of the minor unit for the currencies Baton knows; two otherwise.
    pub fn minor_digits(&self) -> u32 {
        match self.currency.as_str() {
            "JPY" | "KRW" | "VND" => 0,
            _ => 2,
        }
    }

    /// The amount with thousands separators and the currency symbol, e.g. `¥1,200,000`.
    pub fn display(&self) -> String {
        let digits = self.minor_digits();
        let neg = self.amount < 0;
        let abs = self.amount.unsigned_abs();
        let scale = 10u64.pow(digits);
        let whole = group_thousands(abs / scale);
        let symbol = match self.currency.as_str() {
            "JPY" => "¥",
            "USD" => "$",
            "EUR" => "€",
            _ => "",
        };
        let mut out = String::new();
        if neg {
            out.push('-');
        }
        out.push_str(symbol);
        out.push_str(&whole);
        if digits > 0 {
            out.push_str(&format!(
                ".{:0width$}",
                abs % scale,
                width = digits as usize
            ));
        }
        if symbol.is_empty() {
            out.push(' ');
            out.push_str(&self.currency);
        }
        out
    }
}

fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_has_no_decimals_and_groups_thousands() {
        assert_eq!(Money::jpy(1_200_000).display(), "¥1,200,000");
        assert_eq!(Money::jpy(0).display(), "¥0");
        assert_eq!(Money::jpy(-999).display(), "-¥999");
        assert_eq!(Money::jpy(1000).display(), "¥1,000");
    }

    #[test]
    fn other_currencies_show_minor_units() {
        let m = Money {
            amount: 123_456,
            currency: "USD".into(),
        };
        assert_eq!(m.display(), "$1,234.56");
        let m = Money {
            amount: 5,
            currency: "CHF".into(),
        };
        assert_eq!(m.display(), "0.05 CHF");
    }
}

//! A statistic as `-s` and `-f` name it: a column, in comparison mode one of its four
//! variants (`_a`, `_b`, `_diff`, `_pct`; `_b` when none is given), optionally in
//! absolute value (`|insns_diff|`), veristat's grammar.

use super::column::Column;

/// Which value of a compared statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The first CSV's value (`_a`).
    A,
    /// The second CSV's value (`_b`, the default).
    B,
    /// `B - A` (`_diff`).
    Diff,
    /// `(B - A) * 100 / A` (`_pct`).
    Pct,
}

/// A statistic reference: `[|]NAME[_a|_b|_diff|_pct][|]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatRef {
    /// The column.
    pub column: Column,
    /// Which value when comparing; ignored otherwise.
    pub variant: Variant,
    /// Compare or sort by the absolute value.
    pub abs: bool,
}

impl StatRef {
    /// Parses a statistic name with its optional variant and `|…|`.
    pub fn parse(text: &str) -> Option<StatRef> {
        let text = text.trim();
        let (inner, abs) = match text.strip_prefix('|').and_then(|t| t.strip_suffix('|')) {
            Some(inner) if !inner.is_empty() => (inner, true),
            _ => (text, false),
        };
        if let Some(column) = Column::parse(inner) {
            return Some(StatRef {
                column,
                variant: Variant::B,
                abs,
            });
        }
        let variants = [
            ("_a", Variant::A),
            ("_b", Variant::B),
            ("_diff", Variant::Diff),
            ("_pct", Variant::Pct),
        ];
        variants.iter().find_map(|(suffix, variant)| {
            let column = Column::parse(inner.strip_suffix(suffix)?)?;
            Some(StatRef {
                column,
                variant: *variant,
                abs,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_absolute_values() {
        let r = StatRef::parse("insns").expect("plain");
        assert_eq!(
            (r.column, r.variant, r.abs),
            (Column::TotalInsns, Variant::B, false)
        );
        let r = StatRef::parse("|total_insns_diff|").expect("abs diff");
        assert_eq!(
            (r.column, r.variant, r.abs),
            (Column::TotalInsns, Variant::Diff, true)
        );
        let r = StatRef::parse("verdict_a").expect("a");
        assert_eq!((r.column, r.variant), (Column::Verdict, Variant::A));
        assert_eq!(
            StatRef::parse("states_pct").map(|r| r.variant),
            Some(Variant::Pct)
        );
        assert!(StatRef::parse("bogus_diff").is_none());
        assert!(StatRef::parse("||").is_none());
    }
}

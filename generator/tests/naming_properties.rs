//! The naming rules on arbitrary Unicode: every name a vendor can write
//! becomes an identifier rustc accepts, and item names keep every
//! distinction, case included.

use std::collections::HashSet;

use apigen::naming::{case_preserving_snake, field_name, ident, type_ident, variant_ident};
use proptest::prelude::*;

/// Parses as one identifier (a raw one where the name is a keyword).
fn is_identifier(text: &str) -> bool {
    syn::parse_str::<syn::Ident>(text).is_ok()
}

fn is_snake_case(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !text.trim_matches('_').contains("__")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_name_becomes_an_identifier(name in any::<String>()) {
        for made in [ident(&name), type_ident(&name), variant_ident(&name)] {
            let text = made.to_string();
            prop_assert!(is_identifier(&text), "{name:?} -> {text:?}");
            prop_assert!(text.is_ascii(), "{name:?} -> {text:?}");
        }
        let field = field_name(&name);
        prop_assert!(is_snake_case(&field), "{name:?} -> {field:?}");
        prop_assert_eq!(field_name(&name), field, "deterministic");
    }

    #[test]
    fn item_names_never_collide(keys in proptest::collection::hash_set(any::<String>(), 1..12)) {
        let names: HashSet<String> = keys.iter().map(|k| case_preserving_snake(k)).collect();
        prop_assert_eq!(names.len(), keys.len(), "{:?}", keys);
        for name in &names {
            prop_assert!(is_snake_case(name), "{name:?}");
            let helper = format!("__wrap_opt_k{name}");
            prop_assert!(is_identifier(&helper), "{helper:?}");
        }
    }

    #[test]
    fn case_only_twins_stay_apart(word in "[a-zA-Z][a-zA-Z0-9_]{0,12}") {
        let upper = word.to_uppercase();
        let lower = word.to_lowercase();
        if upper != lower {
            prop_assert_ne!(case_preserving_snake(&upper), case_preserving_snake(&lower));
        }
    }
}

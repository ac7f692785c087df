//! The parser on arbitrary and damaged input: it never panics, and what it cannot place it
//! reports instead of dropping.

use proptest::prelude::*;
use samverkan_import::{import, read_source, ImportOptions, Layout};

fn options() -> ImportOptions {
    ImportOptions {
        body_name: None,
        date: None,
        imported_at: "2026-11-24T12:00:00Z".parse().unwrap(),
        corrections: Default::default(),
    }
}

fn texts_in(folder: &str) -> Vec<String> {
    let dir = crate::shared(folder);
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// The five seeds and the corpus of other bodies' protocols (read, never copied).
fn seed_texts() -> Vec<String> {
    let mut texts = texts_in("seeds");
    texts.extend(texts_in("corpus/protocols"));
    texts
}

#[test]
fn an_unknown_layout_keeps_its_text_as_one_item_and_says_so_but_does_not_count_it_as_placed() {
    let text = "Anteckningar från träffen 2024-03-05\n\nVi talade om vårdplatser och om hemsjukvård.\n\nNästa gång tar vi upp budgeten.\n";
    let source = read_source("anteckningar.txt", text.as_bytes()).unwrap();
    let imported = import(&source, &options()).unwrap();
    assert_eq!(imported.report.layout, Layout::Unknown);
    assert_eq!(imported.protocol.items.len(), 1);
    assert!(imported.report.warnings.iter().any(|w| w.contains("Okänd layout")));
    // Kept, but not placed in any typed field: the fidelity says so.
    assert!(imported.protocol.items[0]
        .notes
        .iter()
        .any(|n| n.contains("vårdplatser")));
    assert!(imported.report.fidelity < 0.2, "{:?}", imported.report);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "[ -~åäöÅÄÖ§–\t\n]{0,3000}") {
        if let Ok(source) = read_source("x.txt", text.as_bytes()) {
            let _ = import(&source, &options());
        }
    }

    /// The seeds with lines dropped, repeated and cut: damaged real input.
    #[test]
    fn damaged_seeds_never_panic(seed in 0usize..31, cuts in prop::collection::vec((0usize..2000, 0usize..4), 1..40)) {
        let texts = seed_texts();
        let mut lines: Vec<String> = texts[seed].lines().map(str::to_string).collect();
        for (at, how) in cuts {
            if lines.is_empty() {
                break;
            }
            let at = at % lines.len();
            match how {
                0 => { lines.remove(at); }
                1 => { let line = lines[at].clone(); lines.insert(at, line); }
                2 => { let keep = lines[at].chars().count() / 2; lines[at] = lines[at].chars().take(keep).collect(); }
                _ => { let other = (at * 7 + 3) % lines.len(); lines.swap(at, other); }
            }
        }
        let text = lines.join("\n");
        if let Ok(source) = read_source("damaged.txt", text.as_bytes()) {
            if let Ok(imported) = import(&source, &options()) {
                prop_assert!(imported.report.fidelity <= 1.0);
            }
        }
    }
}

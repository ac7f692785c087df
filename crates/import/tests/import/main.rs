//! The importer's integration tests: source formats, the five real protocols, and robustness.

mod corrections;
mod fuzz;
mod input;
mod parser;
mod proceedings;
mod seeds;

use std::path::PathBuf;

use samverkan_domain::Item;
use samverkan_import::{import, read_source, ImportOptions, Imported};

/// A folder of `../shared` (seeds, corpus), read in place and never copied.
fn shared(folder: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(folder)
}

/// The protocol in `folder` whose file name begins with `prefix`, imported as the CLI would.
fn imported(folder: &str, prefix: &str) -> Imported {
    let dir = shared(folder);
    let path = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{folder} is in {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("{folder}/{prefix}… missing"));
    let source = read_source(
        &path.file_name().unwrap().to_string_lossy(),
        &std::fs::read(&path).unwrap(),
    )
    .unwrap();
    import(
        &source,
        &ImportOptions {
            body_name: None,
            date: None,
            imported_at: "2026-11-24T12:00:00Z".parse().unwrap(),
            corrections: Default::default(),
        },
    )
    .unwrap()
}

/// The item numbered `number`.
fn item<'a>(imported: &'a Imported, number: &str) -> &'a Item {
    imported
        .protocol
        .items
        .iter()
        .find(|i| i.number.as_str() == number)
        .unwrap_or_else(|| panic!("item {number} missing"))
}

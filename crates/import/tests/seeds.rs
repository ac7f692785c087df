//! The five real protocols in `../shared/seeds/` imported: concrete facts from each, fidelity,
//! and a reviewed snapshot of each structured result. The seeds are read, never copied.

use std::path::PathBuf;

use samverkan_import::{import, read_source, ImportOptions, Imported};

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn seed(prefix: &str) -> Imported {
    let dir = seeds_dir();
    let path = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seeds are in {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("seed {prefix} missing"));
    let bytes = std::fs::read(&path).unwrap();
    let source = read_source(&path.file_name().unwrap().to_string_lossy(), &bytes).unwrap();
    import(
        &source,
        &ImportOptions {
            body_name: None,
            imported_at: "2026-11-24T12:00:00Z".parse().unwrap(),
        },
    )
    .unwrap()
}

#[test]
fn dump() {
    for p in ["000", "001", "002", "003", "004"] {
        let imported = seed(p);
        if std::env::var("DUMP").as_deref() == Ok(p) {
            println!("{}", imported.report.to_text());
            println!("{}", imported.protocol.canonical_text());
            println!("{}", serde_json::to_string_pretty(&imported.grants).unwrap());
        }
        println!("{p}: {:.4}", imported.report.fidelity);
    }
}

//! A long run of generated input through `read_source` and the whole import, which must never
//! panic. Ignored in the normal suite (it takes minutes); run it with
//! `SAMVERKAN_FUZZ_INPUTS=1000000 cargo test --release -p samverkan-import --test import fuzz -- --ignored --nocapture`
//! and record the count in docs/import.md.
//!
//! Inputs are made by a seeded generator, so a failure names a seed that repeats it: raw bytes
//! under every accepted file ending, and texts built from the lines of the real protocols (read,
//! never copied) shuffled, cut and mixed with the tokens protocol grammar turns on.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use samverkan_import::{import, read_source, ImportOptions};

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "§",
    "§§",
    "§ 12",
    "KS § 3",
    "Sn 49",
    "1.",
    "2.1",
    "(S)",
    "(M)",
    "(fort.)",
    "ersätter",
    "tjg ers för",
    "Beslutande:",
    "Ledamöter",
    "Tjänstgörande ersättare:",
    "Övriga deltagare:",
    "Utses att justera:",
    "Justeringens plats och tid",
    "Plats och tid:",
    "Sammanträdesdatum",
    "Paragrafer",
    "ANSLAG/BEVIS",
    "Beslut",
    "Beslutsunderlag",
    "Yrkanden",
    "Propositionsordning",
    "Omröstning",
    "Ja: 7, Nej: 4",
    "med 5 röster mot 3",
    "reserverar sig",
    "lämnar följande protokollsanteckning:",
    "anmäler jäv",
    "röstar ja",
    "beslutar att",
    "att",
    "den 5 september",
    "2024-02-30",
    "13.00–15.30",
    "X",
    "-",
    "Sida 3 av 9",
    "Justerandes sign",
    "Utdragsbestyrkande",
    "\t",
    "  ",
    "•",
    "–",
    "\u{a0}",
    "ﬁ",
    "",
];

fn corpus_lines() -> Vec<String> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut lines = Vec::new();
    for folder in ["seeds", "corpus/protocols"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                lines.extend(text.lines().map(str::to_string));
            }
        }
    }
    lines
}

fn input(rng: &mut Rng, lines: &[String]) -> (String, Vec<u8>) {
    const NAMES: [&str; 5] = ["p.txt", "p.html", "p.docx", "p.md", "protokoll 2019-03-05.txt"];
    match rng.below(10) {
        // Raw bytes: the readers of every format must refuse them cleanly.
        0 => {
            let len = rng.below(600);
            let bytes = (0..len).map(|_| rng.next() as u8).collect();
            (NAMES[rng.below(NAMES.len())].to_string(), bytes)
        }
        // A zip header in front of noise, for the DOCX reader.
        1 => {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend((0..rng.below(400)).map(|_| rng.next() as u8));
            ("p.docx".to_string(), bytes)
        }
        // Lines of real protocols, shuffled and cut, mixed with grammar tokens.
        _ => {
            let mut text = String::new();
            for _ in 0..rng.below(60) {
                if rng.below(3) == 0 {
                    for _ in 0..=rng.below(4) {
                        text.push_str(TOKENS[rng.below(TOKENS.len())]);
                        text.push(' ');
                    }
                } else if !lines.is_empty() {
                    let line = &lines[rng.below(lines.len())];
                    let cut = line
                        .char_indices()
                        .nth(rng.below(line.chars().count() + 1))
                        .map_or(line.len(), |(i, _)| i);
                    text.push_str(if rng.below(4) == 0 { &line[..cut] } else { line });
                }
                text.push('\n');
            }
            let name = if rng.below(5) == 0 { "p.html" } else { "p.txt" };
            let text = if name == "p.html" {
                format!("<html><body><p>{}</p></body></html>", text.replace('\n', "</p><p>"))
            } else {
                text
            };
            (name.to_string(), text.into_bytes())
        }
    }
}

#[test]
#[ignore = "a long run; see the module documentation"]
fn generated_input_never_panics() {
    let total: usize = std::env::var("SAMVERKAN_FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let lines = corpus_lines();
    let options = ImportOptions {
        body_name: None,
        date: None,
        imported_at: "2026-12-02T08:00:00Z".parse().unwrap(),
        corrections: Default::default(),
    };
    let done = AtomicUsize::new(0);
    let (imported, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let failures: Mutex<Vec<u64>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (lines, options, done, imported, refused, failures) =
                (&lines, &options, &done, &imported, &refused, &failures);
            scope.spawn(move || {
                let mut k = t;
                while k < total {
                    let seed = 0x5eed_0000_0000 + k as u64;
                    let mut rng = Rng(seed);
                    let (name, bytes) = input(&mut rng, lines);
                    let outcome = catch_unwind(AssertUnwindSafe(|| match read_source(&name, &bytes) {
                        Ok(source) => import(&source, options).is_ok(),
                        Err(_) => false,
                    }));
                    match outcome {
                        Ok(true) => imported.fetch_add(1, Ordering::Relaxed),
                        Ok(false) => refused.fetch_add(1, Ordering::Relaxed),
                        Err(_) => {
                            failures.lock().unwrap().push(seed);
                            0
                        }
                    };
                    done.fetch_add(1, Ordering::Relaxed);
                    k += threads;
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!(
        "fuzz: {} inputs in {:.0} s ({} imported, {} refused), {} panics",
        done.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64(),
        imported.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
        failures.len()
    );
    assert!(failures.is_empty(), "panicked on seeds {failures:x?}");
}

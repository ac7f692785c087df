//! The importer's integration tests: source formats, the five real protocols, and robustness.

mod corrections;
mod fuzz;
mod input;
mod parser;
mod proceedings;
mod seeds;

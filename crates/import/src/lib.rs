//! Imports old protocols into Samverkan's domain model, with nothing lost and nothing invented.
//!
//! The pipeline: [`input`] turns a file (plain text, PDF, DOCX, HTML) into text lines;
//! [`furniture`] marks page furniture (logos, "Justerandes sign", running headers, page numbers)
//! as layout; [`layout`] detects which of the known layouts the text follows; the parsers turn
//! the lines into a [`samverkan_domain::Protocol`] plus grants and cost splits; [`report`] says
//! what was recognised, what was not, and how much of the source ended up in some field.

mod error;
pub mod input;

pub use error::{ImportError, MAX_SOURCE_BYTES};

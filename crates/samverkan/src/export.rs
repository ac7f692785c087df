//! `samverkan export`: a meeting's protocol as PDF, canonical text or JSON.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use samverkan_domain::MeetingId;
use samverkan_render::Audience;
use samverkan_storage::{Store, StoreError};

use crate::cli::ExportFormat;
use crate::database::cause;

pub struct Options {
    pub format: ExportFormat,
    pub notice: bool,
    pub members: bool,
    pub public_url: String,
}

/// The exported document's bytes.
pub async fn export(store: &dyn Store, meeting: MeetingId, options: &Options) -> Result<Vec<u8>> {
    let protocol = match store.protocol(meeting).await {
        Ok(protocol) => protocol,
        Err(StoreError::NotFound { .. }) => bail!("there is no meeting with id {meeting}"),
        Err(error) => return Err(cause(error)),
    };
    if options.notice && options.format != ExportFormat::Pdf {
        bail!("--notice is a PDF; use --format pdf");
    }
    let verify_url = format!(
        "{}/moten/{}/verifiera",
        options.public_url.trim_end_matches('/'),
        meeting
    );
    let audience = if options.members {
        Audience::Members
    } else {
        Audience::Public
    };
    let logo = logo(store, &protocol.body).await?;
    Ok(match options.format {
        ExportFormat::Pdf if options.notice => samverkan_render::notice_pdf(&protocol, logo.as_ref())?,
        ExportFormat::Pdf => samverkan_render::protocol_pdf(&protocol, audience, Some(&verify_url), logo.as_ref())?,
        ExportFormat::Txt => protocol.canonical_text().into_bytes(),
        ExportFormat::Json => {
            let mut protocol = protocol;
            if !options.members {
                protocol.items = protocol.items.iter().map(|i| i.public_view()).collect();
            }
            let unknown_date = protocol
                .meeting
                .source
                .as_ref()
                .is_some_and(|s| s.date_basis == samverkan_domain::DateBasis::Unknown);
            let mut value = serde_json::to_value(&protocol)?;
            // An import awaiting review stores the day it was imported; its meeting date is unknown.
            if unknown_date {
                value["meeting"]["date"] = serde_json::Value::Null;
            }
            serde_json::to_vec_pretty(&value)?
        }
    })
}

/// Writes to the file, or to standard output.
pub fn write(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("could not write {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// The body's own logo for the letterhead of its documents, if it has one.
pub async fn logo(store: &dyn Store, body: &samverkan_domain::Body) -> Result<Option<samverkan_render::Logo>> {
    Ok(match &body.logo_sha256 {
        Some(sha256) => samverkan_render::Logo::from_bytes(store.file(sha256).await.map_err(cause)?.1),
        None => None,
    })
}

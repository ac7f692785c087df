//! `samverkan archive export`: a body's adjusted protocols of one year as an E-ARK information
//! package (the Common Specification for Information Packages, CSIP, with the SIP profile), the
//! structure FGS Paketstruktur builds on: a root `METS.xml` whose file section lists every file
//! with its size and SHA-256, PREMIS preservation metadata with the same fixity, and one
//! representation holding, per protocol, the PDF/A, the canonical text its hash is computed
//! over, the JSON and the attachments.

use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::{NaiveDate, Utc};
use samverkan_domain::BodyId;
use samverkan_render::Audience;
use samverkan_storage::Store;
use sha2::{Digest, Sha256};

use crate::database::cause;

/// What was written.
pub struct Written {
    pub protocols: usize,
    pub files: usize,
}

/// One file of the package, with what the METS and PREMIS say of it.
struct Entry {
    /// The path inside the package, with `/`.
    path: String,
    mime: String,
    size: usize,
    sha256: String,
}

/// XML text and attribute values escaped.
fn xml(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn write(root: &Path, path: &str, mime: &str, bytes: &[u8], entries: &mut Vec<Entry>) -> Result<()> {
    let full = root.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&full, bytes).with_context(|| format!("could not write {}", full.display()))?;
    entries.push(Entry {
        path: path.to_string(),
        mime: mime.to_string(),
        size: bytes.len(),
        sha256: hex::encode(Sha256::digest(bytes)),
    });
    Ok(())
}

/// A file name that any file system takes: letters, digits, dot, dash and underscore.
fn safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if cleaned.trim_matches('.').is_empty() {
        "fil".to_string()
    } else {
        cleaned
    }
}

pub async fn export(store: &dyn Store, body: BodyId, year: i32, output: &Path, public_url: &str) -> Result<Written> {
    let body = store.body(body).await.map_err(cause)?;
    if output.exists() {
        bail!(
            "{} already exists; the package is written into a new directory",
            output.display()
        );
    }
    let (Some(from), Some(until)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        bail!("{year} is not a year a protocol can carry");
    };
    let meetings = store
        .meetings_between(body.id, from, until, 0, 1000)
        .await
        .map_err(cause)?;
    let package_id = format!("samverkan-{}-{}-{year}", safe(&body.short_name).to_lowercase(), body.id);
    let root = output.join(&package_id);
    std::fs::create_dir_all(&root)?;
    let mut entries = Vec::new();
    let mut protocols = 0;
    for meeting in meetings.iter().filter(|m| m.status.is_locked()) {
        let protocol = store.protocol(meeting.id).await.map_err(cause)?;
        let folder = format!("representations/rep1/data/{}-{}", meeting.date, meeting.id);
        let verify = format!("{}/moten/{}/verifiera", public_url.trim_end_matches('/'), meeting.id);
        // The public record: confidential items by number and digest only, as everywhere public.
        let pdf = samverkan_render::protocol_pdf(&protocol, Audience::Public, Some(&verify), None)?;
        write(
            &root,
            &format!("{folder}/protokoll.pdf"),
            "application/pdf",
            &pdf,
            &mut entries,
        )?;
        write(
            &root,
            &format!("{folder}/protokoll.txt"),
            "text/plain",
            protocol.canonical_text().as_bytes(),
            &mut entries,
        )?;
        let mut public = protocol.clone();
        public.items = public.items.iter().map(|i| i.public_view()).collect();
        write(
            &root,
            &format!("{folder}/protokoll.json"),
            "application/json",
            &serde_json::to_vec_pretty(&public)?,
            &mut entries,
        )?;
        for item in protocol.items.iter().filter(|i| !i.confidential) {
            for (index, attachment) in item.attachments.iter().enumerate() {
                let Some(sha256) = &attachment.file_sha256 else {
                    continue;
                };
                let (mime, content) = store.file(sha256).await.map_err(cause)?;
                let name = safe(attachment.file_name.as_deref().unwrap_or(&attachment.title));
                let path = format!("{folder}/bilagor/{}-{index}-{name}", safe(item.number.as_str()));
                let mime = mime
                    .split(';')
                    .next()
                    .unwrap_or("application/octet-stream")
                    .trim()
                    .to_string();
                write(&root, &path, &mime, &content, &mut entries)?;
            }
        }
        protocols += 1;
    }
    let now = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let premis = premis(&entries, &now);
    write(
        &root,
        "metadata/preservation/premis.xml",
        "text/xml",
        premis.as_bytes(),
        &mut entries,
    )?;
    let mets = mets(&package_id, &body.name, year, &entries, &now);
    std::fs::write(root.join("METS.xml"), mets)?;
    Ok(Written {
        protocols,
        files: entries.len(),
    })
}

/// PREMIS 3: one object per file with its fixity, and the event that made the package.
fn premis(entries: &[Entry], now: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<premis:premis xmlns:premis=\"http://www.loc.gov/premis/v3\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"3.0\">\n",
    );
    for (n, e) in entries.iter().enumerate() {
        out.push_str(&format!(
            "  <premis:object xsi:type=\"premis:file\">\n    <premis:objectIdentifier><premis:objectIdentifierType>local</premis:objectIdentifierType>\
             <premis:objectIdentifierValue>file-{n}</premis:objectIdentifierValue></premis:objectIdentifier>\n    <premis:objectCharacteristics>\
             <premis:compositionLevel>0</premis:compositionLevel><premis:fixity><premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm>\
             <premis:messageDigest>{}</premis:messageDigest></premis:fixity><premis:size>{}</premis:size>\
             <premis:format><premis:formatDesignation><premis:formatName>{}</premis:formatName></premis:formatDesignation></premis:format>\
             </premis:objectCharacteristics>\n    <premis:originalName>{}</premis:originalName>\n  </premis:object>\n",
            e.sha256,
            e.size,
            xml(&e.mime),
            xml(&e.path)
        ));
    }
    out.push_str(&format!(
        "  <premis:event><premis:eventIdentifier><premis:eventIdentifierType>local</premis:eventIdentifierType>\
         <premis:eventIdentifierValue>event-1</premis:eventIdentifierValue></premis:eventIdentifier><premis:eventType>creation</premis:eventType>\
         <premis:eventDateTime>{now}</premis:eventDateTime><premis:eventDetailInformation><premis:eventDetail>Exported by Samverkan {}</premis:eventDetail>\
         </premis:eventDetailInformation></premis:event>\n</premis:premis>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}

/// Files with their place in the package's list.
type Numbered<'a> = Vec<(usize, &'a Entry)>;

/// The root METS (CSIP profile): header with the software as creator, the PREMIS as digital
/// provenance, every file in the file section with size and SHA-256, and the CSIP structure map.
fn mets(package_id: &str, body_name: &str, year: i32, entries: &[Entry], now: &str) -> String {
    let file = |n: usize, e: &Entry| {
        format!(
            "      <mets:file ID=\"file-{n}\" MIMETYPE=\"{}\" SIZE=\"{}\" CREATED=\"{now}\" CHECKSUM=\"{}\" CHECKSUMTYPE=\"SHA-256\">\
             <mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"{}\"/></mets:file>\n",
            xml(&e.mime),
            e.size,
            e.sha256,
            xml(&e.path)
        )
    };
    let (metadata, data): (Numbered, Numbered) = entries
        .iter()
        .enumerate()
        .partition(|(_, e)| e.path.starts_with("metadata/"));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:csip=\"https://DILCIS.eu/XML/METS/CSIPExtensionMETS\" \
         xmlns:sip=\"https://DILCIS.eu/XML/METS/SIPExtensionMETS\" OBJID=\"{id}\" LABEL=\"{label}\" TYPE=\"Other\" \
         csip:OTHERTYPE=\"Sammanträdesprotokoll\" csip:CONTENTINFORMATIONTYPE=\"MIXED\" \
         PROFILE=\"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml\">\n\
         <mets:metsHdr CREATEDATE=\"{now}\" RECORDSTATUS=\"NEW\" csip:OAISPACKAGETYPE=\"SIP\">\n\
         <mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" OTHERTYPE=\"SOFTWARE\"><mets:name>Samverkan</mets:name>\
         <mets:note csip:NOTETYPE=\"SOFTWARE VERSION\">{version}</mets:note></mets:agent>\n</mets:metsHdr>\n",
        id = xml(package_id),
        label = xml(&format!("{body_name}, protokoll {year}")),
        version = env!("CARGO_PKG_VERSION"),
    );
    out.push_str("<mets:amdSec>\n");
    for (n, e) in &metadata {
        out.push_str(&format!(
            "  <mets:digiprovMD ID=\"digiprov-{n}\" STATUS=\"CURRENT\"><mets:mdRef LOCTYPE=\"URL\" MDTYPE=\"PREMIS\" \
             xlink:type=\"simple\" xlink:href=\"{}\" MIMETYPE=\"text/xml\" SIZE=\"{}\" CREATED=\"{now}\" CHECKSUM=\"{}\" \
             CHECKSUMTYPE=\"SHA-256\"/></mets:digiprovMD>\n",
            xml(&e.path),
            e.size,
            e.sha256
        ));
    }
    out.push_str(
        "</mets:amdSec>\n<mets:fileSec ID=\"filesec-1\">\n  <mets:fileGrp ID=\"rep1\" USE=\"Representations/rep1\">\n",
    );
    for (n, e) in &data {
        out.push_str(&file(*n, e));
    }
    out.push_str(
        "  </mets:fileGrp>\n</mets:fileSec>\n<mets:structMap ID=\"structmap-1\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\">\n",
    );
    out.push_str(&format!("  <mets:div ID=\"root\" LABEL=\"{}\">\n", xml(package_id)));
    let admids: Vec<String> = metadata.iter().map(|(n, _)| format!("digiprov-{n}")).collect();
    if !admids.is_empty() {
        out.push_str(&format!(
            "    <mets:div ID=\"metadata\" LABEL=\"Metadata\" ADMID=\"{}\"/>\n",
            admids.join(" ")
        ));
    }
    out.push_str("    <mets:div ID=\"representation-1\" LABEL=\"Representations/rep1\"><mets:fptr FILEID=\"rep1\"/></mets:div>\n");
    out.push_str("  </mets:div>\n</mets:structMap>\n</mets:mets>\n");
    out
}

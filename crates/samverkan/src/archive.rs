//! `samverkan archive export`: a body's adjusted protocols of one year as an E-ARK information
//! package (the Common Specification for Information Packages, CSIP, with the SIP profile), the
//! structure FGS Paketstruktur builds on: a root `METS.xml` whose file section lists every file
//! with its size and SHA-256, PREMIS preservation metadata with the same fixity, a description
//! of the package (documentation), the JSON Schema of the protocols' JSON (schemas), and one
//! representation holding, per protocol, the PDF/A, the canonical text its hash is computed
//! over, the JSON and the attachments. `tests/eark/check_package.py` runs the E-ARK validator
//! on it.

use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::{NaiveDate, Utc};
use samverkan_domain::BodyId;
use samverkan_render::Audience;
use samverkan_sign::Signer;
use samverkan_storage::Store;
use sha2::{Digest, Sha256};

use crate::database::cause;

/// The JSON Schema of `protokoll.json`, carried in every package's `schemas/`.
const PROTOCOL_SCHEMA: &str = include_str!("../schemas/protokoll.schema.json");

/// Where the representation's own METS is, in the package.
const REPRESENTATION_METS: &str = "representations/rep1/METS.xml";

/// What the representation's content is, for the METS file groups (CSIP has no term for it).
const CONTENT_TYPE: &str = "Samverkan-protokoll 1 (schemas/protokoll.schema.json)";

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

/// Writes the package into `output`; with a `signer` (the organisation's key), each PDF carries
/// the same signature as the one the web serves.
pub async fn export(
    store: &dyn Store,
    body: BodyId,
    year: i32,
    output: &Path,
    public_url: &str,
    signer: Option<&Signer>,
) -> Result<Written> {
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
    // The letterhead the web's documents carry, so that the archived PDF is the one it serves.
    let logo = crate::export::logo(store, &body).await?;
    let mut entries = Vec::new();
    let mut listed = Vec::new();
    let mut dates = Vec::new();
    for meeting in meetings.iter().filter(|m| m.status.is_locked()) {
        let protocol = store.protocol(meeting.id).await.map_err(cause)?;
        let folder = format!("representations/rep1/data/{}-{}", meeting.date, meeting.id);
        let verify = format!("{}/moten/{}/verifiera", public_url.trim_end_matches('/'), meeting.id);
        // The public record: confidential items by number and digest only, as everywhere public.
        let mut pdf = samverkan_render::protocol_pdf(&protocol, Audience::Public, Some(&verify), logo.as_ref())?;
        if let Some(signer) = signer {
            let signed = signer
                .sign_protocol(
                    &pdf,
                    &body.short_name,
                    meeting.date,
                    protocol.meeting.adjustment.locked_at,
                )
                .await?;
            // What goes to the e-archive is timestamped as configured, or not written at all.
            if let Some(error) = signed.timestamp_failed {
                return Err(error.into());
            }
            pdf = signed.pdf;
        }
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
        listed.push(format!(
            "{}  {} §§  {folder}  SHA-256 {}",
            meeting.date,
            protocol.items.len(),
            hex::encode(Sha256::digest(protocol.canonical_text().as_bytes()))
        ));
        dates.push(meeting.date);
    }
    let now = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let representation = representation_mets(&package_id, &entries, &now);
    write(
        &root,
        REPRESENTATION_METS,
        "text/xml",
        representation.as_bytes(),
        &mut entries,
    )?;
    let description = dublin_core(&package_id, &body.name, year, &dates);
    write(
        &root,
        "metadata/descriptive/dc.xml",
        "text/xml",
        description.as_bytes(),
        &mut entries,
    )?;
    let about = documentation(&body.name, &body.short_name, year, &now, &listed);
    write(
        &root,
        "documentation/om-paketet.txt",
        "text/plain",
        about.as_bytes(),
        &mut entries,
    )?;
    write(
        &root,
        "schemas/protokoll.schema.json",
        "application/json",
        PROTOCOL_SCHEMA.as_bytes(),
        &mut entries,
    )?;
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
        protocols: listed.len(),
        files: entries.len(),
    })
}

/// Descriptive metadata of the package as Dublin Core: what, by whom, when, in which language.
fn dublin_core(package_id: &str, body: &str, year: i32, dates: &[NaiveDate]) -> String {
    let span = match (dates.iter().min(), dates.iter().max()) {
        (Some(first), Some(last)) => format!("{first}/{last}"),
        _ => year.to_string(),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <dc:identifier>{id}</dc:identifier>\n  <dc:title>{title}</dc:title>\n  \
         <dc:creator>{body}</dc:creator>\n  <dc:type>Sammanträdesprotokoll</dc:type>\n  <dc:date>{span}</dc:date>\n  \
         <dc:description>{description}</dc:description>\n  <dc:language>sv</dc:language>\n</oai_dc:dc>\n",
        id = xml(package_id),
        title = xml(&format!("{body}, protokoll {year}")),
        body = xml(body),
        description = xml(&format!("{} justerade protokoll från sammanträden {year} i {body}", dates.len())),
    )
}

/// The package described for a reader who has only the package (Swedish, as its users are).
fn documentation(body: &str, short_name: &str, year: i32, now: &str, protocols: &[String]) -> String {
    let mut out = format!(
        "Informationspaket från Samverkan\n\n\
         Organ: {body} ({short_name})\nÅr: {year}\nSkapat: {now}\nAntal justerade protokoll: {}\n\n\
         Paketet följer E-ARK CSIP 2.1 med SIP-profilen. METS.xml i paketets rot förtecknar varje fil\n\
         med storlek och SHA-256; metadata/preservation/premis.xml har samma kontrollsummor som\n\
         bevarandemetadata.\n\n\
         Varje protokoll ligger i representations/rep1/data/ÅÅÅÅ-MM-DD-ID/ (sammanträdets datum och id):\n\
         - protokoll.pdf   protokollet som PDF/A, med en sida där protokollets SHA-256 och\n\
         \x20                 justerarnas godkännanden står\n\
         - protokoll.txt   protokollets kanoniska text; dess SHA-256 är den som justerarna godkände\n\
         - protokoll.json  protokollet som data, beskrivet av schemas/protokoll.schema.json\n\
         - bilagor/        bilagorna till de paragrafer som inte omfattas av sekretess\n\n\
         Paragrafer som omfattas av sekretess finns med sitt nummer men utan innehåll, som i allt\n\
         Samverkan visar offentligt.\n\nProtokoll (datum, antal paragrafer, mapp, SHA-256 av protokoll.txt):\n",
        protocols.len()
    );
    for line in protocols {
        out.push_str(line);
        out.push('\n');
    }
    out
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
/// provenance, every file in the file section (documentation, schemas, the representation) with
/// size and SHA-256, and the CSIP structure map with one division for each.
fn mets(package_id: &str, body_name: &str, year: i32, entries: &[Entry], now: &str) -> String {
    let in_folder = |folder: &str| -> Numbered {
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.path.starts_with(folder))
            .collect()
    };
    let descriptive = in_folder("metadata/descriptive/");
    let metadata = in_folder("metadata/preservation/");
    let label = format!("{body_name}, protokoll {year}");
    let mut out = mets_head(package_id, &label, "csip:CONTENTINFORMATIONTYPE=\"MIXED\"", now);
    for (n, e) in &descriptive {
        out.push_str(&format!(
            "<mets:dmdSec ID=\"dmd-{n}\" CREATED=\"{now}\" STATUS=\"CURRENT\">{}</mets:dmdSec>\n",
            md_ref("DC", e, now)
        ));
    }
    out.push_str("<mets:amdSec>\n");
    for (n, e) in &metadata {
        out.push_str(&format!(
            "  <mets:digiprovMD ID=\"digiprov-{n}\" STATUS=\"CURRENT\">{}</mets:digiprovMD>\n",
            md_ref("PREMIS", e, now)
        ));
    }
    out.push_str("</mets:amdSec>\n<mets:fileSec ID=\"filesec-1\">\n");
    // (file group id, its USE, the folder it holds, the structure map's division label)
    let groups = [
        ("documentation", "Documentation", "documentation/", "Documentation"),
        ("schemas", "Schemas", "schemas/", "Schemas"),
        (
            "rep1",
            "Representations/rep1",
            "representations/rep1/",
            "Representations",
        ),
    ];
    for (id, usage, folder, _) in groups {
        out.push_str(&format!(
            "  <mets:fileGrp ID=\"{id}\" USE=\"{usage}\" csip:CONTENTINFORMATIONTYPE=\"OTHER\" \
             csip:OTHERCONTENTINFORMATIONTYPE=\"{}\">\n",
            xml(CONTENT_TYPE)
        ));
        for (n, e) in in_folder(folder) {
            out.push_str(&file_element(n, e, &e.path, now));
        }
        out.push_str("  </mets:fileGrp>\n");
    }
    out.push_str("</mets:fileSec>\n<mets:structMap ID=\"structmap-1\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\">\n");
    out.push_str(&format!("  <mets:div ID=\"root\" LABEL=\"{}\">\n", xml(package_id)));
    let admids: Vec<String> = metadata.iter().map(|(n, _)| format!("digiprov-{n}")).collect();
    let dmdids: Vec<String> = descriptive.iter().map(|(n, _)| format!("dmd-{n}")).collect();
    out.push_str(&format!(
        "    <mets:div ID=\"div-metadata\" LABEL=\"Metadata\" ADMID=\"{}\" DMDID=\"{}\"/>\n",
        admids.join(" "),
        dmdids.join(" ")
    ));
    for (id, _, _, label) in groups {
        // The representation's own METS, under the division of its files.
        let pointer = match id {
            "rep1" => format!(
                "<mets:div ID=\"div-rep1-mets\" LABEL=\"Representations/rep1\"><mets:mptr LOCTYPE=\"URL\" \
                 xlink:type=\"simple\" xlink:href=\"{REPRESENTATION_METS}\" xlink:title=\"rep1\"/></mets:div>"
            ),
            _ => String::new(),
        };
        out.push_str(&format!(
            "    <mets:div ID=\"div-{id}\" LABEL=\"{label}\"><mets:fptr FILEID=\"{id}\"/>{pointer}</mets:div>\n"
        ));
    }
    out.push_str("  </mets:div>\n</mets:structMap>\n</mets:mets>\n");
    out
}

/// The representation's METS: its data files, addressed from the representation's folder.
fn representation_mets(package_id: &str, entries: &[Entry], now: &str) -> String {
    let folder = "representations/rep1/";
    let mut out = mets_head(
        &format!("{package_id}-rep1"),
        "rep1",
        &format!(
            "csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"{}\"",
            xml(CONTENT_TYPE)
        ),
        now,
    );
    out.push_str("<mets:fileSec ID=\"filesec-1\">\n  <mets:fileGrp ID=\"data\" USE=\"Data\">\n");
    for (n, e) in entries.iter().enumerate() {
        if let Some(relative) = e.path.strip_prefix(folder) {
            out.push_str(&file_element(n, e, relative, now));
        }
    }
    out.push_str(
        "  </mets:fileGrp>\n</mets:fileSec>\n<mets:structMap ID=\"structmap-1\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\">\n  \
         <mets:div ID=\"root\" LABEL=\"rep1\"><mets:div ID=\"div-data\" LABEL=\"Data\"><mets:fptr FILEID=\"data\"/></mets:div></mets:div>\n\
         </mets:structMap>\n</mets:mets>\n",
    );
    out
}

/// A METS document's root element and header, with the software as the creator (CSIP).
fn mets_head(id: &str, label: &str, content_type: &str, now: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:csip=\"https://DILCIS.eu/XML/METS/CSIPExtensionMETS\" \
         xmlns:sip=\"https://DILCIS.eu/XML/METS/SIPExtensionMETS\" OBJID=\"{id}\" LABEL=\"{label}\" TYPE=\"Other\" \
         csip:OTHERTYPE=\"Sammanträdesprotokoll\" {content_type} \
         PROFILE=\"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml\">\n\
         <mets:metsHdr CREATEDATE=\"{now}\" LASTMODDATE=\"{now}\" RECORDSTATUS=\"NEW\" csip:OAISPACKAGETYPE=\"SIP\">\n\
         <mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" OTHERTYPE=\"SOFTWARE\"><mets:name>Samverkan</mets:name>\
         <mets:note csip:NOTETYPE=\"SOFTWARE VERSION\">{version}</mets:note></mets:agent>\n</mets:metsHdr>\n",
        id = xml(id),
        label = xml(label),
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// A reference from a metadata section to the XML file `e` of type `mdtype`, with its fixity.
fn md_ref(mdtype: &str, e: &Entry, now: &str) -> String {
    format!(
        "<mets:mdRef LOCTYPE=\"URL\" MDTYPE=\"{mdtype}\" xlink:type=\"simple\" xlink:href=\"{}\" MIMETYPE=\"text/xml\" \
         SIZE=\"{}\" CREATED=\"{now}\" CHECKSUM=\"{}\" CHECKSUMTYPE=\"SHA-256\"/>",
        xml(&e.path),
        e.size,
        e.sha256
    )
}

/// One file of a METS file section, `href` relative to that METS.
fn file_element(n: usize, e: &Entry, href: &str, now: &str) -> String {
    format!(
        "      <mets:file ID=\"file-{n}\" MIMETYPE=\"{}\" SIZE=\"{}\" CREATED=\"{now}\" CHECKSUM=\"{}\" CHECKSUMTYPE=\"SHA-256\">\
         <mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"{}\"/></mets:file>\n",
        xml(&e.mime),
        e.size,
        e.sha256,
        xml(href)
    )
}

//! PAdES baseline signatures on the PDF of an adjusted protocol, so that any PDF reader can
//! check that the document is the one the organisation issued and unchanged since: B-B, and
//! B-T when a timestamp authority is configured (its RFC 3161 token over the signature value,
//! [`timestamp`]).
//!
//! The signature is added as an incremental update (the signed PDF/A stays byte for byte as it
//! was typeset, followed by the signature field): a CMS SignedData, detached
//! (`ETSI.CAdES.detached`), over every byte but the signature itself, with the signed
//! attributes content-type, message-digest and signing-certificate-v2, made with an ECDSA
//! P-256 key. [`Signer::demo`] makes a self-signed certificate of its own for the demo.

mod pdf;
mod timestamp;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use der::{Decode, DecodePem, Encode, EncodePem};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use x509_cert::Certificate;

/// Why a document could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("the signing key could not be read (PKCS #8 PEM, P-256): {0}")]
    Key(String),
    #[error("the certificate could not be read (PEM): {0}")]
    Certificate(String),
    #[error("the PDF could not be read for signing: {0}")]
    Pdf(&'static str),
    #[error("the signature could not be made: {0}")]
    Cms(String),
    #[error("no timestamp for the signature: {0}")]
    Timestamp(String),
}

/// The bytes the signature may take in the PDF, as hex: room for the CMS with its certificate.
const SIGNATURE_ROOM: usize = 8192;
/// More room for a timestamp token with the authority's certificate chain.
const TIMESTAMP_ROOM: usize = 24576;

/// A key with its certificate, that signs documents.
pub struct Signer {
    key: SigningKey,
    certificate: Certificate,
    certificate_der: Vec<u8>,
    /// The RFC 3161 timestamp authority (HTTP) asked for each signature's time, if any.
    timestamp_url: Option<String>,
}

/// A signed protocol PDF.
#[derive(Debug)]
pub struct Signed {
    pub pdf: Vec<u8>,
    /// Why a configured timestamp authority gave no timestamp: the PDF is then signed B-B only.
    pub timestamp_failed: Option<SignError>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("Signer").field("subject", &self.subject()).finish()
    }
}

impl Signer {
    /// The organisation's key (PKCS #8 PEM, ECDSA P-256) and its certificate (PEM).
    pub fn from_pem(key_pem: &str, certificate_pem: &str) -> Result<Signer, SignError> {
        let key = SigningKey::from_pkcs8_pem(key_pem).map_err(|e| SignError::Key(e.to_string()))?;
        let certificate = Certificate::from_pem(certificate_pem).map_err(|e| SignError::Certificate(e.to_string()))?;
        Signer::new(key, certificate)
    }

    /// A new key with a self-signed certificate "Samverkan demo", valid for ten years.
    pub fn demo() -> Result<Signer, SignError> {
        let key = SigningKey::random(&mut rand_core::OsRng);
        let public = spki::SubjectPublicKeyInfoOwned::from_key(*key.verifying_key())
            .map_err(|e| SignError::Key(e.to_string()))?;
        let subject =
            Name::from_str("CN=Samverkan demo,O=Samverkan,C=SE").map_err(|e| SignError::Certificate(e.to_string()))?;
        let validity = Validity::from_now(Duration::from_secs(10 * 365 * 24 * 3600))
            .map_err(|e| SignError::Certificate(e.to_string()))?;
        let serial = SerialNumber::from(u32::from_be_bytes(rand_bytes()) >> 1);
        let certificate = CertificateBuilder::new(Profile::Root, serial, validity, subject, public, &key)
            .map_err(|e| SignError::Certificate(e.to_string()))?
            .build::<DerSignature>()
            .map_err(|e| SignError::Certificate(e.to_string()))?;
        Signer::new(key, certificate)
    }

    fn new(key: SigningKey, certificate: Certificate) -> Result<Signer, SignError> {
        let certificate_der = certificate
            .to_der()
            .map_err(|e| SignError::Certificate(e.to_string()))?;
        Ok(Signer {
            key,
            certificate,
            certificate_der,
            timestamp_url: None,
        })
    }

    /// Timestamps every signature from the RFC 3161 authority at `url` (PAdES B-T).
    pub fn with_timestamp_authority(mut self, url: Option<String>) -> Signer {
        self.timestamp_url = url.filter(|u| !u.trim().is_empty());
        self
    }

    /// Whether signatures are timestamped.
    pub fn timestamps(&self) -> bool {
        self.timestamp_url.is_some()
    }

    /// Who signs, as the certificate names them.
    pub fn subject(&self) -> String {
        self.certificate.tbs_certificate.subject.to_string()
    }

    /// The certificate as PEM, for whoever wants to trust it.
    pub fn certificate_pem(&self) -> String {
        self.certificate.to_pem(der::pem::LineEnding::LF).unwrap_or_default()
    }

    /// The key as PKCS #8 PEM (for `samverkan demo` to keep its demo key beside the database).
    pub fn key_pem(&self) -> String {
        use p256::pkcs8::EncodePrivateKey;
        self.key
            .to_pkcs8_pem(der::pem::LineEnding::LF)
            .map(|pem| pem.to_string())
            .unwrap_or_default()
    }

    /// An adjusted protocol's PDF signed as the web and the e-archive export both sign it: the
    /// reason names the body and the meeting's date, the time is when it was locked; with a
    /// timestamp authority the signature is timestamped (B-T), and if the authority fails the
    /// PDF is signed B-B and says why in [`Signed::timestamp_failed`].
    pub async fn sign_protocol(
        &self,
        pdf: &[u8],
        body_short_name: &str,
        date: impl std::fmt::Display,
        locked_at: Option<DateTime<Utc>>,
    ) -> Result<Signed, SignError> {
        let reason = format!("Justerat protokoll {body_short_name} {date}");
        let at = locked_at.unwrap_or_else(Utc::now);
        let Some(url) = &self.timestamp_url else {
            let pdf = self.sign_pdf(pdf, &reason, at)?;
            return Ok(Signed {
                pdf,
                timestamp_failed: None,
            });
        };
        let prepared = pdf::prepare(pdf, &reason, at, SIGNATURE_ROOM + TIMESTAMP_ROOM)?;
        let signed = self.signed_data(&prepared.digest())?;
        let stamped = async {
            let request = timestamp::Request::over(signature_value(&signed)?)?;
            let reply = timestamp::ask(url, &request).await?;
            with_timestamp(signed.clone(), request.token_of(&reply)?)
        };
        let (signed, timestamp_failed) = match stamped.await {
            Ok(stamped) => (stamped, None),
            Err(error) => (signed, Some(error)),
        };
        Ok(Signed {
            pdf: prepared.with_signature(&content_info(&signed)?)?,
            timestamp_failed,
        })
    }

    /// The PDF with a PAdES B-B signature over all of it, dated `at`, for `reason`.
    pub fn sign_pdf(&self, pdf: &[u8], reason: &str, at: DateTime<Utc>) -> Result<Vec<u8>, SignError> {
        let prepared = pdf::prepare(pdf, reason, at, SIGNATURE_ROOM)?;
        let signed = self.signed_data(&prepared.digest())?;
        prepared.with_signature(&content_info(&signed)?)
    }

    /// The detached CMS SignedData over a document whose SHA-256 is `digest`.
    fn signed_data(&self, digest: &[u8]) -> Result<SignedData, SignError> {
        let failed = |e: &dyn std::fmt::Display| SignError::Cms(e.to_string());
        let content = EncapsulatedContentInfo {
            econtent_type: const_oid::db::rfc5911::ID_DATA,
            econtent: None,
        };
        let tbs = &self.certificate.tbs_certificate;
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        });
        let sha256 = AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::ID_SHA_256,
            parameters: None,
        };
        let mut signer =
            SignerInfoBuilder::new(&self.key, sid, sha256.clone(), &content, Some(digest)).map_err(|e| failed(&e))?;
        signer
            .add_signed_attribute(self.signing_certificate_v2()?)
            .map_err(|e| failed(&e))?;
        let signed = SignedDataBuilder::new(&content)
            .add_digest_algorithm(sha256)
            .map_err(|e| failed(&e))?
            .add_certificate(CertificateChoices::Certificate(self.certificate.clone()))
            .map_err(|e| failed(&e))?
            .add_signer_info::<_, DerSignature>(signer)
            .map_err(|e| failed(&e))?
            .build()
            .map_err(|e| failed(&e))?;
        signed.content.decode_as().map_err(|e| failed(&e))
    }

    /// The signing-certificate-v2 attribute (RFC 5035) PAdES requires: the SHA-256 of the
    /// signer's certificate (SHA-256 is the default algorithm, so it is not named).
    fn signing_certificate_v2(&self) -> Result<x509_cert::attr::Attribute, SignError> {
        let hash = Sha256::digest(&self.certificate_der);
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
        // ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING }
        let mut value = vec![0x30, 0x26, 0x30, 0x24, 0x30, 0x22, 0x04, 0x20];
        value.extend_from_slice(&hash);
        let any = der::Any::from_der(&value).map_err(|e| SignError::Cms(e.to_string()))?;
        let mut values = der::asn1::SetOfVec::new();
        values.insert(any).map_err(|e| SignError::Cms(e.to_string()))?;
        Ok(x509_cert::attr::Attribute {
            oid: const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47"),
            values,
        })
    }
}

/// The signature value of the (only) signer.
fn signature_value(signed: &SignedData) -> Result<&[u8], SignError> {
    signed
        .signer_infos
        .0
        .iter()
        .next()
        .map(|info| info.signature.as_bytes())
        .ok_or_else(|| SignError::Cms("a signature without a signer".into()))
}

/// The signed data with the timestamp `token` as its signer's unsigned attribute.
fn with_timestamp(mut signed: SignedData, token: der::Any) -> Result<SignedData, SignError> {
    let failed = |e: der::Error| SignError::Cms(e.to_string());
    let mut infos = signed.signer_infos.0.into_vec();
    let info = infos
        .first_mut()
        .ok_or_else(|| SignError::Cms("a signature without a signer".into()))?;
    let mut values = der::asn1::SetOfVec::new();
    values.insert(token).map_err(failed)?;
    let mut attributes = der::asn1::SetOfVec::new();
    attributes
        .insert(x509_cert::attr::Attribute {
            oid: timestamp::SIGNATURE_TIME_STAMP_TOKEN,
            values,
        })
        .map_err(failed)?;
    info.unsigned_attrs = Some(attributes);
    signed.signer_infos = cms::signed_data::SignerInfos(der::asn1::SetOfVec::try_from(infos).map_err(failed)?);
    Ok(signed)
}

/// The signed data as the PDF carries it: a CMS ContentInfo, DER.
fn content_info(signed: &SignedData) -> Result<Vec<u8>, SignError> {
    let failed = |e: der::Error| SignError::Cms(e.to_string());
    cms::content_info::ContentInfo {
        content_type: const_oid::db::rfc5911::ID_SIGNED_DATA,
        content: der::Any::encode_from(signed).map_err(failed)?,
    }
    .to_der()
    .map_err(failed)
}

fn rand_bytes() -> [u8; 4] {
    use rand_core::RngCore;
    let mut bytes = [0u8; 4];
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// What a signed PDF's signature says, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The signer, as their certificate names them.
    pub subject: String,
    /// The signer's certificate, DER, to compare with the organisation's.
    pub certificate_der: Vec<u8>,
    /// Whether the signature covers every byte of the file but itself.
    pub whole_file: bool,
    /// Whether the signature carries a timestamp token (B-T); the token itself is checked by
    /// PDF readers against the authority's certificate.
    pub timestamped: bool,
}

/// Checks the last signature of `pdf`: the digest of the signed ranges matches the signed
/// message digest, and the signature over the signed attributes verifies with the embedded
/// certificate's key. An unsigned file or a broken signature is an error.
pub fn verify_pdf(pdf: &[u8]) -> Result<Verified, SignError> {
    use cms::content_info::ContentInfo;
    use p256::ecdsa::signature::Verifier;
    let broken = |why: &'static str| SignError::Pdf(why);
    let at = pdf
        .windows(12)
        .rposition(|w| w == b"/ByteRange [")
        .ok_or(broken("the file carries no signature"))?;
    let text = String::from_utf8_lossy(&pdf[at + 12..pdf.len().min(at + 120)]).to_string();
    let numbers: Vec<usize> = text
        .split(']')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [a, b, c, d] = numbers[..] else {
        return Err(broken("a broken byte range"));
    };
    if a != 0 || b >= c || c.checked_add(d).is_none_or(|end| end > pdf.len()) || pdf[b] != b'<' || pdf[c - 1] != b'>' {
        return Err(broken("a byte range outside the file"));
    }
    let whole_file = c + d == pdf.len();
    let hex_text = std::str::from_utf8(&pdf[b + 1..c - 1]).map_err(|_| broken("a broken signature"))?;
    let raw = hex::decode(hex_text).map_err(|_| broken("a broken signature"))?;
    let cms_der = &raw[..der_length(&raw).ok_or(broken("a broken signature"))?];
    let info = ContentInfo::from_der(cms_der).map_err(|_| broken("a broken signature"))?;
    let signed: SignedData = info.content.decode_as().map_err(|_| broken("a broken signature"))?;
    let signer = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or(broken("a signature without a signer"))?;
    let attributes = signer
        .signed_attrs
        .as_ref()
        .ok_or(broken("a signature without signed attributes"))?;
    let digest_attribute = attributes
        .iter()
        .find(|a| a.oid == const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .ok_or(broken("a signature without a message digest"))?;
    let signed_digest =
        der::asn1::OctetString::from_der(&digest_attribute.to_der().map_err(|_| broken("a broken signature"))?)
            .map_err(|_| broken("a broken signature"))?;
    let mut hasher = Sha256::new();
    hasher.update(&pdf[..b]);
    hasher.update(&pdf[c..c + d]);
    if hasher.finalize().as_slice() != signed_digest.as_bytes() {
        return Err(broken("the document was changed after it was signed"));
    }
    let certificate = signed
        .certificates
        .as_ref()
        .and_then(|set| set.0.iter().next())
        .and_then(|choice| match choice {
            CertificateChoices::Certificate(certificate) => Some(certificate.clone()),
            _ => None,
        })
        .ok_or(broken("a signature without its certificate"))?;
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(
        certificate
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes(),
    )
    .map_err(|_| broken("a certificate with a key other than P-256"))?;
    let signature = DerSignature::from_bytes(signer.signature.as_bytes()).map_err(|_| broken("a broken signature"))?;
    let signed_attributes = attributes.to_der().map_err(|_| broken("a broken signature"))?;
    key.verify(&signed_attributes, &signature)
        .map_err(|_| broken("the signature does not match"))?;
    Ok(Verified {
        subject: certificate.tbs_certificate.subject.to_string(),
        certificate_der: certificate.to_der().map_err(|_| broken("a broken certificate"))?,
        whole_file,
        timestamped: signer.unsigned_attrs.as_ref().is_some_and(|attributes| {
            attributes
                .iter()
                .any(|a| a.oid == timestamp::SIGNATURE_TIME_STAMP_TOKEN)
        }),
    })
}

impl Signer {
    /// The signer's certificate, DER.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }
}

/// The length of the DER value at the start of `bytes` (its tag and length octets included).
fn der_length(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)? as usize;
    let (length, header) = if first < 0x80 {
        (first, 2)
    } else {
        let count = first - 0x80;
        if count == 0 || count > 4 {
            return None;
        }
        let mut length = 0usize;
        for i in 0..count {
            length = (length << 8) | *bytes.get(2 + i)? as usize;
        }
        (length, 2 + count)
    };
    let total = header.checked_add(length)?;
    (total <= bytes.len()).then_some(total)
}

//! PAdES baseline signatures (B-B) on the PDF of an adjusted protocol, so that any PDF reader
//! can check that the document is the one the organisation issued and unchanged since.
//!
//! The signature is added as an incremental update (the signed PDF/A stays byte for byte as it
//! was typeset, followed by the signature field): a CMS SignedData, detached
//! (`ETSI.CAdES.detached`), over every byte but the signature itself, with the signed
//! attributes content-type, message-digest and signing-certificate-v2, made with an ECDSA
//! P-256 key. [`Signer::demo`] makes a self-signed certificate of its own for the demo.

mod pdf;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
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
}

/// The bytes the signature may take in the PDF, as hex: room for the CMS with its certificate.
const SIGNATURE_ROOM: usize = 8192;

/// A key with its certificate, that signs documents.
pub struct Signer {
    key: SigningKey,
    certificate: Certificate,
    certificate_der: Vec<u8>,
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
        })
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

    /// The PDF with a PAdES B-B signature over all of it, dated `at`, for `reason`.
    pub fn sign_pdf(&self, pdf: &[u8], reason: &str, at: DateTime<Utc>) -> Result<Vec<u8>, SignError> {
        let prepared = pdf::prepare(pdf, reason, at, SIGNATURE_ROOM)?;
        let mut hasher = Sha256::new();
        for range in prepared.signed_ranges() {
            hasher.update(&prepared.bytes[range]);
        }
        let cms = self.cms(&hasher.finalize())?;
        prepared.with_signature(&cms)
    }

    /// The detached CMS SignedData over a document whose SHA-256 is `digest`.
    fn cms(&self, digest: &[u8]) -> Result<Vec<u8>, SignError> {
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
        signed.to_der().map_err(|e| failed(&e))
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

fn rand_bytes() -> [u8; 4] {
    use rand_core::RngCore;
    let mut bytes = [0u8; 4];
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes
}

//! Signature timestamps (PAdES B-T): an RFC 3161 request to a timestamp authority over the
//! SHA-256 of the signature value, and the token from its reply checked to be for that request
//! before it goes into the signature as an unsigned attribute.

use std::time::Duration;

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{Int, OctetString};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifier;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::SignError;

/// The attribute a signature's timestamp token is carried in (RFC 3161 appendix A).
pub const SIGNATURE_TIME_STAMP_TOKEN: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// The largest reply read from a timestamp authority: a token with its certificate chain is a
/// few kilobytes.
const MAX_REPLY: usize = 64 * 1024;

/// How long a timestamp authority may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A request for a timestamp over `signature` (the signature value), with a nonce that the
/// reply must repeat.
pub struct Request {
    pub der: Vec<u8>,
    imprint: Vec<u8>,
    nonce: Vec<u8>,
}

impl Request {
    pub fn over(signature: &[u8]) -> Result<Request, SignError> {
        let failed = |e: der::Error| SignError::Timestamp(e.to_string());
        let imprint = Sha256::digest(signature).to_vec();
        // Positive and without leading zero byte, as DER wants an INTEGER.
        let mut nonce = [0u8; 8];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut nonce);
        nonce[0] = (nonce[0] & 0x7f) | 0x01;
        let request = TimeStampReq {
            version: TspVersion::V1,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifier {
                    oid: const_oid::db::rfc5912::ID_SHA_256,
                    parameters: None,
                },
                hashed_message: OctetString::new(imprint.clone()).map_err(failed)?,
            },
            req_policy: None,
            nonce: Some(Int::new(&nonce).map_err(failed)?),
            // The authority's certificate in the token, so that a reader can check it.
            cert_req: true,
            extensions: None,
        };
        Ok(Request {
            der: request.to_der().map_err(failed)?,
            imprint,
            nonce: nonce.to_vec(),
        })
    }

    /// The token of a reply, once the reply grants it for this request: the right imprint and
    /// the same nonce.
    pub fn token_of(&self, reply: &[u8]) -> Result<Any, SignError> {
        let refused = |why: String| SignError::Timestamp(why);
        let reply = TimeStampResp::from_der(reply).map_err(|e| refused(format!("the reply is not RFC 3161: {e}")))?;
        // 0 granted, 1 granted with modifications; anything else is a refusal.
        let status = reply.status.status as u8;
        if status > 1 {
            return Err(refused(format!("the authority refused the request (status {status})")));
        }
        let token: ContentInfo = reply
            .time_stamp_token
            .ok_or_else(|| refused("the reply holds no token".into()))?;
        let signed = token
            .content
            .decode_as::<SignedData>()
            .map_err(|e| refused(format!("the token is not signed data: {e}")))?;
        let info = signed
            .encap_content_info
            .econtent
            .as_ref()
            .ok_or_else(|| refused("the token has no content".into()))?;
        let info = OctetString::from_der(&info.to_der().map_err(|e| refused(e.to_string()))?)
            .map_err(|e| refused(e.to_string()))?;
        let info = TstInfo::from_der(info.as_bytes()).map_err(|e| refused(format!("the token's content: {e}")))?;
        if info.message_imprint.hashed_message.as_bytes() != self.imprint.as_slice() {
            return Err(refused("the token is for another signature".into()));
        }
        if info.nonce.as_ref().map(|n| n.as_bytes()) != Some(self.nonce.as_slice()) {
            return Err(refused("the token does not repeat the request's nonce".into()));
        }
        Any::from_der(&token.to_der().map_err(|e| refused(e.to_string()))?).map_err(|e| refused(e.to_string()))
    }
}

/// Asks the timestamp authority at `url` (HTTP, RFC 3161 section 3.4) for a reply to `request`.
pub async fn ask(url: &str, request: &Request) -> Result<Vec<u8>, SignError> {
    let failed = |why: String| SignError::Timestamp(why);
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let mut response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/timestamp-query")
        .body(request.der.clone())
        .send()
        .await
        .map_err(|e| failed(format!("{url} did not answer: {e}")))?;
    if !response.status().is_success() {
        return Err(failed(format!("{url} answered {}", response.status())));
    }
    let mut reply = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| failed(e.to_string()))? {
        if reply.len() + chunk.len() > MAX_REPLY {
            return Err(failed(format!("{url} sent more than {MAX_REPLY} bytes")));
        }
        reply.extend_from_slice(&chunk);
    }
    Ok(reply)
}

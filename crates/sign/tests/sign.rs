//! Signing a rendered protocol: the update leaves the document as typeset and covers the rest.

use samverkan_domain::*;
use samverkan_sign::Signer;

fn protocol() -> Protocol {
    let body = Body {
        id: BodyId(1),
        name: "Testnämnden för vård och omsorg".into(),
        short_name: "TVO".into(),
        parent_id: None,
        county_code: None,
        numbering: NumberingRule::PerYear,
        description: None,
        notice_days: 21,
        logo_sha256: None,
    };
    let meeting = Meeting::plan(body.id, "2026-03-13".parse().unwrap(), None, None, Some("Rum 1".into())).unwrap();
    Protocol {
        body,
        meeting,
        items: vec![Item::new(ItemNumber::paragraph(1), "Mötet öppnas")],
    }
}

#[test]
fn a_signed_protocol_keeps_its_bytes_and_covers_all_but_the_signature() {
    let pdf = samverkan_render::protocol_pdf(&protocol(), samverkan_render::Audience::Public, None, None).unwrap();
    let signer = Signer::demo().unwrap();
    let signed = signer
        .sign_pdf(&pdf, "Justerat protokoll", "2026-03-20T10:00:00Z".parse().unwrap())
        .unwrap();
    assert!(
        signed.starts_with(&pdf),
        "an incremental update: the typeset document is untouched"
    );
    let text = String::from_utf8_lossy(&signed[pdf.len()..]).to_string();
    assert!(text.contains("/SubFilter /ETSI.CAdES.detached") && text.contains("/AcroForm"));
    // The byte range runs from the start to the end, around the signature's hex string only.
    let range = &text[text.find("/ByteRange [").unwrap() + 12..];
    let numbers: Vec<usize> = range[..range.find(']').unwrap()]
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(numbers[0], 0);
    assert_eq!(numbers[2] + numbers[3], signed.len());
    assert_eq!(signed[numbers[1]], b'<');
    assert_eq!(signed[numbers[2] - 1], b'>');
    let hex = &signed[numbers[1] + 1..numbers[2] - 1];
    assert!(hex.starts_with(b"30"), "a DER SEQUENCE: the CMS is in place");
    assert!(signer.certificate_pem().starts_with("-----BEGIN CERTIFICATE-----"));
    // The demo key and certificate read back as the organisation's would.
    let again = Signer::from_pem(&signer.key_pem(), &signer.certificate_pem()).unwrap();
    assert_eq!(again.subject(), signer.subject());
    assert!(Signer::from_pem("not a key", &signer.certificate_pem()).is_err());

    // The signature checks out, covers the whole file and names the signer.
    let verified = samverkan_sign::verify_pdf(&signed).unwrap();
    assert!(verified.whole_file);
    assert_eq!(verified.certificate_der, signer.certificate_der());
    assert!(verified.subject.contains("Samverkan demo"));
    // One byte changed anywhere in the document: refused.
    let mut tampered = signed.clone();
    tampered[pdf.len() / 2] ^= 1;
    let error = samverkan_sign::verify_pdf(&tampered).unwrap_err();
    assert!(error.to_string().contains("changed after it was signed"), "{error}");
    // More appended after the signature: still the signed document, but not the whole file.
    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n% appended\n");
    assert!(!samverkan_sign::verify_pdf(&appended).unwrap().whole_file);
    assert!(samverkan_sign::verify_pdf(&pdf).is_err(), "an unsigned file");
}

/// Runs the openssl command line in `dir`; a failure fails the test with what it said.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A timestamp authority for the tests: OpenSSL's own (`openssl ts -reply`) with a key and
/// certificate of its own, behind the least HTTP that RFC 3161 section 3.4 needs. With
/// `replay`, it answers every request with its first reply.
struct Authority {
    url: String,
    dir: std::path::PathBuf,
}

impl Authority {
    fn start(replay: bool) -> Authority {
        use std::io::{BufRead, Read, Write};
        let dir = std::env::temp_dir().join(format!("samverkan-tsa-{}-{replay}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let openssl = |args: &[&str]| openssl(&dir, args);
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "tsa.key",
            "-out",
            "tsa.crt",
            "-subj",
            "/CN=Test TSA",
            "-days",
            "2",
            "-addext",
            "extendedKeyUsage=critical,timeStamping",
        ]);
        std::fs::write(dir.join("serial"), "01\n").unwrap();
        std::fs::write(
            dir.join("ts.cnf"),
            "[ tsa ]\ndefault_tsa = test\n[ test ]\nserial = ./serial\nsigner_digest = sha256\n\
             default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n",
        )
        .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/tsa", listener.local_addr().unwrap());
        let work = dir.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let mut reader = std::io::BufReader::new(stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap();
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut query = vec![0; length];
                reader.read_exact(&mut query).unwrap();
                let reply = work.join("reply.tsr");
                if !(replay && reply.exists()) {
                    std::fs::write(work.join("query.tsq"), &query).unwrap();
                    let out = std::process::Command::new("openssl")
                        .args([
                            "ts",
                            "-reply",
                            "-config",
                            "ts.cnf",
                            "-queryfile",
                            "query.tsq",
                            "-signer",
                            "tsa.crt",
                            "-inkey",
                            "tsa.key",
                            "-out",
                            "reply.tsr",
                        ])
                        .current_dir(&work)
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                }
                let body = std::fs::read(&reply).unwrap();
                let mut stream = reader.into_inner();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).unwrap();
                stream.write_all(&body).unwrap();
            }
        });
        Authority { url, dir }
    }
}

#[tokio::test]
async fn with_a_timestamp_authority_the_signature_carries_its_token_b_t() {
    let pdf = samverkan_render::protocol_pdf(&protocol(), samverkan_render::Audience::Public, None, None).unwrap();
    let authority = Authority::start(false);
    let signer = Signer::demo()
        .unwrap()
        .with_timestamp_authority(Some(authority.url.clone()));
    let signed = signer.sign_protocol(&pdf, "TVO", "2026-03-13", None).await.unwrap();
    assert!(signed.timestamp_failed.is_none(), "{:?}", signed.timestamp_failed);
    let verified = samverkan_sign::verify_pdf(&signed.pdf).unwrap();
    assert!(verified.whole_file && verified.timestamped);
    // OpenSSL agrees that its reply answers the request Samverkan sent and is signed by the
    // authority, and that very token is what the PDF carries.
    let openssl = |args: &[&str]| openssl(&authority.dir, args);
    openssl(&[
        "ts",
        "-verify",
        "-in",
        "reply.tsr",
        "-queryfile",
        "query.tsq",
        "-CAfile",
        "tsa.crt",
    ]);
    openssl(&["ts", "-reply", "-in", "reply.tsr", "-token_out", "-out", "token.der"]);
    let token = hex::encode_upper(std::fs::read(authority.dir.join("token.der")).unwrap());
    assert!(String::from_utf8_lossy(&signed.pdf).contains(&token));

    // Without a timestamp B-B stays as it was: no token.
    let plain = Signer::demo()
        .unwrap()
        .sign_protocol(&pdf, "TVO", "2026-03-13", None)
        .await
        .unwrap();
    assert!(!samverkan_sign::verify_pdf(&plain.pdf).unwrap().timestamped);
}

#[tokio::test]
async fn an_authority_that_fails_or_answers_another_request_leaves_the_signature_b_b() {
    let pdf = samverkan_render::protocol_pdf(&protocol(), samverkan_render::Audience::Public, None, None).unwrap();
    // Nothing listens: the signature is made, without its time, and says why.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let signer = Signer::demo().unwrap().with_timestamp_authority(Some(url));
    let signed = signer.sign_protocol(&pdf, "TVO", "2026-03-13", None).await.unwrap();
    assert!(signed.timestamp_failed.is_some());
    let verified = samverkan_sign::verify_pdf(&signed.pdf).unwrap();
    assert!(verified.whole_file && !verified.timestamped);
    // A reply made for an earlier request (a replay) is refused, not embedded.
    let authority = Authority::start(true);
    let signer = Signer::demo()
        .unwrap()
        .with_timestamp_authority(Some(authority.url.clone()));
    let first = signer.sign_protocol(&pdf, "TVO", "2026-03-13", None).await.unwrap();
    assert!(first.timestamp_failed.is_none());
    let second = signer.sign_protocol(&pdf, "TVO", "2026-03-14", None).await.unwrap();
    let error = second
        .timestamp_failed
        .expect("the replayed reply is refused")
        .to_string();
    assert!(
        error.contains("another signature") || error.contains("nonce"),
        "{error}"
    );
    assert!(!samverkan_sign::verify_pdf(&second.pdf).unwrap().timestamped);
}

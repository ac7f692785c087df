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

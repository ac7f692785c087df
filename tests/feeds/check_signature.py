"""Validates the PAdES signature of an adjusted protocol's PDF with pyHanko: intact, valid
against the given certificate, covering the whole document; and a copy with one byte changed
inside the signed range reported as broken. Usage: python check_signature.py BASE_URL CERT_PEM"""

import io
import json
import sys
import urllib.request

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko.keys import load_cert_from_pemder


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def status_of(pdf: bytes, context: ValidationContext):
    reader = PdfFileReader(io.BytesIO(pdf))
    signatures = reader.embedded_signatures
    assert len(signatures) == 1, f"{len(signatures)} signatures"
    return validate_pdf_signature(signatures[0], context)


def main() -> None:
    base, certificate = sys.argv[1].rstrip("/"), sys.argv[2]
    bodies = json.loads(fetch(f"{base}/api/v1/bodies"))
    adjusted = None
    for body in bodies:
        meetings = json.loads(fetch(f"{base}/api/v1/bodies/{body['id']}/meetings"))["data"]
        adjusted = next((m for m in meetings if m["status"] in ("adjusted", "published")), None)
        if adjusted:
            break
    assert adjusted, "no adjusted protocol in the demo"
    pdf = fetch(f"{base}/moten/{adjusted['id']}/protokoll.pdf")
    context = ValidationContext(trust_roots=[load_cert_from_pemder(certificate)])
    status = status_of(pdf, context)
    assert status.intact, "the signature does not match the document"
    assert status.valid, "the signature is not valid"
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE, status.coverage
    print(f"pyhanko: protokoll {adjusted['date']}: intact, valid, covers the whole file, signed by "
          f"{status.signing_cert.subject.human_friendly}")

    # One byte changed inside the typeset document: the signature no longer holds.
    tampered = bytearray(pdf)
    at = len(pdf) // 3
    tampered[at] = (tampered[at] + 1) % 256
    broken = status_of(bytes(tampered), context)
    assert not broken.intact, "a changed document still passes"
    print("pyhanko: a copy with one byte changed is reported as broken")


if __name__ == "__main__":
    main()

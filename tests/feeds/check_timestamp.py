"""PAdES B-T end to end: runs a timestamp authority (OpenSSL's own, `openssl ts -reply`, with a
certificate of its own, behind a small HTTP server), exports a body's year with
`samverkan archive export` signing with the given key and timestamping from that authority,
and validates a protocol's PDF with pyHanko: signature intact and valid, and a timestamp token
that is intact, valid against the authority's certificate and for this signature.

Usage: python check_timestamp.py SAMVERKAN_BIN DATABASE BODY_ID YEAR KEY_PEM CERT_PEM"""

import glob
import http.server
import io
import os
import subprocess
import sys
import tempfile
import threading

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def openssl(directory: str, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)


def authority(directory: str) -> http.server.HTTPServer:
    openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "tsa.key", "-out", "tsa.crt", "-subj", "/CN=Test TSA", "-days", "2",
            "-addext", "extendedKeyUsage=critical,timeStamping")
    with open(os.path.join(directory, "serial"), "w") as f:
        f.write("01\n")
    with open(os.path.join(directory, "ts.cnf"), "w") as f:
        f.write("[ tsa ]\ndefault_tsa = test\n[ test ]\nserial = ./serial\nsigner_digest = sha256\n"
                "default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n")

    class Reply(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with open(os.path.join(directory, "query.tsq"), "wb") as f:
                f.write(query)
            openssl(directory, "ts", "-reply", "-config", "ts.cnf", "-queryfile", "query.tsq",
                    "-signer", "tsa.crt", "-inkey", "tsa.key", "-out", "reply.tsr")
            with open(os.path.join(directory, "reply.tsr"), "rb") as f:
                body = f.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Reply)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    binary, database, body, year, key, certificate = sys.argv[1:7]
    with tempfile.TemporaryDirectory() as work:
        server = authority(work)
        url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
        output = os.path.join(work, "package")
        env = dict(os.environ, SAMVERKAN_SIGNING_KEY=key, SAMVERKAN_SIGNING_CERTIFICATE=certificate,
                   SAMVERKAN_TIMESTAMP_URL=url, SAMVERKAN_LOG="warn")
        subprocess.run([binary, "--database-url", f"sqlite://{database}", "archive", "export",
                        "--body", body, "--year", year, "-o", output], env=env, check=True, capture_output=True)
        pdfs = sorted(glob.glob(os.path.join(output, "*", "representations", "*", "data", "*", "protokoll.pdf")))
        assert pdfs, "the package holds no protocol"
        with open(pdfs[0], "rb") as f:
            pdf = f.read()
        signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
        status = validate_pdf_signature(
            signature,
            ValidationContext(trust_roots=[load_cert_from_pemder(certificate)]),
            ts_validation_context=ValidationContext(trust_roots=[load_cert_from_pemder(os.path.join(work, "tsa.crt"))]),
        )
        assert status.intact and status.valid, "the signature does not hold"
        stamp = status.timestamp_validity
        assert stamp is not None, "the signature carries no timestamp"
        assert stamp.intact and stamp.valid, "the timestamp does not hold"
        print(f"pyhanko: {len(pdfs)} archived protocols signed and timestamped (B-T); "
              f"{os.path.basename(os.path.dirname(pdfs[0]))}: signature intact and valid, "
              f"timestamp {stamp.timestamp:%Y-%m-%d %H:%M:%S} UTC by {stamp.signing_cert.subject.human_friendly}, valid")
        server.shutdown()


if __name__ == "__main__":
    main()

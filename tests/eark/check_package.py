"""Checks an E-ARK package written by `samverkan archive export`.

Usage: check_package.py PACKAGE_DIR

1. eark-validator (the DILCIS Board's validator, from PyPI) on the package: the structure must
   be well formed, the root METS valid against the METS schema and free of schematron errors,
   except the one rule of the validator that no CSIP package can meet (below).
2. What the validator does not check: every file the METS lists exists with the size and
   SHA-256 it gives, and nothing in the package is left unlisted; a changed copy fails.
3. Each protokoll.json against the JSON Schema the package carries in schemas/, and each
   protokoll.txt against the hash its adjusters approved.
"""
import hashlib
import io
import json
import shutil
import sys
import tempfile
import urllib.request
import urllib.response
import email.message
from importlib.resources import files
from pathlib import Path
import xml.etree.ElementTree as ET

# The validator reads four CSIP vocabularies from the web when it is imported, although it
# ships the same files: they are served from its own package instead, so the check needs no
# network.
class ShippedVocabularies(urllib.request.BaseHandler):
    handler_order = 100

    def https_open(self, request):
        name = request.full_url.rsplit('/', 1)[-1]
        data = files('eark_validator.ipxml.resources.vocabs').joinpath(name).read_bytes()
        response = urllib.response.addinfourl(io.BytesIO(data), email.message.Message(), request.full_url, 200)
        response.msg = 'OK'
        return response


urllib.request.install_opener(urllib.request.build_opener(ShippedVocabularies()))

import jsonschema  # noqa: E402
from eark_validator.packages import PackageValidator  # noqa: E402
from eark_validator.specifications.specification import SpecificationVersion  # noqa: E402

# SIP14 asks every note of a CREATOR agent for NOTETYPE="IDENTIFICATIONCODE", while CSIP12-16
# require the CREATOR agent to be the software with exactly one note, typed
# csip:NOTETYPE="SOFTWARE VERSION" (the SIP profile meant the submitting organisation's note).
# No package can satisfy both, so this one error is reported but not counted.
CONTRADICTORY = {'SIP14'}

METS = '{http://www.loc.gov/METS/}'
XLINK = '{http://www.w3.org/1999/xlink}'


def validate(package: Path) -> str:
    report = PackageValidator(package, SpecificationVersion.V2_1_0).validation_report
    structure = report.structure.status.value
    schema = report.metadata.schema_results.status.value
    messages = report.metadata.schematron_results.messages + report.structure.messages
    by_severity = {}
    for m in messages:
        by_severity.setdefault(m.severity.value, []).append(m.rule_id)
    errors = [m for m in messages if m.severity.value == 'Error' and m.rule_id not in CONTRADICTORY]
    problems = []
    if structure != 'WellFormed':
        problems.append(f'structure {structure}')
    if schema != 'VALID':
        problems.append(f'METS schema {schema}: {report.metadata.schema_results.messages}')
    for m in errors:
        problems.append(f'{m.rule_id}: {m.message}')
    if problems:
        raise SystemExit('eark-validator refuses the package:\n  ' + '\n  '.join(problems))
    summary = ', '.join(f'{len(ids)} {sev.lower()} ({" ".join(sorted(set(ids)))})' for sev, ids in sorted(by_severity.items()))
    return f'structure {structure}, METS schema {schema}, schematron: {summary}; tolerated: {" ".join(sorted(CONTRADICTORY))}'


def listed_files(package: Path):
    """Every file the root METS lists, in the file section and the metadata references."""
    root = ET.parse(package / 'METS.xml').getroot()
    for element in root.iter():
        if element.tag == METS + 'file':
            location = element.find(METS + 'FLocat')
            yield location.get(XLINK + 'href'), int(element.get('SIZE')), element.get('CHECKSUM').lower()
        elif element.tag == METS + 'mdRef':
            yield element.get(XLINK + 'href'), int(element.get('SIZE')), element.get('CHECKSUM').lower()


def fixity_problems(package: Path) -> list:
    problems = []
    listed = set()
    for href, size, checksum in listed_files(package):
        listed.add(href)
        path = package / href
        if not path.is_file():
            problems.append(f'{href}: listed but missing')
            continue
        data = path.read_bytes()
        if len(data) != size or hashlib.sha256(data).hexdigest() != checksum:
            problems.append(f'{href}: size or SHA-256 differs from the METS')
    for path in package.rglob('*'):
        relative = path.relative_to(package).as_posix()
        if path.is_file() and relative != 'METS.xml' and relative not in listed:
            problems.append(f'{relative}: in the package but not in the METS')
    return problems


def check_protocols(package: Path) -> int:
    schemas = list((package / 'schemas').glob('*.json'))
    if not schemas:
        raise SystemExit('the package carries no JSON Schema for its protocols')
    schema = json.loads(schemas[0].read_text(encoding='utf-8'))
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    protocols = sorted(package.glob('representations/*/data/*/protokoll.json'))
    if not protocols:
        raise SystemExit('the package holds no protocols')
    for path in protocols:
        protocol = json.loads(path.read_text(encoding='utf-8'))
        errors = sorted(checker.iter_errors(protocol), key=lambda e: list(e.path))
        if errors:
            raise SystemExit(f'{path}: {errors[0].json_path}: {errors[0].message}')
        approved = (protocol['meeting'].get('adjustment') or {}).get('content_sha256')
        text = (path.parent / 'protokoll.txt').read_bytes()
        if approved and hashlib.sha256(text).hexdigest() != approved:
            raise SystemExit(f'{path.parent}: protokoll.txt is not the text its adjusters approved')
    return len(protocols)


def main():
    package = Path(sys.argv[1])
    if (package / 'METS.xml').is_file() is False:
        found = [p.parent for p in package.glob('*/METS.xml')]
        if len(found) != 1:
            raise SystemExit(f'no package with a METS.xml in {package}')
        package = found[0]
    summary = validate(package)
    problems = fixity_problems(package)
    if problems:
        raise SystemExit('fixity:\n  ' + '\n  '.join(problems))
    protocols = check_protocols(package)
    # The fixity check must notice a change: one byte of a PDF in a copy.
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / package.name
        shutil.copytree(package, copy)
        pdf = next(copy.glob('representations/*/data/*/protokoll.pdf'))
        data = bytearray(pdf.read_bytes())
        data[len(data) // 2] ^= 1
        pdf.write_bytes(bytes(data))
        if not fixity_problems(copy):
            raise SystemExit('a changed PDF went unnoticed by the fixity check')
    files_listed = sum(1 for _ in listed_files(package))
    print(f'eark-validator on {package.name}: {summary}; {files_listed} files match their METS size and SHA-256 '
          f'(a changed copy is caught); {protocols} protokoll.json valid against the package schema, '
          f'their texts those approved')


if __name__ == '__main__':
    main()

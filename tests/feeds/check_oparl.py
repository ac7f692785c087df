"""Walks Samverkan's OParl 1.1 interface from /oparl/v1/system to every list and object it
links, and validates each object (embedded ones too) against the OParl 1.1 JSON Schemas read
from ../shared/standards/oparl-1.1/schema. Also checks that nothing of a draft's minutes or of
a confidential item is published. Usage: python check_oparl.py BASE_URL SCHEMA_DIR"""

import json
import sys
import urllib.request
from collections import deque
from pathlib import Path

import jsonschema

PREFIX = "https://schema.oparl.org/1.1/"
CONFIDENTIAL = "Sekretessbelagt ärende"
LIMIT = 4000


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers.get("content-type", "").startswith("application/json"), url
        return json.load(response)


def main() -> None:
    base, schema_dir = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    schemas = {path.stem: json.loads(path.read_text()) for path in schema_dir.glob("*.json")}
    system = fetch(f"{base}/oparl/v1/system")
    # Ids are absolute addresses from the configured public URL; walk them on the server at hand.
    public = system["id"].removesuffix("/oparl/v1/system")

    def local(url: str) -> str:
        return base + url.removeprefix(public)

    seen, queue = set(), deque([system["id"]])
    counts: dict[str, int] = {}

    def check(obj) -> None:
        kind = obj.get("type", "")
        assert kind.startswith(PREFIX), f"unknown type {kind!r}"
        name = kind.removeprefix(PREFIX)
        jsonschema.validate(obj, schemas[name])
        assert obj["id"].startswith(public), obj["id"]
        assert "created" in obj and "modified" in obj, f"{obj['id']} lacks created/modified"
        counts[name] = counts.get(name, 0) + 1
        if name == "Meeting":
            adjusted = obj.get("meetingState") in ("justerat", "publicerat")
            for item in obj.get("agendaItem", []):
                if not adjusted:
                    assert "resolutionText" not in item, f"a draft's decision in {obj['id']}"
                if item.get("public") is False:
                    assert item["name"] == CONFIDENTIAL and "resolutionText" not in item, item["id"]
        for key, value in obj.items():
            for inner in value if isinstance(value, list) else [value]:
                if isinstance(inner, dict) and str(inner.get("type", "")).startswith(PREFIX):
                    check(inner)
                elif isinstance(inner, str) and inner.startswith(public + "/oparl/v1/") and key not in ("id", "type"):
                    queue.append(inner.split("#")[0])

    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        answer = fetch(local(url))
        if "data" in answer:
            for obj in answer["data"]:
                check(obj)
            if "next" in answer.get("links", {}):
                queue.append(answer["links"]["next"])
        else:
            check(answer)
    assert counts.get("Meeting") and counts.get("AgendaItem") and counts.get("Person"), counts
    print(f"OParl: {len(seen)} addresses walked; valid against the 1.1 schemas: "
          + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))


if __name__ == "__main__":
    main()

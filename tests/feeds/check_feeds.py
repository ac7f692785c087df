"""Reads Samverkan's feeds with independent parsers: feedparser for the Atom feeds of a body and
of the notice board, icalendar for a body's calendar subscription. Run against a server with the
demo data: python check_feeds.py http://127.0.0.1:PORT BODY_ID"""

import sys
import urllib.request

import feedparser
import icalendar


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers.get("content-type", ""), response.read()


def main() -> None:
    base, body = sys.argv[1].rstrip("/"), sys.argv[2]

    kind, data = fetch(f"{base}/organ/{body}/flode.atom")
    assert kind.startswith("application/atom+xml"), kind
    feed = feedparser.parse(data)
    assert not feed.bozo, f"the body's feed is not well-formed: {feed.bozo_exception}"
    titles = [entry.title for entry in feed.entries]
    adjusted = [t for t in titles if t.startswith("Justerat protokoll")]
    notices = [t for t in titles if t.startswith("Kallelse")]
    assert adjusted, f"no adjusted protocol in {titles}"
    # Links are absolute, on the address the server is configured to be reached at.
    public = feed.feed.link.split("/organ/")[0]
    assert public.startswith("http"), feed.feed.link
    assert all(entry.link.startswith(public + "/moten/") for entry in feed.entries)
    assert all(entry.id and entry.updated for entry in feed.entries)
    print(f"feedparser: body feed with {len(adjusted)} adjusted protocols and {len(notices)} notices")

    kind, data = fetch(f"{base}/anslagstavla.atom")
    board = feedparser.parse(data)
    assert not board.bozo, f"the notice board's feed is not well-formed: {board.bozo_exception}"
    print(f"feedparser: notice board feed with {len(board.entries)} notices up")

    kind, data = fetch(f"{base}/organ/{body}/kalender.ics")
    assert kind.startswith("text/calendar"), kind
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert events, "no meeting in the calendar"
    uids = {str(event["UID"]) for event in events}
    assert len(uids) == len(events), "every meeting is its own event"
    for event in events:
        assert event.get("DTSTART") is not None and str(event["SUMMARY"]).startswith("Sammanträde")
        assert str(event["URL"]).startswith(public + "/moten/")
    print(f"icalendar: {len(events)} meetings in the body's calendar")


if __name__ == "__main__":
    main()

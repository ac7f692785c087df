//! `samverkan bench search`: the search index over a generated archive the size of a large
//! region's history, 21 bodies × 30 years.

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::NaiveDate;
use samverkan_domain::*;
use samverkan_search::{Filters, Kind, SearchIndex, SearchRequest, Visibility};

/// Words the generated protocols are made of (lemmas and inflected forms, as protocols write).
const VOCABULARY: [&str; 72] = [
    "hemsjukvård",
    "hemsjukvården",
    "psykiatri",
    "psykiatrin",
    "äldre",
    "äldreomsorg",
    "barn",
    "unga",
    "samverkan",
    "samverkansavtal",
    "överenskommelse",
    "överenskommelsen",
    "kostnadsfördelning",
    "befolkningsandel",
    "statsbidrag",
    "stimulansmedel",
    "uppföljning",
    "rapport",
    "lägesrapport",
    "rekommendation",
    "huvudmännen",
    "kommunerna",
    "regionen",
    "landstinget",
    "beslut",
    "beslutade",
    "uppdrag",
    "uppdraget",
    "arbetsgrupp",
    "arbetsgruppen",
    "utskrivning",
    "slutenvård",
    "betalningsansvar",
    "läkemedel",
    "läkemedelsgenomgång",
    "missbruk",
    "beroende",
    "socialtjänst",
    "primärvård",
    "vårdcentral",
    "ambulans",
    "rehabilitering",
    "hjälpmedel",
    "demens",
    "suicidprevention",
    "elevhälsa",
    "familjecentral",
    "budget",
    "verksamhetsplan",
    "handlingsplan",
    "rutin",
    "riktlinje",
    "samordnad",
    "individuell",
    "plan",
    "informationsöverföring",
    "journal",
    "digital",
    "distans",
    "bemanning",
    "kompetens",
    "utbildning",
    "nätverk",
    "dialog",
    "förslag",
    "remiss",
    "yttrande",
    "godkänna",
    "anta",
    "återrapportera",
    "bordlägga",
    "information",
];

/// The small words that make up most of any Swedish text.
const FUNCTION_WORDS: [&str; 24] = [
    "och", "att", "som", "för", "det", "i", "på", "med", "till", "av", "om", "en", "ett", "är", "har", "ska", "kan",
    "inte", "de", "den", "vid", "under", "efter", "samt",
];

/// A small deterministic generator, so every run indexes the same archive.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Text about a topic, as a protocol writes it: mostly small words, the topic's own words
    /// often, now and then another subject.
    fn prose(&mut self, topic: &[&str], count: usize) -> String {
        (0..count)
            .map(|_| match self.below(100) {
                0..=59 => FUNCTION_WORDS[self.below(FUNCTION_WORDS.len())],
                60..=93 => topic[self.below(topic.len())],
                _ => VOCABULARY[self.below(VOCABULARY.len())],
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// An item's subject: two words of the vocabulary.
    fn topic(&mut self) -> [&'static str; 2] {
        [
            VOCABULARY[self.below(VOCABULARY.len())],
            VOCABULARY[self.below(VOCABULARY.len())],
        ]
    }
}

/// Generates the archive: every body meets ten times a year, with items spread over meetings.
pub(super) fn archive(items: usize) -> Vec<Protocol> {
    const BODIES: i64 = 21;
    const YEARS: i32 = 30;
    const MEETINGS_PER_YEAR: usize = 10;
    let meetings = BODIES as usize * YEARS as usize * MEETINGS_PER_YEAR;
    let per_meeting = items.div_ceil(meetings).max(1);
    let mut random = Xorshift(0x5a17_e4c4_9e37_79b9);
    let mut protocols = Vec::with_capacity(meetings);
    let (mut item_id, mut made) = (1, 0);
    for body_id in 1..=BODIES {
        let body = Body {
            id: BodyId(body_id),
            name: format!("Samverkansorgan {body_id}"),
            short_name: format!("SO{body_id}"),
            parent_id: None,
            county_code: None,
            numbering: NumberingRule::PerYear,
            description: None,
            notice_days: samverkan_domain::DEFAULT_NOTICE_DAYS,
            logo_sha256: None,
        };
        for year in 1996..1996 + YEARS {
            for m in 0..MEETINGS_PER_YEAR {
                let date = NaiveDate::from_ymd_opt(year, m as u32 + 1, 15).expect("valid date");
                let mut meeting = Meeting::plan(body.id, date, None, None, None).expect("valid meeting");
                meeting.id = MeetingId(protocols.len() as i64 + 1);
                meeting.status = MeetingStatus::Published;
                let mut list = Vec::new();
                for n in 0..per_meeting {
                    if made == items {
                        break;
                    }
                    let topic = random.topic();
                    let title = format!("{} {}", random.prose(&topic, 3), topic[0]);
                    let mut item = Item::new(ItemNumber::paragraph(n as u32 + 1), title);
                    item.id = ItemId(item_id);
                    item.notes = vec![random.prose(&topic, 40), random.prose(&topic, 30)];
                    item.decision = Some(Decision {
                        preamble: Some(format!("{} beslutar", body.short_name)),
                        clauses: vec![Clause {
                            label: None,
                            text: format!("att {}", random.prose(&topic, 10)),
                        }],
                    });
                    item.outcome = Some(ItemOutcome::Decided);
                    item.confidential = random.below(50) == 0;
                    // Something to follow up, as real protocols have: recommendations to the
                    // member organisations and assignments with a due date.
                    if random.below(10) == 0 {
                        item.recommendations.push(Recommendation {
                            text: format!("Huvudmännen rekommenderas att {}", random.prose(&topic, 8)),
                            addressees: vec![Addressee::Group {
                                name: "huvudmännen".into(),
                            }],
                        });
                    }
                    if random.below(15) == 0 {
                        item.assignments.push(Assignment {
                            assignee: "Arbetsgruppen".into(),
                            assignee_person_id: None,
                            assignee_organisation_id: None,
                            task: random.prose(&topic, 6),
                            due: Some(Due::Date {
                                date: NaiveDate::from_ymd_opt(year, m as u32 + 1, 28).expect("valid date"),
                            }),
                            status: AssignmentStatus::Open,
                        });
                    }
                    list.push(item);
                    item_id += 1;
                    made += 1;
                }
                protocols.push(Protocol {
                    body: body.clone(),
                    meeting,
                    items: list,
                });
            }
        }
    }
    protocols
}

/// Resident and peak memory of this process, from /proc (Linux), in MiB.
pub(super) fn memory_mib() -> (f64, f64) {
    memory_of("self")
}

/// Resident and peak memory of process `pid` ("self" for this one), in MiB.
pub(super) fn memory_of(pid: &str) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// 100 queries: single words, inflected forms, pairs, phrases, and filtered searches.
fn queries() -> Vec<SearchRequest> {
    let mut random = Xorshift(0x1234_5678_9abc_def1);
    (0..100)
        .map(|i| {
            let query = match i % 4 {
                0 => VOCABULARY[random.below(VOCABULARY.len())].to_string(),
                1 => format!("{} {}", VOCABULARY[random.below(72)], VOCABULARY[random.below(72)]),
                2 => format!("\"{} {}\"", VOCABULARY[random.below(72)], VOCABULARY[random.below(72)]),
                _ => format!("{} OR {}", VOCABULARY[random.below(72)], VOCABULARY[random.below(72)]),
            };
            let filters = match i % 5 {
                1 => Filters {
                    body: Some(BodyId(random.below(21) as i64 + 1)),
                    ..Filters::default()
                },
                2 => Filters {
                    year: Some(1996 + random.below(30) as i32),
                    ..Filters::default()
                },
                3 => Filters {
                    kind: Some(Kind::Decision),
                    from: NaiveDate::from_ymd_opt(2010, 1, 1),
                    to: NaiveDate::from_ymd_opt(2015, 12, 31),
                    ..Filters::default()
                },
                _ => Filters::default(),
            };
            SearchRequest {
                filters,
                visibility: if i % 2 == 0 {
                    Visibility::Public
                } else {
                    Visibility::Member {
                        bodies: vec![BodyId(3), BodyId(7)],
                    }
                },
                ..SearchRequest::public(&query)
            }
        })
        .collect()
}

pub fn run(items: usize) -> Result<()> {
    let (rss_before, _) = memory_mib();
    let generated = Instant::now();
    let protocols = archive(items);
    let generation = generated.elapsed();
    let directory = std::env::temp_dir().join(format!("samverkan-bench-index-{}", std::process::id()));
    let (index, _) = SearchIndex::open_or_create(&directory).map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = Instant::now();
    let indexed = index.rebuild(protocols).map_err(|e| anyhow::anyhow!("{e}"))?;
    let build = started.elapsed();
    let (rss_indexed, _) = memory_mib();

    let requests = queries();
    // One pass to warm the caches, then the measured pass.
    for request in &requests {
        index.search(request).map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(requests.len());
    let mut total_hits = 0;
    for request in &requests {
        let start = Instant::now();
        total_hits += index.search(request).map_err(|e| anyhow::anyhow!("{e}"))?.total;
        latencies.push(start.elapsed());
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (rss_after, peak) = memory_mib();
    let size: u64 = std::fs::read_dir(&directory)?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    let _ = std::fs::remove_dir_all(&directory);
    println!("search index over {indexed} generated items (21 bodies × 30 years), on disk in a temporary directory");
    println!("  generating the archive: {:.1} s", generation.as_secs_f64());
    println!(
        "  index build: {:.1} s, index size {:.0} MiB",
        build.as_secs_f64(),
        size as f64 / 1048576.0
    );
    println!(
        "  100 queries ({total_hits} hits in all): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(latencies[49]),
        ms(latencies[94]),
        ms(latencies[99])
    );
    println!("  memory: RSS {rss_before:.0} MiB before, {rss_indexed:.0} MiB after indexing, {rss_after:.0} MiB after queries, peak {peak:.0} MiB");
    Ok(())
}

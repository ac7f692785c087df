//! An item's content: presenters, notes, the decision and its clauses, recommendations and their
//! addressees, assignments with assignee and deadline, the outcome (tabled, noted, returns),
//! attachments and the distribution list.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use samverkan_domain::{
    Addressee, Assignment, AssignmentStatus, Attachment, Clause, Decision, Due, Item, ItemNumber, ItemOutcome,
    Presenter, Recommendation,
};

use crate::dates;
use crate::layout::RawItem;

static DECISION_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.{2,70}?)(?: beslutar| beslut|s beslut)$").unwrap());
static DATED_DECISION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(Beslut(?:\s+\d+)?:?\s*(?:\d{4}-\d{2}-\d{2})?:)\s*(.*)$").unwrap());
static NUMBERED_CLAUSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})[.)]\s+(.+)$").unwrap());
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-•*]\s*(.+)$").unwrap());
static PRESENTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Föredragande:\s*(.+)$").unwrap());
static ATTACHMENT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:-\s*)?(?:Bilaga\s+)?(\d+(?:\.\d+)+)\s+(.+)$").unwrap());
static RECOMMENDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:rekommenderar|rekommendera)\s+(.+?)\s+(?:att\b|tillämpa|besluta)|rekommenderas\s+(.+?)\s+(?:att\b|tillämpa)|^Rekommendation till\s+(\S+(?:\s\S+){0,3}):$").unwrap()
});
static ASSIGNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bger\s+(.+?)\s+i uppdrag(?:\s+att)?\s+(.+)|^(?:att\s+)?(.+?)\s+(?:får|ges)\s+i\s+uppdrag(?:\s+att)?\s+(.+)|uppdra[sg]?\s+(?:till|åt)\s+(.+?)\s+att\s+(.+)|^uppdrag\s+åt\s+(.+?)\s+att\s+(.+))").unwrap()
});
static RETURNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:tas\s+(?:ärendet\s+)?upp|återkommer|tas upp)\s+(?:vid\s+)?(nästa sammanträde|ordinarie sammanträde(?: den)?\s+\d{1,2}\s+[a-zåäö]+(?:\s+\d{4})?)|(?:frågan|ärendet)\s+tas\s+upp\s+(?:vid\s+)?nästa\s+sammanträde").unwrap()
});

/// Keeps every text of a read item within the domain's limits without losing a word: a title
/// too long for a title moves whole to the front of the notes (the title keeps its opening
/// words), and an overlong paragraph or clause is split at spaces into several.
pub fn fit_to_limits(item: &mut Item) {
    use samverkan_domain::limits::{TEXT, TITLE};
    if item.title.chars().count() > TITLE {
        let whole = std::mem::take(&mut item.title);
        item.title = pieces(&whole, TITLE - 1).swap_remove(0) + "…";
        item.notes.insert(0, whole);
    }
    item.notes = item.notes.iter().flat_map(|note| pieces(note, TEXT)).collect();
    if let Some(decision) = &mut item.decision {
        decision.clauses = decision
            .clauses
            .iter()
            .flat_map(|clause| {
                pieces(&clause.text, TEXT).into_iter().map(|text| Clause {
                    label: clause.label.clone(),
                    text,
                })
            })
            .collect();
    }
}

/// `text` in pieces of at most `max` characters, cut at the last space before the limit
/// where there is one.
fn pieces(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.chars().count() > max {
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let cut = rest[..limit].rfind(' ').filter(|&i| i > 0).unwrap_or(limit);
        out.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    out.push(rest.to_string());
    out
}

/// Turns a raw item into a domain item. `year` resolves dates written without one.
pub fn interpret(raw: &RawItem, meeting_date: NaiveDate, known_names: &[String]) -> Item {
    let number = ItemNumber::parse(&raw.number).unwrap_or_else(|_| ItemNumber::paragraph(0));
    let mut item = Item::new(number, raw.title.clone());
    let mut tabled = false;
    title_extras(&mut item, known_names);
    for side in &raw.side {
        read_side(&mut item, side, &mut tabled, known_names);
    }
    let mut decision: Option<Decision> = None;
    if !raw.decision.is_empty() || raw.decision_preamble.is_some() {
        decision = Some(Decision {
            preamble: raw.decision_preamble.clone(),
            clauses: raw.decision.iter().map(|t| clause(None, t)).collect(),
        });
    }
    item.proceedings = raw.proceedings.clone();
    if raw.plain_notes {
        item.notes.extend(raw.body.iter().cloned());
        item.distribution.extend(raw.distribution.iter().cloned());
    } else {
        read_body(&mut item, &raw.body, &mut decision, &mut tabled);
    }
    item.notes.extend(raw.table_rows.iter().cloned());
    let year = meeting_date.format("%Y").to_string().parse().unwrap_or(2000);
    if let Some(decision) = &decision {
        for (k, clause) in decision.clauses.iter().enumerate() {
            if let Some(mut r) = recommendation(&clause.text) {
                // "Rekommendation till verksamhetsgruppen:" heads what follows.
                if clause.text.ends_with(':') {
                    if let Some(next) = decision.clauses.get(k + 1) {
                        r.text = next.text.clone();
                    }
                }
                item.recommendations.push(r);
            }
            item.assignments.extend(assignment(&clause.text, year));
        }
    }
    if item.presenters.is_empty() {
        item.presenters
            .extend(item.notes.first().and_then(|n| implicit_presenter(n, known_names)));
    }
    let texts: Vec<&str> = decision
        .iter()
        .flat_map(|d| d.clauses.iter().map(|c| c.text.as_str()))
        .chain(item.notes.iter().map(String::as_str))
        .collect();
    item.outcome = outcome(decision.as_ref(), &texts, tabled, meeting_date);
    item.decision = decision;
    item
}

/// A table item's title may end with its presenters' first names ("… Brittinger o Yngve") or
/// point to an attachment ("… Se bilagd fil").
fn title_extras(item: &mut Item, known_names: &[String]) {
    static TRAILING_NAMES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s(\p{Lu}\p{Ll}+) (?:o|och) (\p{Lu}\p{Ll}+)$").unwrap());
    // "Se bilagd fil", "se bifogade dokument": a pointer to an attachment, not part of the title.
    static SEE_ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*\bse\s+(?:bilagd|bilagda|bifogad|bifogade|bilagt|bifogat)\s+(?:fil|filer|dokument|presentation|material)\.?$").unwrap()
    });
    if let Some(m) = SEE_ATTACHED.find(&item.title.clone()) {
        let pointer = m.as_str().trim().to_string();
        item.title = item.title[..m.start()].trim().to_string();
        item.attachments.push(attachment("Bilaga", &pointer));
    }
    if let Some(c) = TRAILING_NAMES.captures(&item.title.clone()) {
        if [&c[1], &c[2]].iter().any(|first| known_first_name(first, known_names)) {
            item.presenters.push(presenter(&c[1]));
            item.presenters.push(presenter(&c[2]));
            item.title = item.title[..c.get(0).unwrap().start()].trim().to_string();
        }
    }
}

fn known_first_name(first: &str, known_names: &[String]) -> bool {
    known_names.iter().any(|n| n.split_whitespace().next() == Some(first))
}

/// Whether `text` starts with the name of someone in the attendance list.
fn known_name_prefix<'a>(text: &'a str, known_names: &[String]) -> Option<&'a str> {
    let normalised = text.replace('-', " ");
    known_names
        .iter()
        .filter(|n| normalised.starts_with(&n.replace('-', " ")))
        .map(|n| &text[..n.len().min(text.len())])
        .max_by_key(|n| n.len())
}

/// The first column of a table item: presenters, "Bilaga: title", "Bordlagt ärende"; a line
/// that is none of these finishes the title.
fn read_side(item: &mut Item, side: &str, tabled: &mut bool, known_names: &[String]) {
    if let Some((before, after)) = side.split_once("Bilaga:") {
        if !before.trim().is_empty() {
            read_side(item, before.trim(), tabled, known_names);
        }
        item.attachments.push(attachment("Bilaga", after.trim()));
        return;
    }
    if side.starts_with("Bordlagt") {
        *tabled = true;
        item.notes.push(side.to_string());
    } else if let Some(name) = known_name_prefix(side, known_names) {
        let rest = side[name.len()..].trim();
        // "Stina Saitton Landstinget Pia Friberg Umeå kommun": two presenters with organisations.
        let (description, more) = match known_names.iter().find_map(|n| rest.find(n.as_str()).map(|at| (at, n))) {
            Some((at, _)) => (rest[..at].trim(), Some(rest[at..].trim())),
            None => (rest, None),
        };
        item.presenters.push(Presenter {
            person_id: None,
            name: name.to_string(),
            description: (!description.is_empty()).then(|| description.to_string()),
        });
        if let Some(more) = more {
            read_side(item, more, tabled, known_names);
        }
    } else {
        item.title = format!("{} {side}", item.title).trim().to_string();
    }
}

/// "Jan Persson, Regionförbundet, informerar om …": who presents when no "Föredragande" says so.
fn implicit_presenter(note: &str, known_names: &[String]) -> Option<Presenter> {
    static INTRO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+){1,2})(?:, ([^,]{2,60}),)? (?:informerar|redovisar|redogör|presenterar|går igenom|hälsar)\b").unwrap()
    });
    let c = INTRO.captures(note)?;
    let name = c[1].to_string();
    let known = known_names
        .iter()
        .any(|n| n.replace('-', " ") == name.replace('-', " "))
        || c.get(2).is_some();
    known.then(|| Presenter {
        person_id: None,
        name,
        description: c.get(2).map(|d| d.as_str().to_string()),
    })
}

#[derive(PartialEq)]
enum State {
    Notes,
    /// After "<Body> beslutar": every paragraph belongs to the decision.
    Decision,
    /// After "Beslut 1: …": lists and quotes that follow belong to the decision.
    DatedDecision,
    Distribution,
    Attachments,
}

fn read_body(item: &mut Item, body: &[String], decision: &mut Option<Decision>, tabled: &mut bool) {
    let mut state = State::Notes;
    for paragraph in body {
        let p = paragraph.replace("**", "");
        let p = p.trim();
        if let Some(c) = PRESENTER.captures(p) {
            item.presenters.extend(presenters(&c[1]));
            continue;
        }
        if p.starts_with("Protokollet ska skickas till") {
            state = State::Distribution;
            let rest = p
                .trim_start_matches("Protokollet ska skickas till")
                .trim_start_matches(':')
                .trim();
            if !rest.is_empty() {
                item.distribution.push(rest.to_string());
            }
            continue;
        }
        if p == "Bilagor:" || p == "Bilagor" {
            state = State::Attachments;
            continue;
        }
        if let Some(c) = ATTACHMENT_LINE
            .captures(p)
            .filter(|_| p.starts_with("Bilaga") || state == State::Attachments)
        {
            item.attachments
                .push(attachment(&format!("Bilaga {}", &c[1]), c[2].trim()));
            continue;
        }
        if p.len() <= 80 && DECISION_HEADING.is_match(p) {
            let d = decision.get_or_insert_with(Decision::default);
            d.preamble = Some(p.to_string());
            state = State::Decision;
            continue;
        }
        if let Some(c) = DATED_DECISION.captures(p) {
            let d = decision.get_or_insert_with(Decision::default);
            let label = c[1].trim().to_string();
            // "Beslut 2016-10-14:" dates the decision; "Beslut 1: 2016-10-14:" labels one of several.
            let numbered = label.chars().nth(7).is_some_and(|ch| ch.is_ascii_digit()) && label.contains(": ");
            if numbered || d.preamble.is_some() {
                d.clauses.push(clause(Some(label), &c[2]));
            } else {
                d.preamble = Some(label);
                d.clauses.push(clause(None, &c[2]));
            }
            state = State::DatedDecision;
            continue;
        }
        match state {
            State::Distribution if p.chars().count() <= 60 && !p.ends_with('.') => {
                item.distribution.push(p.to_string());
                continue;
            }
            State::Attachments if p.starts_with('-') => {
                item.attachments
                    .push(attachment("Bilaga", p.trim_start_matches('-').trim()));
                continue;
            }
            State::Decision => {
                let d = decision.get_or_insert_with(Decision::default);
                d.clauses.push(numbered_clause(p));
                continue;
            }
            State::DatedDecision if p.starts_with(['-', '"', '”', '“']) => {
                let d = decision.get_or_insert_with(Decision::default);
                d.clauses.push(numbered_clause(p));
                continue;
            }
            _ => {}
        }
        state = State::Notes;
        if p.starts_with("Bordlagt") {
            *tabled = true;
        }
        item.notes.push(p.to_string());
    }
}

fn numbered_clause(p: &str) -> Clause {
    if let Some(c) = NUMBERED_CLAUSE.captures(p) {
        return clause(Some(c[1].to_string()), &c[2]);
    }
    if let Some(c) = BULLET.captures(p) {
        return clause(None, c[1].trim());
    }
    clause(None, p)
}

fn clause(label: Option<String>, text: &str) -> Clause {
    // "- att** skapa …": emphasis marks in a converted document are not text.
    Clause {
        label,
        text: text.replace("**", "").split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

fn attachment(label: &str, title: &str) -> Attachment {
    Attachment {
        label: label.to_string(),
        title: title.trim().trim_end_matches(',').to_string(),
        file_sha256: None,
        file_name: None,
        media_type: None,
    }
}

/// "Kristina Borén och Nickolas Maxon", "Marie Paulsson projektledare avdelningen …",
/// "Anneli Westling ordförande & Eva Fallgren utvecklingsstrateg".
fn presenters(text: &str) -> Vec<Presenter> {
    let text = text.trim().trim_end_matches('.');
    text.split(" och ")
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| {
            let parts: Vec<&str> = p.split(", ").collect();
            if parts.iter().all(|part| starts_with_name(part)) {
                parts
            } else {
                vec![p]
            }
        })
        .map(presenter)
        .collect()
}

fn starts_with_name(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().take(2).collect();
    words.len() == 2 && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()))
}

/// A presenter: the leading capitalised words are the name, the rest describes them.
fn presenter(text: &str) -> Presenter {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let name_len = words
        .iter()
        .position(|w| !w.starts_with(|c: char| c.is_uppercase()) || w.starts_with('(') || w.ends_with(','))
        .map(|at| {
            if words[at].ends_with(',') && words[at].starts_with(|c: char| c.is_uppercase()) {
                at + 1
            } else {
                at
            }
        })
        .unwrap_or(words.len())
        .clamp(1, 3)
        .min(words.len());
    let name = words[..name_len].join(" ").trim_end_matches(',').to_string();
    let rest = words[name_len..].join(" ");
    let description = rest.trim().trim_start_matches(',').trim();
    Presenter {
        person_id: None,
        name,
        description: (!description.is_empty()).then(|| description.to_string()),
    }
}

/// "rekommenderar huvudmännen att …", "rekommenderas kommuner och landsting tillämpa …",
/// "Rekommendation till verksamhetsgruppen:".
fn recommendation(text: &str) -> Option<Recommendation> {
    let c = RECOMMENDS.captures(text)?;
    let addressee = c.get(1).or(c.get(2)).or(c.get(3))?.as_str().trim();
    Some(Recommendation {
        text: text.to_string(),
        addressees: vec![Addressee::Group {
            name: addressee.to_string(),
        }],
    })
}

/// The assignee without a body that opens the sentence ("<Nämnden> ger X i uppdrag") or a
/// phrase before it ending in a body word.
fn without_leading_body(who: &str) -> &str {
    let words: Vec<&str> = who.split(' ').collect();
    let body = words.iter().take(6).rposition(|w| crate::reader::head::is_body_word(w));
    match body {
        Some(k) if k + 1 < words.len() => {
            let skip: usize = words[..=k].iter().map(|w| w.len() + 1).sum();
            who[skip..].trim()
        }
        _ => who,
    }
}

/// "ger L-IFO i uppdrag att utreda …", "Marie Ernestad får i uppdrag att …", "Uppdras till
/// verksamhetsgruppen att …", "Uppdrag åt Marie Ernestad att i april återkomma …".
fn assignment(text: &str, year: i32) -> Option<Assignment> {
    let c = ASSIGNS.captures(text)?;
    let (who, task) = [(1, 2), (3, 4), (5, 6), (7, 8)]
        .into_iter()
        .find_map(|(a, b)| Some((c.get(a)?.as_str(), c.get(b)?.as_str())))?;
    // "X utser en representant som får i uppdrag": the assignee is X, not the clause after it.
    static APPOINTS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s(?:tar fram|utser|utse|väljer|nominerar|tillsätter|bildar|utsåg|valde)\s").unwrap()
    });
    let who = APPOINTS.split(who).next().unwrap_or(who);
    let who = who.split(" som ").next().unwrap_or(who);
    let who = without_leading_body(who.trim());
    let due = dates::dates_in(task, Some(year))
        .first()
        .map(|f| Due::Date { date: f.date })
        .or_else(|| dates::month_deadline(task, year).map(|(year, month)| Due::Month { year, month }));
    Some(Assignment {
        assignee: who.to_string(),
        assignee_person_id: None,
        assignee_organisation_id: None,
        task: task.trim().to_string(),
        due,
        status: AssignmentStatus::Open,
    })
}

/// What became of the item: returns later, tabled, noted, or decided.
fn outcome(decision: Option<&Decision>, texts: &[&str], tabled: bool, meeting_date: NaiveDate) -> Option<ItemOutcome> {
    let year = meeting_date.format("%Y").to_string().parse().unwrap_or(2000);
    for text in texts {
        if let Some(c) = RETURNS.captures(text) {
            let when = c.get(1).map(|m| m.as_str()).unwrap_or("nästa sammanträde");
            let returns = match dates::dates_in(when, Some(year)).first() {
                Some(found) => Due::Date { date: found.date },
                None => Due::NextMeeting,
            };
            return Some(ItemOutcome::Discussed { returns: Some(returns) });
        }
    }
    let decision = decision.filter(|d| !d.clauses.is_empty());
    if tabled && decision.is_none() {
        return Some(ItemOutcome::Tabled { until: None });
    }
    // "läggs till handlingarna", "lägga informationen till protokollet": noted, nothing decided.
    static NOTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bl[äa]gg(?:s|a|as|er)\s+(?:\p{L}+\s+){0,2}till\s+(?:handlingarna|protokollet)").unwrap()
    });
    let noted = |t: &str| NOTED.is_match(t);
    match decision {
        Some(d) if d.clauses.iter().all(|c| noted(&c.text)) => Some(ItemOutcome::Noted),
        Some(_) => Some(ItemOutcome::Decided),
        None if texts.iter().any(|t| noted(t)) => Some(ItemOutcome::Noted),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_texts_are_split_never_cut() {
        use samverkan_domain::limits::{TEXT, TITLE};
        let title = "ord ".repeat(TITLE);
        let note = "anteckning ".repeat(TEXT / 5);
        let mut item = Item::new(ItemNumber::paragraph(1), title.clone());
        item.notes = vec![note.clone()];
        fit_to_limits(&mut item);
        assert!(item.validate().is_ok());
        assert!(item.title.starts_with("ord ord") && item.title.ends_with('…'));
        assert_eq!(item.notes[0], title, "the whole title is kept in the notes");
        let words = |t: &str| t.split_whitespace().count();
        assert_eq!(item.notes[1..].iter().map(|n| words(n)).sum::<usize>(), words(&note));
        assert_eq!(pieces("ab cd", 3), ["ab", "cd"]);
        assert_eq!(pieces("abcdef", 4), ["abcd", "ef"]);
    }

    #[test]
    fn assignments_name_the_assignee_and_the_deadline() {
        let a = assignment(
            "Sociala vård- och omsorgsgruppen ger L-IFO i uppdrag att utreda om modellen kan användas.",
            2012,
        )
        .unwrap();
        assert_eq!(a.assignee, "L-IFO");
        assert!(a.task.starts_with("utreda"));
        let a = assignment("Uppdrag åt Marie Ernestad att i april återkomma med förslag", 2011).unwrap();
        assert_eq!(a.assignee, "Marie Ernestad");
        assert_eq!(a.due, Some(Due::Month { year: 2011, month: 4 }));
        assert!(assignment("Godkänns enligt förslag", 2011).is_none());
    }

    #[test]
    fn recommendations_name_their_addressees() {
        let r =
            recommendation("Sociala vård- och omsorgsgruppen rekommenderar huvudmännen att besluta om fördelningen")
                .unwrap();
        assert_eq!(r.addressees[0].name(), "huvudmännen");
        let r = recommendation(
            "Godkänns föreslagen uppläggning och rekommenderas kommuner och landsting tillämpa överenskommelsen.",
        )
        .unwrap();
        assert_eq!(r.addressees[0].name(), "kommuner och landsting");
    }
}

//! An item's proceedings as Swedish protocols write them: the paragraphs under "Beslutsunderlag",
//! "Jäv", "Yrkanden"/"Överläggning", "Propositionsordning"/"Beslutsgång", "Omröstning"/
//! "Votering", "Reservation" and "Protokollsanteckning", and the same statements in running
//! text ("X (S) reserverar sig", "X anmäler jäv", "Ja: 7, Nej: 4").

use std::sync::LazyLock;

use regex::Regex;
use samverkan_domain::{Ballot, Choice, Proceedings, Statement, Vote};

use super::names;

/// Which kind of proceedings a sub-heading begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Basis,
    Disqualified,
    Motions,
    Procedure,
    Votes,
    Reservations,
    ProtocolNotes,
}

/// The statement verbs, each with the kind it makes: what follows a person's name.
static MOVES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:yrkar|yrkade)\b").unwrap());
static RESERVES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\breserver(?:ar|ade|a)\b").unwrap());
static NOTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:lämnar|lämnade|får|anmäler|antecknar)\b.{0,40}\bprotokollsanteckning").unwrap()
});
static DISQUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:anmäler|anmälde|anmäls|förklarar sig)\b.{0,20}\bjävig?\b|\bjäv\b.{0,40}\bdeltar\s+inte\b|\bdeltar\s+inte\b.{0,60}\bjäv\b").unwrap()
});
/// The voting proposition: what a yes and a no stand for.
static PROPOSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bröstar\s+ja\b|\bvoteringsproposition\b|\bja-röst\s+för\b").unwrap());
static YES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bja(?:-?röster|-?röst)?\s*[:=]?\s*(\d{1,4})\b|\b(\d{1,4})\s+ja(?:-?röster|-?röst)?\b").unwrap()
});
static NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnej(?:-?röster|-?röst)?\s*[:=]?\s*(\d{1,4})\b|\b(\d{1,4})\s+nej(?:-?röster|-?röst)?\b").unwrap()
});
static ABSTAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:avstår|avstod|avstående|avstår från att rösta|nedlagda röster)\s*[:=]?\s*(\d{1,4})\b|\b(\d{1,4})\s+(?:ledamöter\s+)?(?:avstår|avstod|avstående|nedlagda)\b").unwrap()
});
/// "med 7 röster mot 4": a count written without yes and no.
static FOR_AGAINST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bmed\s+(\d{1,4})\s+röster\s+mot\s+(\d{1,4})\b").unwrap());
/// A document of a basis list may be a bullet or a plain line.
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-–•*·▪]\s*").unwrap());

/// Reads the paragraphs of one item's proceedings; what it does not take stays in the notes.
#[derive(Default)]
pub struct Reader {
    pub proceedings: Proceedings,
    /// The kind the last taken paragraph went to, so that a continuation joins it.
    last: Option<Kind>,
}

impl Reader {
    /// A paragraph under a proceedings sub-heading; `false` when it belongs in the notes.
    pub fn under_heading(&mut self, kind: Kind, p: &str) -> bool {
        if self.statement(p, Some(kind)) {
            return true;
        }
        let point = BULLET.replace(p, "").trim().to_string();
        let pr = &mut self.proceedings;
        match kind {
            Kind::Basis => pr.basis.push(point),
            Kind::Procedure => pr.procedure.push(point),
            Kind::Votes => {
                if !self.ballots(&point) {
                    self.proceedings.procedure.push(point);
                }
            }
            Kind::Disqualified | Kind::Motions | Kind::Reservations | Kind::ProtocolNotes => {
                // A paragraph after a statement continues it: the motion's wording, the note's
                // text, the attachment it was handed in as.
                let list = statements(pr, kind);
                match list.last_mut().filter(|_| self.last == Some(kind)) {
                    Some(last) => {
                        last.text.push('\n');
                        last.text.push_str(&point);
                    }
                    // Under "Överläggning", running text that moves nothing is notes.
                    None if kind == Kind::Motions => return false,
                    None => list.push(Statement {
                        persons: Vec::new(),
                        text: point,
                    }),
                }
            }
        }
        self.last = Some(kind);
        true
    }

    /// A paragraph of running text: taken only when it is a statement in its own right.
    pub fn in_notes(&mut self, p: &str) -> bool {
        // A decision taken by a count ("beslutar med 7 röster mot 4 att …") stays a decision.
        if p.chars().count() > 600 || p.contains("beslutar") || p.contains("beslöt") {
            return false;
        }
        // Motions are only read under their heading: running text proposes much that is no motion.
        let taken = self.statement(p, None);
        if !taken {
            self.last = None;
        }
        taken
    }

    /// A paragraph that says what it is by its verb, wherever it stands; `true` when taken.
    /// `heading`: the proceedings heading it stands under, if any ("yrkar" makes a motion only
    /// under one).
    fn statement(&mut self, p: &str, heading: Option<Kind>) -> bool {
        let p = p.trim();
        if p.chars().count() > 5_000 {
            return false;
        }
        if let Some(vote) = self.vote_count(p) {
            let pr = &mut self.proceedings;
            match pr
                .votes
                .last_mut()
                .filter(|v| v.yes == 0 && v.no == 0 && v.ballots.is_empty())
            {
                Some(open) => {
                    open.yes = vote.yes;
                    open.no = vote.no;
                    open.abstained = vote.abstained;
                }
                None => pr.votes.push(vote),
            }
            // The sentence around the count ("Voteringen utfaller …") is kept as procedure.
            if !is_bare_count(p) {
                self.proceedings.procedure.push(p.to_string());
            }
            self.last = Some(Kind::Votes);
            return true;
        }
        if PROPOSITION.is_match(p) {
            self.proceedings.votes.push(Vote {
                proposition: Some(p.to_string()),
                ..Vote::default()
            });
            self.last = Some(Kind::Votes);
            return true;
        }
        let Some((kind, at)) = [
            (Kind::Disqualified, DISQUALIFIED.find(p)),
            (Kind::ProtocolNotes, NOTES.find(p)),
            (Kind::Reservations, RESERVES.find(p)),
            (Kind::Motions, MOVES.find(p).filter(|_| heading.is_some())),
        ]
        .into_iter()
        .find_map(|(kind, m)| m.map(|m| (kind, m.start()))) else {
            return false;
        };
        let persons = persons(&p[..at]);
        // A statement begins with who makes it; a verb deep in a sentence is not one.
        if (persons.is_empty() && !starts_with_pronoun(p)) || at > 300 {
            return false;
        }
        // "Vi yrkade därför inget …" inside a written reservation continues the reservation.
        if persons.is_empty() && heading.is_some_and(|h| h != kind && self.last == Some(h)) {
            return false;
        }
        let statement = Statement {
            persons,
            text: p.to_string(),
        };
        statements(&mut self.proceedings, kind).push(statement);
        self.last = Some(kind);
        true
    }

    /// A count of votes: "Ja: 10, Nej: 1", "7 ja-röster och 4 nej-röster", "med 7 röster mot 4".
    fn vote_count(&self, p: &str) -> Option<Vote> {
        let number = |re: &Regex| {
            re.captures(p)
                .and_then(|c| c.get(1).or_else(|| c.get(2)))
                .and_then(|m| m.as_str().parse::<u32>().ok())
        };
        let (yes, no) = match (number(&YES), number(&NO)) {
            (Some(yes), Some(no)) => (yes, no),
            _ => {
                let c = FOR_AGAINST.captures(p)?;
                (c[1].parse().ok()?, c[2].parse().ok()?)
            }
        };
        // A count is a short statement; a long paragraph mentioning numbers is not one.
        if p.chars().count() > 300 {
            return None;
        }
        Some(Vote {
            proposition: None,
            yes,
            no,
            abstained: number(&ABSTAIN).unwrap_or(0),
            ballots: Vec::new(),
        })
    }

    /// A roll call written out: "Anna Ek (S) Ja Bo Lind (M) Nej …". Taken only when every
    /// person has a choice, and only as the open vote's roll call when the counts agree.
    fn ballots(&mut self, p: &str) -> bool {
        let found = names::people(p);
        if found.len() < 2 {
            return false;
        }
        let mut ballots = Vec::new();
        for f in &found {
            let Some(choice) = Choice::from_sv(f.after.trim().trim_end_matches([',', '.'])) else {
                return false;
            };
            let name = match &f.party {
                Some(party) => format!("{} ({party})", f.name),
                None => f.name.clone(),
            };
            ballots.push(Ballot { name, choice });
        }
        let tally = |c| ballots.iter().filter(|b| b.choice == c).count() as u32;
        let (yes, no, abstained) = (tally(Choice::Yes), tally(Choice::No), tally(Choice::Abstain));
        let votes = &mut self.proceedings.votes;
        match votes.last_mut().filter(|v| v.ballots.is_empty()) {
            Some(v) if v.yes == 0 && v.no == 0 => {
                (v.yes, v.no, v.abstained) = (yes, no, abstained);
                v.ballots = ballots;
            }
            Some(v) if (v.yes, v.no, v.abstained) == (yes, no, abstained) => v.ballots = ballots,
            // A list that does not add up stays as text (procedure), so nothing is lost.
            Some(_) => return false,
            None => votes.push(Vote {
                proposition: None,
                yes,
                no,
                abstained,
                ballots,
            }),
        }
        true
    }
}

/// The list of statements a kind of paragraph goes to (motions for any other kind).
fn statements(proceedings: &mut Proceedings, kind: Kind) -> &mut Vec<Statement> {
    match kind {
        Kind::Disqualified => &mut proceedings.disqualified,
        Kind::Reservations => &mut proceedings.reservations,
        Kind::ProtocolNotes => &mut proceedings.protocol_notes,
        _ => &mut proceedings.motions,
    }
}

/// A count with nothing around it ("Ja: 10, Nej: 1"); a sentence around a count is also kept as
/// procedure, so none of its words are lost.
fn is_bare_count(p: &str) -> bool {
    p.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    w.to_lowercase().as_str(),
                    "ja" | "nej"
                        | "ja-röster"
                        | "nej-röster"
                        | "ja-röst"
                        | "nej-röst"
                        | "röster"
                        | "avstår"
                        | "avstod"
                        | "och"
                        | "mot"
                        | "med"
                        | "summa"
                )
        })
}

/// "Vi reserverar oss", "Jag reserverar mig": a statement by its writers.
fn starts_with_pronoun(p: &str) -> bool {
    let first = p.split_whitespace().next().unwrap_or("");
    matches!(first, "Vi" | "Jag" | "Ledamöterna" | "Ledamoten" | "Samtliga")
}

/// The persons named before a statement's verb, as "Name (Party)", without a role in front
/// ("Ordförande Anna Ek (S)").
fn persons(prefix: &str) -> Vec<String> {
    names::people(prefix)
        .into_iter()
        .map(|f| match f.party {
            Some(party) => format!("{} ({party})", f.name),
            None => f.name,
        })
        .collect()
}

//! The item form's "beslutsgång": beslutsunderlag, jäv, yrkanden, propositionsordning,
//! omröstningar, reservationer and protokollsanteckningar as plain text fields, one entry per
//! line, so that a secretary writes them as in a protocol and gets back what was typed when a
//! line cannot be read.

use samverkan_domain::{Ballot, Choice, Proceedings, Statement, Vote};

/// The proceedings' fields of a form in the order of a protocol: name, label, rows.
pub const FORM_FIELDS: [(&str, &str, u32); 7] = [
    ("basis", "Beslutsunderlag (ett dokument per rad)", 3),
    ("disqualified", "Jäv (en per rad: namn: anledning)", 2),
    ("motions", "Yrkanden (ett per rad: namn: yrkandet)", 3),
    ("procedure", "Propositionsordning (ett stycke per rad)", 3),
    (
        "votes",
        "Omröstningar (propositionen, antalet som ”Ja 10, nej 1, avstår 0”, sedan gärna en rad per ledamot som ”Namn: Ja”; en tom rad mellan omröstningar)",
        5,
    ),
    ("reservations", "Reservationer (en per rad: namn: motivering)", 2),
    ("protocol_notes", "Protokollsanteckningar (en per rad: namn: anteckningen)", 2),
];

/// The proceedings as the form's text fields hold them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProceedingsFields {
    /// One document per line.
    pub basis: String,
    /// One statement per line, "Namn, Namn: text".
    pub disqualified: String,
    pub motions: String,
    /// One paragraph per line.
    pub procedure: String,
    /// Votes separated by a blank line: the proposition, the count ("Ja 10, nej 1, avstår 0"),
    /// then the roll call if there is one, "Namn: Ja".
    pub votes: String,
    pub reservations: String,
    pub protocol_notes: String,
}

/// A line of the form that could not be read: the field's id, and a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub field: &'static str,
    pub message: String,
}

impl ProceedingsFields {
    /// The fields as a form sent them, read by name with `value`.
    pub fn read(value: impl Fn(&str) -> String) -> ProceedingsFields {
        ProceedingsFields {
            basis: value("basis"),
            disqualified: value("disqualified"),
            motions: value("motions"),
            procedure: value("procedure"),
            votes: value("votes"),
            reservations: value("reservations"),
            protocol_notes: value("protocol_notes"),
        }
    }

    /// The text of a field, by its name in [`FORM_FIELDS`].
    pub fn get(&self, name: &str) -> &str {
        match name {
            "basis" => &self.basis,
            "disqualified" => &self.disqualified,
            "motions" => &self.motions,
            "procedure" => &self.procedure,
            "votes" => &self.votes,
            "reservations" => &self.reservations,
            "protocol_notes" => &self.protocol_notes,
            _ => "",
        }
    }

    pub fn from_proceedings(proceedings: &Proceedings) -> ProceedingsFields {
        let statements = |list: &[Statement]| list.iter().map(statement_line).collect::<Vec<_>>().join("\n");
        ProceedingsFields {
            basis: proceedings.basis.join("\n"),
            disqualified: statements(&proceedings.disqualified),
            motions: statements(&proceedings.motions),
            procedure: proceedings.procedure.join("\n"),
            votes: proceedings
                .votes
                .iter()
                .map(|vote| vote.lines_sv().join("\n"))
                .collect::<Vec<_>>()
                .join("\n\n"),
            reservations: statements(&proceedings.reservations),
            protocol_notes: statements(&proceedings.protocol_notes),
        }
    }

    /// The proceedings the fields say; the domain's limits and the roll call's sum are checked
    /// when the item is validated.
    pub fn parse(&self) -> Result<Proceedings, Unreadable> {
        Ok(Proceedings {
            basis: lines(&self.basis),
            disqualified: statements(&self.disqualified),
            motions: statements(&self.motions),
            procedure: lines(&self.procedure),
            votes: votes(&self.votes)?,
            reservations: statements(&self.reservations),
            protocol_notes: statements(&self.protocol_notes),
        })
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// "Anna Ek (S), Bo Berg (M): yrkar bifall" — who before the first colon, what after it; a line
/// without a colon is a statement without names.
fn statements(text: &str) -> Vec<Statement> {
    lines(text)
        .into_iter()
        .map(|line| match line.split_once(':') {
            Some((names, said)) if !names.trim().is_empty() => Statement {
                persons: names
                    .split(',')
                    .flat_map(|n| n.split(" och "))
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(String::from)
                    .collect(),
                text: said.trim().to_string(),
            },
            _ => Statement {
                persons: Vec::new(),
                text: line,
            },
        })
        .collect()
}

fn statement_line(statement: &Statement) -> String {
    match (statement.persons.is_empty(), statement.text.is_empty()) {
        (true, _) => statement.text.clone(),
        (false, true) => format!("{}:", statement.persons.join(", ")),
        (false, false) => format!("{}: {}", statement.persons.join(", "), statement.text),
    }
}

/// Votes, blank-line separated; each needs its count.
fn votes(text: &str) -> Result<Vec<Vote>, Unreadable> {
    let refuse = |message: String| Unreadable {
        field: "votes",
        message,
    };
    let normalised = text.replace("\r\n", "\n");
    let mut votes = Vec::new();
    for (n, block) in normalised
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .enumerate()
    {
        let mut vote = Vote::default();
        let mut counted = false;
        for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !counted {
                if let Some((yes, no, abstained)) = count(line) {
                    (vote.yes, vote.no, vote.abstained, counted) = (yes, no, abstained, true);
                } else if vote.proposition.is_none() {
                    vote.proposition = Some(line.to_string());
                } else {
                    return Err(refuse(format!(
                        "Omröstning {}: skriv antalet rösterna på en egen rad, till exempel ”Ja 10, nej 1, avstår 0”.",
                        n + 1
                    )));
                }
                continue;
            }
            let ballot = line.rsplit_once(':').and_then(|(name, choice)| {
                let choice = Choice::from_sv(choice)?;
                (!name.trim().is_empty()).then(|| Ballot {
                    name: name.trim().to_string(),
                    choice,
                })
            });
            match ballot {
                Some(ballot) => vote.ballots.push(ballot),
                None => {
                    return Err(refuse(format!(
                        "Omröstning {}: ”{line}” – skriv en ledamot per rad som ”Namn: Ja”, ”Namn: Nej” eller ”Namn: Avstår”.",
                        n + 1
                    )))
                }
            }
        }
        if !counted {
            return Err(refuse(format!(
                "Omröstning {} saknar antalet röster: skriv till exempel ”Ja 10, nej 1, avstår 0”.",
                n + 1
            )));
        }
        votes.push(vote);
    }
    Ok(votes)
}

/// "Ja 10, nej 1, avstår 0" in any case and order, avstår optional; None for anything else.
fn count(line: &str) -> Option<(u32, u32, u32)> {
    let (mut yes, mut no, mut abstained) = (None, None, None);
    for part in line.split(',') {
        let mut words = part.split_whitespace();
        let (Some(label), Some(number), None) = (words.next(), words.next(), words.next()) else {
            return None;
        };
        let number: u32 = number.parse().ok()?;
        let slot = match Choice::from_sv(label)? {
            Choice::Yes => &mut yes,
            Choice::No => &mut no,
            Choice::Abstain => &mut abstained,
        };
        if slot.replace(number).is_some() {
            return None;
        }
    }
    Some((yes?, no?, abstained.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proceedings_written_as_in_a_protocol_read_back_as_they_were() {
        let fields = ProceedingsFields {
            basis: "Tjänsteskrivelse 2026-02-01\n\nRemissvar från kommunerna\n".into(),
            disqualified: "Cia Ceder (C): jäv enligt 6 kap. 28 § KL".into(),
            motions: "Anna Ek (S) och Bo Berg (M): bifall till förslaget\nDan Dahl (V): avslag".into(),
            procedure: "Ordföranden ställer förslagen mot varandra och finner att nämnden bifaller förslaget.".into(),
            votes: "Ja för bifall, nej för avslag.\nJa 2, nej 1, avstår 0\nAnna Ek: Ja\nBo Berg: ja\nDan Dahl: Nej\n\nJa 3, nej 0".into(),
            reservations: "Dan Dahl (V):".into(),
            protocol_notes: "Ingen anteckning utan namn".into(),
        };
        let proceedings = fields.parse().unwrap();
        assert_eq!(proceedings.basis.len(), 2);
        assert_eq!(proceedings.motions[0].persons, ["Anna Ek (S)", "Bo Berg (M)"]);
        assert_eq!(proceedings.motions[1].text, "avslag");
        assert_eq!(proceedings.votes.len(), 2);
        assert_eq!((proceedings.votes[0].yes, proceedings.votes[0].no), (2, 1));
        assert_eq!(proceedings.votes[0].ballots[1].choice, Choice::Yes);
        assert_eq!(proceedings.votes[1].proposition, None);
        assert_eq!(proceedings.reservations[0].persons, ["Dan Dahl (V)"]);
        assert!(proceedings.protocol_notes[0].persons.is_empty());
        assert!(proceedings.validate().is_ok());
        // Written back and read again: the same.
        let again = ProceedingsFields::from_proceedings(&proceedings).parse().unwrap();
        assert_eq!(again, proceedings);
        assert_eq!(ProceedingsFields::default().parse().unwrap(), Proceedings::default());
    }

    #[test]
    fn a_vote_without_its_count_or_with_an_unreadable_ballot_is_refused_in_swedish() {
        let vote = |votes: &str| {
            ProceedingsFields {
                votes: votes.into(),
                ..Default::default()
            }
            .parse()
        };
        let missing = vote("Ja för bifall").unwrap_err();
        assert_eq!(missing.field, "votes");
        assert!(missing.message.contains("saknar antalet röster"), "{}", missing.message);
        let ballot = vote("Ja 1, nej 0\nAnna Ek: kanske").unwrap_err();
        assert!(ballot.message.contains("”Anna Ek: kanske”"), "{}", ballot.message);
        assert!(vote("Ja 1, nej 0, ja 2").is_err(), "a count given twice is no count");
        // A roll call that does not add up is the domain's to refuse.
        let wrong = vote("Ja 2, nej 0\nAnna Ek: Ja").unwrap();
        assert!(wrong.validate().is_err());
    }
}

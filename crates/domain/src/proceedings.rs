//! How an item was decided, as a municipal or regional protocol records it: the documents the
//! decision rests on (beslutsunderlag), members who stood aside for a conflict of interest (jäv),
//! motions (yrkanden) and who moved them, the order in which the chair put them
//! (propositionsordning, beslutsgång), votes (omröstning) with their count and roll call, and
//! afterwards reservations and protocol notes (protokollsanteckningar).

use serde::{Deserialize, Serialize};

use crate::limits::{check, check_entries, TEXT, TITLE};
use crate::DomainError;

/// What one or more named members said or did in an item: a motion, a reservation, a protocol
/// note, a declared conflict of interest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Who, as the protocol names them ("Anna Ek (S)").
    pub persons: Vec<String>,
    /// The statement as written.
    pub text: String,
}

/// How one member voted in a roll call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

impl Choice {
    pub fn label_sv(self) -> &'static str {
        match self {
            Choice::Yes => "Ja",
            Choice::No => "Nej",
            Choice::Abstain => "Avstår",
        }
    }

    /// The choice a protocol's word for it names ("ja", "Nej", "avstod"), in any case.
    pub fn from_sv(word: &str) -> Option<Choice> {
        match word.trim().to_lowercase().as_str() {
            "ja" => Some(Choice::Yes),
            "nej" => Some(Choice::No),
            "avstår" | "avstod" | "avstår från att rösta" => Some(Choice::Abstain),
            _ => None,
        }
    }
}

/// One member's vote in a roll call (voteringslista).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub name: String,
    pub choice: Choice,
}

/// A vote (omröstning, votering): what yes and no stood for, the count, and the roll call when
/// the protocol has one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// The voting proposition ("Den som bifaller … röstar ja …").
    pub proposition: Option<String>,
    pub yes: u32,
    pub no: u32,
    pub abstained: u32,
    /// The roll call; empty when the protocol gives only the count.
    #[serde(default)]
    pub ballots: Vec<Ballot>,
}

impl Vote {
    /// The count as a protocol writes it: "Ja 10, nej 1, avstår 0".
    pub fn count_sv(&self) -> String {
        format!("Ja {}, nej {}, avstår {}", self.yes, self.no, self.abstained)
    }

    /// The vote as a protocol writes it, a line each: the proposition, the count, and the roll
    /// call as "Namn: Ja".
    pub fn lines_sv(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.proposition.iter().cloned().collect();
        lines.push(self.count_sv());
        lines.extend(
            self.ballots
                .iter()
                .map(|b| format!("{}: {}", b.name, b.choice.label_sv())),
        );
        lines
    }

    /// A roll call must add up to the count it is given with.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.ballots.is_empty() {
            return Ok(());
        }
        let tally = |choice| self.ballots.iter().filter(|b| b.choice == choice).count() as u32;
        let counted = (tally(Choice::Yes), tally(Choice::No), tally(Choice::Abstain));
        if counted != (self.yes, self.no, self.abstained) {
            return Err(DomainError::VoteMismatch {
                counted_yes: counted.0,
                counted_no: counted.1,
                counted_abstained: counted.2,
                yes: self.yes,
                no: self.no,
                abstained: self.abstained,
            });
        }
        Ok(())
    }
}

/// Everything between the case and the decision, and what members added after it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Proceedings {
    /// Beslutsunderlag: the documents the decision rests on, one per entry.
    pub basis: Vec<String>,
    /// Jäv: who did not take part because of a conflict of interest.
    pub disqualified: Vec<Statement>,
    /// Yrkanden: the motions, with who moved them.
    pub motions: Vec<Statement>,
    /// Propositionsordning / beslutsgång: how the chair put the motions, one paragraph each.
    pub procedure: Vec<String>,
    /// Omröstningar.
    pub votes: Vec<Vote>,
    /// Reservationer against the decision.
    pub reservations: Vec<Statement>,
    /// Protokollsanteckningar.
    pub protocol_notes: Vec<Statement>,
}

impl Proceedings {
    pub fn is_empty(&self) -> bool {
        self == &Proceedings::default()
    }

    /// Refuses a text longer than its field allows and a roll call that does not add up.
    pub fn validate(&self) -> Result<(), DomainError> {
        check_entries("Beslutsunderlag", &self.basis)?;
        for entry in &self.basis {
            check("Beslutsunderlag", entry, TITLE)?;
        }
        for (field, list) in [
            ("Jäv", &self.disqualified),
            ("Yrkanden", &self.motions),
            ("Reservationer", &self.reservations),
            ("Protokollsanteckningar", &self.protocol_notes),
        ] {
            check_entries(field, list)?;
            for statement in list {
                check_entries(field, &statement.persons)?;
                for person in &statement.persons {
                    check(field, person, TITLE)?;
                }
                check(field, &statement.text, TEXT)?;
            }
        }
        check_entries("Propositionsordning", &self.procedure)?;
        for paragraph in &self.procedure {
            check("Propositionsordning", paragraph, TEXT)?;
        }
        check_entries("Omröstningar", &self.votes)?;
        for vote in &self.votes {
            if let Some(proposition) = &vote.proposition {
                check("Voteringsproposition", proposition, TEXT)?;
            }
            check_entries("Voteringslista", &vote.ballots)?;
            for ballot in &vote.ballots {
                check("Voteringslista", &ballot.name, TITLE)?;
            }
            vote.validate()?;
        }
        Ok(())
    }

    /// The headed sections a protocol shows before the decision, in the order of a Swedish
    /// protocol; empty ones are left out. The page, the PDF and the canonical text all write these.
    pub fn sections_before_decision(&self) -> Vec<Section> {
        let statements = |list: &[Statement]| list.iter().map(statement_text).collect();
        let votes = self.votes.iter().flat_map(Vote::lines_sv).collect();
        [
            Section::new("Beslutsunderlag", self.basis.clone()),
            Section::new("Jäv", statements(&self.disqualified)),
            Section::new("Yrkanden", statements(&self.motions)),
            Section::new("Propositionsordning", self.procedure.clone()),
            Section::new("Omröstning", votes),
        ]
        .into_iter()
        .filter(|s| !s.entries.is_empty())
        .collect()
    }

    /// The sections shown after the decision: reservations and protocol notes.
    pub fn sections_after_decision(&self) -> Vec<Section> {
        let statements = |list: &[Statement]| list.iter().map(statement_text).collect();
        [
            Section::new("Reservationer", statements(&self.reservations)),
            Section::new("Protokollsanteckningar", statements(&self.protocol_notes)),
        ]
        .into_iter()
        .filter(|s| !s.entries.is_empty())
        .collect()
    }
}

/// A headed part of an item as a protocol shows it: "Reservationer" and its entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: &'static str,
    pub entries: Vec<String>,
}

impl Section {
    fn new(title: &'static str, entries: Vec<String>) -> Section {
        Section { title, entries }
    }

    /// The section as lines of the canonical text: "Reservationer: …".
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.entries.iter().map(|e| format!("{}: {e}", self.title))
    }
}

/// A statement with its persons in front unless the text already names them.
fn statement_text(s: &Statement) -> String {
    if s.persons.is_empty() || s.persons.iter().all(|p| s.text.contains(p.as_str())) {
        s.text.clone()
    } else {
        format!("{}: {}", s.persons.join(", "), s.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roll_call_must_add_up_to_its_count() {
        let ballot = |name: &str, choice| Ballot {
            name: name.into(),
            choice,
        };
        let mut vote = Vote {
            proposition: None,
            yes: 2,
            no: 1,
            abstained: 0,
            ballots: vec![
                ballot("Anna Ek (S)", Choice::Yes),
                ballot("Bo Lind (M)", Choice::Yes),
                ballot("Cia Holm (C)", Choice::No),
            ],
        };
        assert!(vote.validate().is_ok());
        vote.no = 2;
        let err = vote.validate().unwrap_err().to_string();
        assert!(err.contains("ja 2, nej 1"), "{err}");
        vote.ballots.clear();
        assert!(vote.validate().is_ok(), "a count alone stands as given");
    }

    #[test]
    fn empty_proceedings_write_nothing() {
        let p = Proceedings::default();
        assert!(p.is_empty());
        assert!(p.sections_before_decision().is_empty() && p.sections_after_decision().is_empty());
    }

    #[test]
    fn a_statement_names_its_persons_once() {
        let p = Proceedings {
            reservations: vec![
                Statement {
                    persons: vec!["Anna Ek (S)".into()],
                    text: "Anna Ek (S) reserverar sig mot beslutet.".into(),
                },
                Statement {
                    persons: vec!["Bo Lind (M)".into()],
                    text: "Till förmån för eget yrkande.".into(),
                },
            ],
            ..Proceedings::default()
        };
        let sections = p.sections_after_decision();
        assert_eq!(sections.len(), 1);
        assert_eq!(
            sections[0].lines().collect::<Vec<_>>(),
            [
                "Reservationer: Anna Ek (S) reserverar sig mot beslutet.",
                "Reservationer: Bo Lind (M): Till förmån för eget yrkande."
            ]
        );
    }
}

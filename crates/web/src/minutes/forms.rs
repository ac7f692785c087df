//! Reading the secretary's forms: fields as typed, parsed with Swedish error messages, so a
//! form that fails comes back with everything the user wrote.

use chrono::{NaiveDate, NaiveTime};
use samverkan_domain::*;

use super::proceedings_form::{ProceedingsFields, Unreadable, FORM_FIELDS};

/// A form field that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("Ogiltigt datum: ”{0}”. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-13.")]
    InvalidDate(String),
    #[error("Ogiltig tid: ”{0}”. Skriv tiden som TT:MM, till exempel 09:30.")]
    InvalidTime(String),
    #[error("{0} måste fyllas i.")]
    Missing(&'static str),
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A line of the proceedings that could not be read, with the field it is in.
    #[error("{}", .0.message)]
    Unreadable(Unreadable),
}

impl FormError {
    /// The id of the item form's field the error is about, to show the message beside it.
    pub fn item_field(&self) -> Option<&'static str> {
        match self {
            FormError::InvalidDate(_) => Some("due"),
            FormError::Missing("Rubriken") => Some("title"),
            FormError::Missing("Vem uppdraget går till") => Some("assignee"),
            FormError::Missing("Uppdraget") => Some("task"),
            FormError::Missing("Mottagare") => Some("recommendation"),
            FormError::Missing(_) | FormError::InvalidTime(_) => None,
            FormError::Domain(error) => domain_item_field(error),
            FormError::Unreadable(unreadable) => Some(unreadable.field),
        }
    }
}

/// Why a form was refused, and the field it is about (if one), to show the sentence there.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub message: String,
    pub field: Option<&'static str>,
}

impl Refusal {
    /// A refusal about the form as a whole.
    pub fn general(message: String) -> Refusal {
        Refusal { message, field: None }
    }
}

impl From<FormError> for Refusal {
    fn from(error: FormError) -> Refusal {
        Refusal {
            field: error.item_field(),
            message: error.to_string(),
        }
    }
}

impl From<DomainError> for Refusal {
    fn from(error: DomainError) -> Refusal {
        Refusal {
            field: domain_item_field(&error),
            message: error.to_string(),
        }
    }
}

/// The item form's field a broken domain rule is about.
pub fn domain_item_field(error: &DomainError) -> Option<&'static str> {
    match error {
        DomainError::NumberTaken { .. } | DomainError::InvalidItemNumber(_) => Some("number"),
        DomainError::TooLong { field, .. } | DomainError::TooManyEntries { field, .. } => match *field {
            "Rubrik" => Some("title"),
            "Paragrafnummer" => Some("number"),
            "Föredragande" => Some("presenter"),
            "Anteckningsstycke" | "Anteckningar" => Some("notes"),
            "Att-sats" | "Beslut" => Some("clauses"),
            "Rekommendation" | "Mottagare" => Some("recommendation"),
            "Uppdragstagare" => Some("assignee"),
            "Uppdrag" => Some("task"),
            "Beslutsunderlag" => Some("basis"),
            "Jäv" => Some("disqualified"),
            "Yrkanden" => Some("motions"),
            "Propositionsordning" => Some("procedure"),
            "Omröstningar" | "Voteringsproposition" | "Voteringslista" => Some("votes"),
            "Reservationer" => Some("reservations"),
            "Protokollsanteckningar" => Some("protocol_notes"),
            _ => None,
        },
        DomainError::VoteMismatch { .. } => Some("votes"),
        _ => None,
    }
}

/// The raw fields of a submitted form, in order (a field may repeat, as checkboxes do).
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl From<Vec<(String, String)>> for Fields {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Fields(pairs)
    }
}

impl Fields {
    /// A field's trimmed value; none when missing or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_string())
            .filter(|value| !value.is_empty())
    }

    /// Every value of a repeated field.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The value for re-showing the form.
    pub fn value(&self, name: &str) -> String {
        self.text(name).unwrap_or_default()
    }

    pub fn date(&self, name: &str) -> Result<NaiveDate, FormError> {
        let text = self.text(name).ok_or(FormError::Missing("Datum"))?;
        parse_date(&text)
    }

    pub fn time(&self, name: &str) -> Result<Option<NaiveTime>, FormError> {
        self.text(name)
            .map(|text| {
                NaiveTime::parse_from_str(&text.replace('.', ":"), "%H:%M").map_err(|_| FormError::InvalidTime(text))
            })
            .transpose()
    }
}

pub fn parse_date(text: &str) -> Result<NaiveDate, FormError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| FormError::InvalidDate(text.to_string()))
}

/// The fields of the item form.
#[derive(Debug, Clone, Default)]
pub struct ItemFields {
    pub number: String,
    pub title: String,
    pub presenter: String,
    /// Paragraphs separated by blank lines.
    pub notes: String,
    /// One "att …" per line.
    pub clauses: String,
    pub outcome: String,
    pub recommendation: String,
    pub recommendation_to: Vec<i64>,
    pub assignee: String,
    pub task: String,
    pub due: String,
    pub confidential: bool,
    /// Beslutsunderlag, jäv, yrkanden, propositionsordning, omröstningar, reservationer and
    /// protokollsanteckningar, as text; none when the form sent did not carry them (they are
    /// then kept as they are).
    pub proceedings: Option<ProceedingsFields>,
    pub version: i64,
    /// The item's attachments (label, title), listed beside the form.
    pub attachments: Vec<(String, String)>,
}

impl ItemFields {
    pub fn for_new(number: &ItemNumber) -> ItemFields {
        ItemFields {
            number: number.to_string(),
            ..ItemFields::default()
        }
    }

    pub fn from_item(item: &Item) -> ItemFields {
        let recommendation = item.recommendations.first();
        let assignment = item.assignments.first();
        ItemFields {
            number: item.number.to_string(),
            title: item.title.clone(),
            presenter: item.presenters.first().map(|p| p.name.clone()).unwrap_or_default(),
            notes: item.notes.join("\n\n"),
            clauses: item
                .decision
                .iter()
                .flat_map(|d| d.clauses.iter().map(|c| c.text.clone()))
                .collect::<Vec<_>>()
                .join("\n"),
            outcome: item.outcome.as_ref().map(|o| o.code().to_string()).unwrap_or_default(),
            recommendation: recommendation.map(|r| r.text.clone()).unwrap_or_default(),
            recommendation_to: recommendation
                .map(|r| {
                    r.addressees
                        .iter()
                        .filter_map(|a| match a {
                            Addressee::Organisation { organisation_id, .. } => Some(organisation_id.0),
                            Addressee::Group { .. } => None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            assignee: assignment.map(|a| a.assignee.clone()).unwrap_or_default(),
            task: assignment.map(|a| a.task.clone()).unwrap_or_default(),
            due: match assignment.and_then(|a| a.due.as_ref()) {
                Some(Due::Date { date }) => date.to_string(),
                _ => String::new(),
            },
            confidential: item.confidential,
            proceedings: Some(ProceedingsFields::from_proceedings(&item.proceedings)),
            version: item.version,
            attachments: item
                .attachments
                .iter()
                .map(|a| (a.label.clone(), a.title.clone()))
                .collect(),
        }
    }

    /// The text of one of the proceedings' fields, by its id.
    pub fn proceedings_value(&self, field: &str) -> &str {
        self.proceedings.as_ref().map_or("", |p| p.get(field))
    }

    /// Whether the recommendation goes to this organisation (for the checkboxes).
    pub fn addresses(&self, organisation: &OrganisationId) -> bool {
        self.recommendation_to.contains(&organisation.0)
    }

    /// Writes the form into `item`. Only the first presenter, recommendation and assignment are
    /// on the form; any further ones the item has are kept as they are.
    pub fn apply(&self, item: &mut Item, organisations: &[Organisation]) -> Result<(), FormError> {
        if self.title.trim().is_empty() {
            return Err(FormError::Missing("Rubriken"));
        }
        item.number = ItemNumber::parse(&self.number)?;
        item.title = self.title.trim().to_string();
        item.version = self.version;
        replace_first(
            &mut item.presenters,
            (!self.presenter.trim().is_empty()).then(|| Presenter {
                person_id: None,
                name: self.presenter.trim().to_string(),
                description: None,
            }),
        );
        item.notes = self
            .notes
            .split("\n\n")
            .map(|p| p.trim().replace("\r\n", "\n"))
            .filter(|p| !p.is_empty())
            .collect();
        let clauses: Vec<Clause> = self
            .clauses
            .lines()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|text| Clause {
                label: None,
                text: text.to_string(),
            })
            .collect();
        item.decision = match (item.decision.take(), clauses.is_empty()) {
            (_, true) => None,
            (Some(decision), false) => Some(Decision { clauses, ..decision }),
            (None, false) => Some(Decision {
                preamble: None,
                clauses,
            }),
        };
        item.outcome = match self.outcome.as_str() {
            "decided" => Some(ItemOutcome::Decided),
            "noted" => Some(ItemOutcome::Noted),
            "tabled" => Some(ItemOutcome::Tabled {
                until: Some(Due::NextMeeting),
            }),
            "discussed" => Some(ItemOutcome::Discussed { returns: None }),
            _ => None,
        };
        let addressees: Vec<Addressee> = organisations
            .iter()
            .filter(|o| self.addresses(&o.id))
            .map(|o| Addressee::Organisation {
                organisation_id: o.id,
                name: o.name.clone(),
            })
            .chain(
                // Groups named in words (from an import) are not checkboxes; they stay.
                item.recommendations
                    .first()
                    .into_iter()
                    .flat_map(|r| r.addressees.iter())
                    .filter(|a| matches!(a, Addressee::Group { .. }))
                    .cloned(),
            )
            .collect();
        let recommends = !self.recommendation.trim().is_empty();
        if recommends && addressees.is_empty() {
            return Err(FormError::Missing("Mottagare"));
        }
        replace_first(
            &mut item.recommendations,
            recommends.then(|| Recommendation {
                text: self.recommendation.trim().to_string(),
                addressees,
            }),
        );
        let due = match self.due.trim() {
            "" => None,
            text => Some(Due::Date {
                date: parse_date(text)?,
            }),
        };
        let assignment = match (self.assignee.trim(), self.task.trim()) {
            ("", "") => None,
            ("", _) => return Err(FormError::Missing("Vem uppdraget går till")),
            (_, "") => return Err(FormError::Missing("Uppdraget")),
            (assignee, task) => Some(Assignment {
                assignee: assignee.to_string(),
                assignee_person_id: None,
                assignee_organisation_id: organisations.iter().find(|o| o.name == assignee).map(|o| o.id),
                task: task.to_string(),
                due,
                status: item
                    .assignments
                    .first()
                    .map(|a| a.status)
                    .unwrap_or(AssignmentStatus::Open),
            }),
        };
        replace_first(&mut item.assignments, assignment);
        if let Some(proceedings) = &self.proceedings {
            item.proceedings = proceedings.parse().map_err(FormError::Unreadable)?;
        }
        item.confidential = self.confidential;
        Ok(())
    }
}

/// Sets or removes the first element, leaving the rest alone.
fn replace_first<T>(list: &mut Vec<T>, first: Option<T>) {
    match (first, list.is_empty()) {
        (Some(value), true) => list.push(value),
        (Some(value), false) => list[0] = value,
        (None, false) => {
            list.remove(0);
        }
        (None, true) => {}
    }
}

impl From<Fields> for ItemFields {
    fn from(fields: Fields) -> Self {
        ItemFields {
            number: fields.value("number"),
            title: fields.value("title"),
            presenter: fields.value("presenter"),
            notes: fields.all("notes").next().unwrap_or_default().to_string(),
            clauses: fields.value("clauses"),
            outcome: fields.value("outcome"),
            recommendation: fields.value("recommendation"),
            recommendation_to: fields
                .all("recommendation_to")
                .filter_map(|id| id.parse().ok())
                .collect(),
            assignee: fields.value("assignee"),
            task: fields.value("task"),
            due: fields.value("due"),
            confidential: fields.text("confidential").is_some(),
            proceedings: FORM_FIELDS
                .iter()
                .any(|(name, _, _)| fields.all(name).next().is_some())
                .then(|| ProceedingsFields::read(|name| fields.value(name))),
            version: fields.text("version").and_then(|v| v.parse().ok()).unwrap_or(0),
            attachments: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn wrong_date_and_time_give_swedish_sentences() {
        let form = fields(&[("date", "2026-02-30"), ("start", "25:00")]);
        assert_eq!(
            form.date("date").unwrap_err().to_string(),
            "Ogiltigt datum: ”2026-02-30”. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-13."
        );
        assert!(form.time("start").unwrap_err().to_string().starts_with("Ogiltig tid"));
        assert_eq!(form.time("missing").unwrap(), None);
        assert_eq!(
            fields(&[("start", "13.15")]).time("start").unwrap(),
            NaiveTime::from_hms_opt(13, 15, 0)
        );
    }

    #[test]
    fn item_form_keeps_what_it_does_not_show() {
        let mut item = Item::new(ItemNumber::paragraph(5), "Gammal rubrik");
        item.recommendations = vec![
            Recommendation {
                text: "Första".into(),
                addressees: vec![Addressee::Group {
                    name: "huvudmännen".into(),
                }],
            },
            Recommendation {
                text: "Andra".into(),
                addressees: vec![],
            },
        ];
        let mut form = ItemFields::from_item(&item);
        form.title = "Ny rubrik".into();
        form.recommendation = "Första, omskriven".into();
        form.clauses = "att godkänna\n\natt gå vidare\n".into();
        form.apply(&mut item, &[]).unwrap();
        assert_eq!(item.title, "Ny rubrik");
        assert_eq!(item.recommendations.len(), 2);
        assert_eq!(item.recommendations[1].text, "Andra");
        assert_eq!(
            item.recommendations[0].addressees.len(),
            1,
            "the group named in words stays"
        );
        assert_eq!(item.decision.unwrap().clauses.len(), 2);
    }

    #[test]
    fn a_form_without_the_proceedings_keeps_them_and_one_with_them_empty_clears_them() {
        let mut item = Item::new(ItemNumber::paragraph(5), "Ärendet");
        item.proceedings.motions = vec![Statement {
            persons: vec!["Anna Ek (S)".into()],
            text: "bifall".into(),
        }];
        let without = ItemFields::from(fields(&[("number", "5"), ("title", "Ärendet")]));
        assert!(without.proceedings.is_none());
        without.apply(&mut item, &[]).unwrap();
        assert_eq!(item.proceedings.motions.len(), 1, "kept");
        let cleared = ItemFields::from(fields(&[("number", "5"), ("title", "Ärendet"), ("motions", "")]));
        cleared.apply(&mut item, &[]).unwrap();
        assert!(item.proceedings.is_empty(), "sent empty: cleared");
    }

    #[test]
    fn a_recommendation_needs_someone_to_go_to() {
        let mut item = Item::new(ItemNumber::paragraph(5), "Riktlinje");
        let mut form = ItemFields::from_item(&item);
        form.recommendation = "att anta riktlinjen".into();
        let error = form.apply(&mut item, &[]).unwrap_err();
        assert_eq!(error.to_string(), "Mottagare måste fyllas i.");
        assert_eq!(error.item_field(), Some("recommendation"));
    }
}

//! Turns a protocol into one search document per item.

use samverkan_domain::{Addressee, AssignmentStatus, Item, ItemOutcome, Protocol};
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

use crate::query::Kind;
use crate::Fields;

/// Whether the public may see an item: adjusted (or published) and not confidential.
pub fn is_public(protocol: &Protocol, item: &Item) -> bool {
    protocol.meeting.status.is_locked() && !item.confidential
}

/// The kinds of content an item has, for the kind facet.
pub fn kinds(item: &Item) -> Vec<Kind> {
    let mut kinds = Vec::new();
    let has_clauses = item.decision.as_ref().is_some_and(|d| !d.clauses.is_empty());
    if has_clauses || matches!(item.outcome, Some(ItemOutcome::Decided)) {
        kinds.push(Kind::Decision);
    }
    if !item.recommendations.is_empty() {
        kinds.push(Kind::Recommendation);
    }
    if !item.assignments.is_empty() {
        kinds.push(Kind::Assignment);
    }
    match item.outcome {
        Some(ItemOutcome::Tabled { .. }) => kinds.push(Kind::Tabled),
        Some(ItemOutcome::Noted) => kinds.push(Kind::Noted),
        _ => {}
    }
    kinds
}

/// Everything an item says besides its title, one paragraph per line.
fn text(item: &Item) -> String {
    let mut lines: Vec<String> = Vec::new();
    lines.extend(item.presenters.iter().map(|p| p.name.clone()));
    lines.extend(item.notes.iter().cloned());
    // Motions, votes, reservations …: who moved what and who reserved themselves is searched too.
    let proceedings = &item.proceedings;
    for section in proceedings.sections_before_decision() {
        lines.extend(section.entries);
    }
    if let Some(decision) = &item.decision {
        lines.extend(decision.preamble.iter().cloned());
        lines.extend(decision.clauses.iter().map(|c| c.text.clone()));
    }
    for section in proceedings.sections_after_decision() {
        lines.extend(section.entries);
    }
    for recommendation in &item.recommendations {
        lines.push(recommendation.text.clone());
        lines.extend(recommendation.addressees.iter().map(|a| a.name().to_string()));
    }
    for assignment in &item.assignments {
        lines.push(format!("{}: {}", assignment.assignee, assignment.task));
    }
    lines.extend(item.attachments.iter().map(|a| format!("{} {}", a.label, a.title)));
    lines.join("\n")
}

pub fn documents(protocol: &Protocol, fields: &Fields) -> Vec<TantivyDocument> {
    let meeting = &protocol.meeting;
    protocol
        .items
        .iter()
        .map(|item| {
            let mut doc = TantivyDocument::default();
            doc.add_i64(fields.item_id, item.id.0);
            doc.add_i64(fields.meeting_id, meeting.id.0);
            doc.add_i64(fields.body_id, protocol.body.id.0);
            doc.add_i64(fields.date, crate::query::day_number(meeting.date));
            let year = chrono::Datelike::year(&meeting.date);
            let restricted = !is_public(protocol, item);
            let key = crate::counts::Key::new(protocol.body.id.0, year, &kinds(item), restricted);
            doc.add_u64(fields.key, key.0);
            doc.add_text(fields.number, item.number.as_str());
            doc.add_text(fields.title, &item.title);
            doc.add_text(fields.text, text(item));
            let mut facet = |path: &[&str]| doc.add_facet(fields.facets, Facet::from_path(path));
            facet(&["body", &protocol.body.id.0.to_string()]);
            facet(&["year", &year.to_string()]);
            for kind in kinds(item) {
                facet(&["kind", kind.code()]);
            }
            for recommendation in &item.recommendations {
                for addressee in &recommendation.addressees {
                    if let Addressee::Organisation { organisation_id, .. } = addressee {
                        facet(&["organisation", &organisation_id.0.to_string()]);
                    }
                }
            }
            for assignment in &item.assignments {
                if let Some(organisation) = assignment.assignee_organisation_id {
                    facet(&["organisation", &organisation.0.to_string()]);
                }
                facet(&["person", &assignment.assignee.to_lowercase()]);
                let status = match assignment.status {
                    AssignmentStatus::Closed => "closed",
                    AssignmentStatus::Open | AssignmentStatus::Reported => "open",
                };
                facet(&["assignment", status]);
            }
            for presenter in &item.presenters {
                facet(&["person", &presenter.name.to_lowercase()]);
            }
            doc
        })
        .collect()
}

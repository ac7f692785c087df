//! What comes back by itself on a new meeting's agenda: tabled items and open assignments
//! that fall due at it.

use chrono::NaiveDate;

use crate::{AssignmentStatus, Due, Item, ItemNumber, ItemOutcome, Meeting};

/// Whether something due `due`, decided at a meeting on `decided_on`, falls due at `meeting`,
/// the body's first meeting after `previous` (the last meeting before it, if any).
fn falls_due(due: &Due, decided_on: NaiveDate, previous: Option<NaiveDate>, meeting: &Meeting) -> bool {
    match due {
        Due::Meeting { meeting_id } => *meeting_id == meeting.id,
        // "Next meeting" means the first one after the decision.
        Due::NextMeeting => previous.is_none_or(|p| p <= decided_on),
        // A date or month is due at the first meeting on or after it.
        Due::Date { date } => *date <= meeting.date && previous.is_none_or(|p| p < *date),
        Due::Month { year, month } => NaiveDate::from_ymd_opt(*year, *month, 1)
            .is_some_and(|first| first <= meeting.date && previous.is_none_or(|p| p < first)),
    }
}

/// The items to put on `meeting`'s agenda from the body's `earlier` meetings (with their
/// items): each tabled item once more, and a follow-up of each open assignment that falls due,
/// linked to the item it came from. Numbers start at `first_number`.
pub fn carried_over(earlier: &[(Meeting, Vec<Item>)], meeting: &Meeting, first_number: u32) -> Vec<Item> {
    let previous = earlier.iter().map(|(m, _)| m.date).filter(|d| *d < meeting.date).max();
    let mut items = Vec::new();
    for (decided_at, list) in earlier.iter().filter(|(m, _)| m.date < meeting.date) {
        for item in list.iter().filter(|i| !i.confidential) {
            if let Some(ItemOutcome::Tabled { until }) = &item.outcome {
                let until = until.clone().unwrap_or(Due::NextMeeting);
                if falls_due(&until, decided_at.date, previous, meeting) {
                    let mut again = Item::new(ItemNumber::paragraph(0), item.title.clone());
                    again.notes = vec![format!(
                        "Ärendet bordlades vid sammanträdet {} (§ {}).",
                        decided_at.date, item.number
                    )];
                    again.follows_up = Some(item.id);
                    items.push(again);
                }
            }
            for assignment in &item.assignments {
                let due = assignment.due.as_ref();
                if assignment.status != AssignmentStatus::Closed
                    && due.is_some_and(|d| falls_due(d, decided_at.date, previous, meeting))
                {
                    let mut follow_up = Item::new(
                        ItemNumber::paragraph(0),
                        format!("Återrapportering: {}", assignment.task.trim_end_matches('.')),
                    );
                    follow_up.presenters = vec![crate::Presenter {
                        person_id: assignment.assignee_person_id,
                        name: assignment.assignee.clone(),
                        description: None,
                    }];
                    follow_up.notes = vec![format!(
                        "Uppdrag till {} från sammanträdet {} (§ {}).",
                        assignment.assignee, decided_at.date, item.number
                    )];
                    follow_up.follows_up = Some(item.id);
                    items.push(follow_up);
                }
            }
        }
    }
    for (offset, item) in items.iter_mut().enumerate() {
        item.number = ItemNumber::paragraph(first_number + offset as u32);
        item.meeting_id = meeting.id;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Assignment, BodyId, ItemId, MeetingId};

    fn meeting(id: i64, date: &str) -> Meeting {
        let mut m = Meeting::plan(BodyId(1), date.parse().unwrap(), None, None, None).unwrap();
        m.id = MeetingId(id);
        m
    }

    fn with_assignment(id: i64, due: Due, status: AssignmentStatus) -> Item {
        let mut item = Item::new(ItemNumber::paragraph(id as u32), "Rutin");
        item.id = ItemId(id);
        item.assignments = vec![Assignment {
            assignee: "Arbetsgruppen".into(),
            assignee_person_id: None,
            assignee_organisation_id: None,
            task: "Följ upp rutinen.".into(),
            due: Some(due),
            status,
        }];
        item
    }

    #[test]
    fn assignments_and_tabled_items_come_back_where_they_fall_due() {
        let january = meeting(1, "2026-01-20");
        let mut tabled = Item::new(ItemNumber::paragraph(9), "Budget");
        tabled.id = ItemId(9);
        tabled.outcome = Some(ItemOutcome::Tabled { until: None });
        let earlier = vec![(
            january,
            vec![
                with_assignment(
                    5,
                    Due::Date {
                        date: "2026-03-01".parse().unwrap(),
                    },
                    AssignmentStatus::Open,
                ),
                with_assignment(6, Due::NextMeeting, AssignmentStatus::Open),
                with_assignment(
                    7,
                    Due::Date {
                        date: "2026-09-01".parse().unwrap(),
                    },
                    AssignmentStatus::Open,
                ),
                with_assignment(8, Due::NextMeeting, AssignmentStatus::Closed),
                tabled,
            ],
        )];
        let march = meeting(2, "2026-03-13");
        let agenda = carried_over(&earlier, &march, 12);
        let titles: Vec<(String, Option<ItemId>)> = agenda
            .iter()
            .map(|i| (format!("§ {} {}", i.number, i.title), i.follows_up))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("§ 12 Återrapportering: Följ upp rutinen".to_string(), Some(ItemId(5))),
                ("§ 13 Återrapportering: Följ upp rutinen".to_string(), Some(ItemId(6))),
                ("§ 14 Budget".to_string(), Some(ItemId(9))),
            ]
        );

        // At a later meeting, what was due at March's is not brought again.
        let earlier_with_march = [earlier.clone(), vec![(march, vec![])]].concat();
        let september = meeting(3, "2026-09-18");
        let agenda = carried_over(&earlier_with_march, &september, 30);
        assert_eq!(agenda.len(), 1);
        assert_eq!(agenda[0].follows_up, Some(ItemId(7)));
    }
}

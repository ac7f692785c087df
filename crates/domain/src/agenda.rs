//! What comes back by itself on a new meeting's agenda: tabled items and open assignments
//! that fall due at it, and the yearly duties agreements set for it.

use chrono::NaiveDate;

use crate::{Agreement, AssignmentStatus, Due, Item, ItemNumber, ItemOutcome, Meeting};

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
/// linked to the item it came from; then each yearly duty of a running agreement whose month
/// falls at this meeting. Numbers start at `first_number`.
pub fn carried_over(
    earlier: &[(Meeting, Vec<Item>)],
    agreements: &[Agreement],
    meeting: &Meeting,
    first_number: u32,
) -> Vec<Item> {
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
    for agreement in agreements {
        let (Some(duty), Some(month)) = (&agreement.yearly_duty, agreement.yearly_duty_month) else {
            continue;
        };
        let running =
            agreement.period.start <= meeting.date && agreement.effective_end().is_none_or(|end| end >= meeting.date);
        let due = Due::Month {
            year: meeting.date.format("%Y").to_string().parse().unwrap_or(0),
            month,
        };
        // The meeting that year's month falls at: the first on or after the month begins.
        if running && falls_due(&due, meeting.date, previous, meeting) {
            let mut item = Item::new(ItemNumber::paragraph(0), format!("{duty} ({})", agreement.title));
            item.notes = vec![format!("Årlig uppgift enligt överenskommelsen ”{}”.", agreement.title)];
            items.push(item);
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
        let agenda = carried_over(&earlier, &[], &march, 12);
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
        let agenda = carried_over(&earlier_with_march, &[], &september, 30);
        assert_eq!(agenda.len(), 1);
        assert_eq!(agenda[0].follows_up, Some(ItemId(7)));
    }

    #[test]
    fn an_agreements_yearly_duty_comes_to_the_november_meeting() {
        let agreement = crate::Agreement {
            id: crate::AgreementId(1),
            body_id: BodyId(1),
            title: "Överenskommelse om samverkan vid utskrivning".into(),
            parties: Vec::new(),
            period: crate::Period::new("2018-01-01".parse().unwrap(), None).unwrap(),
            extensions: Vec::new(),
            parameters: Vec::new(),
            yearly_duty: Some("Fastställa antalet genomsnittliga dagar för nästa år".into()),
            yearly_duty_month: Some(11),
        };
        let october = meeting(1, "2023-10-20");
        let november = meeting(2, "2023-11-17");
        let december = meeting(3, "2023-12-15");
        let earlier = vec![(october.clone(), Vec::new())];
        let items = carried_over(&earlier, std::slice::from_ref(&agreement), &november, 108);
        assert_eq!(items.len(), 1);
        assert!(items[0].title.starts_with("Fastställa antalet genomsnittliga dagar"));
        assert_eq!(items[0].number.as_str(), "108");
        assert!(carried_over(&[], std::slice::from_ref(&agreement), &october, 1).is_empty());
        let with_november = vec![(october, Vec::new()), (november, Vec::new())];
        assert!(
            carried_over(&with_november, &[agreement], &december, 1).is_empty(),
            "once a year"
        );
    }
}

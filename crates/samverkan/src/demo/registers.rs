//! The registers the demo's decisions create: a grant table, a cost split and an agreement.

use anyhow::Result;
use chrono::Datelike;
use samverkan_domain::*;

use super::seed::{date, Members};

pub fn grant(body: &Body, members: &Members, protocol: &Protocol, item: &Item) -> Result<Grant> {
    let year = protocol.meeting.date.year();
    let to_kommuner = Money::from_kronor(2_400_000);
    let weights: Vec<u64> = members
        .kommuner
        .iter()
        .map(|k| k.population.unwrap_or(0) as u64)
        .collect();
    let shares = split_by_weights(to_kommuner, &weights)?;
    let row = |purpose: &str, amount: Money, code: &str, recipient: Option<String>| Allocation {
        decided_on: Some(protocol.meeting.date),
        decided_at_item: Some(item.id),
        purpose: Some(purpose.to_string()),
        amount,
        activity_code: Some(code.to_string()),
        recipient,
        comment: None,
        carry_over: None,
        carry_over_from_year: None,
        carry_over_activity_code: None,
    };
    let mut allocations: Vec<Allocation> = members
        .kommuner
        .iter()
        .zip(shares)
        .map(|(k, amount)| {
            row(
                "Förebyggande arbete för psykisk hälsa",
                amount,
                "PH1",
                Some(k.name.clone()),
            )
        })
        .collect();
    allocations.push(Allocation {
        carry_over: Some(Money::from_kronor(180_000)),
        carry_over_from_year: Some(year - 1),
        carry_over_activity_code: None,
        ..row(
            "Suicidpreventivt arbete",
            Money::from_kronor(900_000),
            "SP1",
            Some(members.region.name.clone()),
        )
    });
    allocations.push(Allocation {
        comment: Some("Ej fördelat, återkommer.".into()),
        ..row(
            "Gemensamma utbildningsinsatser",
            Money::from_kronor(300_000),
            "UT1",
            None,
        )
    });
    let grant = Grant {
        id: GrantId::NEW,
        body_id: body.id,
        name: format!("Statsbidrag för psykisk hälsa och suicidprevention {year}"),
        year,
        total: Some(Money::from_kronor(3_600_000)),
        allocations,
    };
    grant.validate()?;
    Ok(grant)
}

pub fn cost_share(body: &Body, members: &Members, item: &Item) -> Result<CostShare> {
    let total = Money::from_kronor(850_000);
    let weights: Vec<u64> = members
        .kommuner
        .iter()
        .map(|k| k.population.unwrap_or(0) as u64)
        .collect();
    let parts = members
        .kommuner
        .iter()
        .zip(split_by_weights(total, &weights)?)
        .map(|(k, amount)| CostSharePart {
            organisation_id: Some(k.id),
            payer: k.name.clone(),
            basis: k.population.map(|p| format!("{p} inv.")),
            amount,
        })
        .collect();
    let share = CostShare {
        id: CostShareId::NEW,
        body_id: body.id,
        decided_at_item: Some(item.id),
        title: "Kommunernas del av tjänsten som samordnare för suicidprevention".into(),
        total,
        key: CostShareKey::Population {
            year: samverkan_reference::POPULATION_YEAR,
        },
        parts,
    };
    share.validate()?;
    Ok(share)
}

pub fn agreement(body: &Body, members: &Members, protocol: &Protocol, item: &Item) -> Agreement {
    let next_year = protocol.meeting.date.year() + 1;
    Agreement {
        id: AgreementId::NEW,
        body_id: body.id,
        title: "Överenskommelse om samverkan vid utskrivning från sluten hälso- och sjukvård".into(),
        parties: std::iter::once(members.region.id)
            .chain(members.kommuner.iter().map(|k| k.id))
            .collect(),
        period: Period {
            start: date("2024-01-01"),
            end: Some(date("2026-12-31")),
        },
        extensions: vec![AgreementExtension {
            until: date("2027-12-31"),
            decided_at_item: Some(item.id),
            note: Some("Förlängd med ett år.".into()),
        }],
        parameters: vec![YearlyParameter {
            year: next_year,
            name: "Betalningsansvar inträder efter".into(),
            value: "3,0".into(),
            unit: Some("kalenderdagar".into()),
            decided_at_item: Some(item.id),
        }],
        yearly_duty: Some("Fastställ antalet dagar innan betalningsansvaret inträder för nästa år.".into()),
        yearly_duty_month: Some(11),
    }
}

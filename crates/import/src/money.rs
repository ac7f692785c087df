//! Money in a protocol: grant allocation tables, cost splits ("389 000 kronor, of which the
//! municipalities pay 207 467 kronor"), percentage keys (70 % / 30 %) and yearly parameters set by
//! decision ("3,0 kalenderdagar för 2024").

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use samverkan_domain::{
    Allocation, BodyId, CostShare, CostShareId, CostShareKey, CostSharePart, Grant, GrantId, Money, YearlyParameter,
};
use serde::Serialize;

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,3}(?: \d{3})*(?:,\d{1,2})?(?: kr)?$").unwrap());
static CARRY_OVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:plus|använda)\s+(\d{1,3}(?: \d{3})+)\s*(?:kr\s+)?från\s+(?:balanskontot\b.*?\((\d{4})|(\d{4}))")
        .unwrap()
});
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:totala kostnaden|kostnaden|totalt)\s+(?:uppgår till|är|blir)\s+(\d{1,3}(?: \d{3})+)\s*(?:kr|kronor)",
    )
    .unwrap()
});
static PAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\p{Lu}\p{Ll}+)\s+står för\s+(\d{1,3}(?: \d{3})+)\s*(?:kr|kronor)\s+och\s+(\p{Ll}+)\s+för\s+resterande",
    )
    .unwrap()
});
static PERCENT_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)fördelningen\s+(\p{L}+)\s+(\d{1,3})\s*%\s+och\s+(\p{L}+)\s+(\d{1,3})\s*%").unwrap()
});
static PARAMETER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)fastställa\s+(.+?)\s+till\s+(\d+(?:,\d+)?)\s+(\p{L}+)\s+för\s+(\d{4})").unwrap());

/// A percentage key named in the text without an amount: "kommuner 70 % och landsting 30 %".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PercentKey {
    pub item: String,
    pub parts: Vec<(String, u32)>,
}

/// Swedish amount "776 000 kr", "28 180", "1 050 000" → Money.
pub fn amount(text: &str) -> Option<Money> {
    let t = text.trim();
    if !AMOUNT.is_match(t) {
        return None;
    }
    Money::parse_swedish(t.trim_end_matches(" kr")).ok()
}

/// A grant allocation table: a heading row with "Belopp" and "Aktivitet", then rows of date,
/// purpose, amount, activity code, recipient and comment; rows without a date continue the group.
pub fn grant_table(name: &str, rows: &[String], fallback_year: i32) -> Option<Grant> {
    let header = rows
        .iter()
        .position(|r| r.contains("Belopp") && r.contains("Aktivitet"))?;
    let columns: Vec<String> = rows[header].split('\t').map(|c| c.trim().to_lowercase()).collect();
    let col = |word: &str| columns.iter().position(|c| c.contains(word));
    let (date_col, purpose_col, amount_col, code_col) = (col("datum"), col("till"), col("belopp")?, col("aktivitet"));
    let (recipient_col, comment_col) = (col("mottagare"), col("kommentar"));
    let mut allocations: Vec<Allocation> = Vec::new();
    let mut group_date: Option<NaiveDate> = None;
    for row in &rows[header + 1..] {
        let cells: Vec<&str> = row.split('\t').map(str::trim).collect();
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).copied().filter(|s| !s.is_empty());
        let Some(amount) = cell(Some(amount_col)).and_then(amount) else {
            continue;
        };
        if let Some(date) = cell(date_col).and_then(|d| d.parse().ok()) {
            group_date = Some(date);
        }
        let comment = cell(comment_col).map(str::to_string);
        let carry = comment.as_deref().and_then(|c| CARRY_OVER.captures(c));
        let carry_over = carry.as_ref().and_then(|c| Money::parse_swedish(&c[1]).ok());
        let carry_over_from_year = carry
            .as_ref()
            .and_then(|c| c.get(2).or(c.get(3))?.as_str().parse().ok());
        // "OBS! Plus 101 682 från 2022 (överskott) aktivitet 787": the money's own code.
        let carry_over_activity_code = carry.as_ref().and(comment.as_deref()).and_then(|c| {
            let after = c.split("aktivitet ").nth(1)?;
            Some(after.split(|ch: char| !ch.is_ascii_digit()).next()?.to_string()).filter(|code| !code.is_empty())
        });
        let recipient = cell(recipient_col).map(str::to_string);
        allocations.push(Allocation {
            decided_on: group_date,
            decided_at_item: None,
            purpose: cell(purpose_col).map(str::to_string),
            amount,
            activity_code: cell(code_col).map(str::to_string),
            recipient,
            comment,
            carry_over,
            carry_over_from_year,
            carry_over_activity_code,
        });
    }
    let year = name
        .split_whitespace()
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1990..2100).contains(y))
        .unwrap_or(fallback_year);
    Some(Grant {
        id: GrantId::NEW,
        body_id: BodyId::NEW,
        name: name.to_string(),
        year,
        total: None,
        allocations,
    })
}

/// A cost split stated as a total and one payer's share, the other paying the rest.
pub fn cost_share(item_title: &str, text: &str) -> Option<CostShare> {
    let total = Money::parse_swedish(&TOTAL.captures(text)?[1]).ok()?;
    let c = PAYS.captures(text)?;
    let first = Money::parse_swedish(&c[2]).ok()?;
    if first > total {
        return None;
    }
    let share = CostShare {
        id: CostShareId::NEW,
        body_id: BodyId::NEW,
        decided_at_item: None,
        title: item_title.to_string(),
        total,
        key: CostShareKey::AsDecided,
        parts: vec![
            CostSharePart {
                organisation_id: None,
                payer: c[1].to_string(),
                basis: None,
                amount: first,
            },
            CostSharePart {
                organisation_id: None,
                payer: capitalise(&c[3]),
                basis: Some("resterande belopp".into()),
                amount: total - first,
            },
        ],
    };
    share.validate().ok()?;
    Some(share)
}

/// "fördelningen kommuner 70 % och landsting 30 %".
pub fn percent_key(item: &str, text: &str) -> Option<PercentKey> {
    let c = PERCENT_SPLIT.captures(text)?;
    let parts = vec![
        (c[1].to_string(), c[2].parse().ok()?),
        (c[3].to_string(), c[4].parse().ok()?),
    ];
    Some(PercentKey {
        item: item.to_string(),
        parts,
    })
}

/// "fastställa antalet genomsnittliga dagar … till 3,0 kalenderdagar för 2024".
pub fn yearly_parameter(text: &str) -> Option<YearlyParameter> {
    let c = PARAMETER.captures(text)?;
    Some(YearlyParameter {
        year: c[4].parse().ok()?,
        name: c[1].to_string(),
        value: c[2].to_string(),
        unit: Some(c[3].to_string()),
        decided_at_item: None,
    })
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_and_one_share_make_a_split_that_sums() {
        let share = cost_share(
            "Praktiksamordning",
            "Den totala kostnaden uppgår till 389 000 kronor. Kommunerna står för 207 467 kronor och landstinget för resterande belopp.",
        )
        .unwrap();
        assert_eq!(share.parts[0].amount, Money::from_kronor(207_467));
        assert_eq!(share.parts[1].amount, Money::from_kronor(181_533));
        assert_eq!(share.parts[1].payer, "Landstinget");
    }

    #[test]
    fn grant_rows_continue_their_group() {
        let rows = vec![
            "Beslutsdatum\tTill\tBelopp\tAktivitet\tMottagare\tKommentar".to_string(),
            "2023-09-22\tEMQ\t250 000\t265\tKoU\t".to_string(),
            "\t\t500 681\t786\tKoU\t".to_string(),
            "2023-10-20\tUtvärdering\t488 018\t786\tKommun\tOBS! Plus 271 982 från 2022 (överskott) aktivitet 786"
                .to_string(),
        ];
        let grant = grant_table("Statsbidrag 2023", &rows, 2000).unwrap();
        assert_eq!(grant.year, 2023);
        assert_eq!(grant.allocations.len(), 3);
        assert_eq!(grant.allocations[1].decided_on, grant.allocations[0].decided_on);
        assert_eq!(grant.allocations[1].purpose, None);
        assert_eq!(grant.allocations[2].carry_over, Some(Money::from_kronor(271_982)));
        assert_eq!(grant.allocations[2].carry_over_from_year, Some(2022));
    }
}

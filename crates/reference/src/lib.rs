//! Swedish municipalities (kommuner), counties (län), regions and population, shipped inside
//! the binary so that a kommun organisation can be created from its SCB code alone.
//!
//! The CSV files under `data/` are embedded at build time and parsed once on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use samverkan_domain::{Organisation, OrganisationId, OrganisationKind};

/// The year whose 31 December the shipped population figures describe.
pub const POPULATION_YEAR: i32 = 2018;

/// A municipality as SCB lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// Four digits, leading zero kept: "0114".
    pub code: String,
    /// SCB's form: "Upplands Väsby kommun".
    pub name: String,
    /// "Upplands Väsby".
    pub short_name: String,
    pub county_code: String,
    /// Inhabitants on 31 December [`POPULATION_YEAR`].
    pub population: i64,
}

/// A county (län) and the region that shares its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    /// Two digits: "23".
    pub code: String,
    /// "Jämtlands län".
    pub name: String,
    pub short_name: String,
    /// The region's own name: "Region Jämtland Härjedalen".
    pub region_name: String,
}

/// A kommun organisation from its SCB code, with name and population.
pub fn kommun_organisation(code: &str) -> Result<Organisation, ReferenceError> {
    let municipality = municipality(code.trim())?;
    Ok(Organisation {
        id: OrganisationId::NEW,
        name: municipality.name.clone(),
        kind: OrganisationKind::Kommun {
            municipality_code: municipality.code.clone(),
        },
        population: Some(municipality.population),
        population_year: Some(POPULATION_YEAR),
    })
}

/// A region organisation from its county code, with the county's population.
pub fn region_organisation(code: &str) -> Result<Organisation, ReferenceError> {
    let county = county(code.trim())?;
    Ok(Organisation {
        id: OrganisationId::NEW,
        name: county.region_name.clone(),
        kind: OrganisationKind::Region {
            county_code: county.code.clone(),
        },
        population: Some(municipalities_in_county(&county.code).map(|m| m.population).sum()),
        population_year: Some(POPULATION_YEAR),
    })
}

/// A code that is not in the shipped reference data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("unknown municipality code {0:?}: expected one of Sweden's 290 four-digit SCB codes, such as \"2380\"")]
    UnknownMunicipality(String),
    #[error("unknown county code {0:?}: expected one of Sweden's 21 two-digit county codes, such as \"23\"")]
    UnknownCounty(String),
    #[error("befolkningssiffror finns för {POPULATION_YEAR}, inte för {0}")]
    NoPopulationFor(i32),
}

/// A population key for a cost split: each municipality (by SCB code) weighed by its
/// inhabitants at the end of `year`. Only the shipped year ([`POPULATION_YEAR`]) is known.
pub fn population_key(codes: &[&str], year: i32) -> Result<Vec<samverkan_domain::SplitParty>, ReferenceError> {
    if year != POPULATION_YEAR {
        return Err(ReferenceError::NoPopulationFor(year));
    }
    codes
        .iter()
        .map(|code| {
            let m = municipality(code)?;
            Ok(samverkan_domain::SplitParty {
                organisation_id: None,
                payer: m.name.clone(),
                weight: m.population.max(0) as u64,
                guaranteed: samverkan_domain::Money::ZERO,
            })
        })
        .collect()
}

const MUNICIPALITIES_CSV: &str = include_str!("../data/municipalities.csv");
const COUNTIES_CSV: &str = include_str!("../data/counties.csv");
const POPULATION_CSV: &str = include_str!("../data/befolkning.csv");

/// The regions' own names, which the county list does not carry. Gotland has no separate
/// region: the municipality of Gotland holds the regional duties and calls itself Region Gotland.
const REGION_NAMES: [(&str, &str); 21] = [
    ("01", "Region Stockholm"),
    ("03", "Region Uppsala"),
    ("04", "Region Sörmland"),
    ("05", "Region Östergötland"),
    ("06", "Region Jönköpings län"),
    ("07", "Region Kronoberg"),
    ("08", "Region Kalmar län"),
    ("09", "Region Gotland"),
    ("10", "Region Blekinge"),
    ("12", "Region Skåne"),
    ("13", "Region Halland"),
    ("14", "Västra Götalandsregionen"),
    ("17", "Region Värmland"),
    ("18", "Region Örebro län"),
    ("19", "Region Västmanland"),
    ("20", "Region Dalarna"),
    ("21", "Region Gävleborg"),
    ("22", "Region Västernorrland"),
    ("23", "Region Jämtland Härjedalen"),
    ("24", "Region Västerbotten"),
    ("25", "Region Norrbotten"),
];

struct Reference {
    municipalities: Vec<Municipality>,
    counties: Vec<County>,
    municipality_index: HashMap<String, usize>,
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    let population = parse_population(POPULATION_CSV);
    let municipalities: Vec<Municipality> = data_rows(MUNICIPALITIES_CSV, ',')
        .map(|fields| Municipality {
            code: fields[0].to_string(),
            name: fields[1].to_string(),
            short_name: fields[2].to_string(),
            county_code: fields[3].to_string(),
            // The build-time test `every_municipality_has_population` guarantees the lookup.
            population: population.get(fields[0]).copied().unwrap_or_default(),
        })
        .collect();
    let counties = data_rows(COUNTIES_CSV, ',')
        .map(|fields| County {
            code: fields[0].to_string(),
            name: fields[1].to_string(),
            short_name: fields[2].to_string(),
            region_name: REGION_NAMES
                .iter()
                .find(|(code, _)| *code == fields[0])
                .map(|(_, name)| name.to_string())
                .unwrap_or_else(|| format!("Region {}", fields[2])),
        })
        .collect();
    let municipality_index = municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| (m.code.clone(), i))
        .collect();
    Reference {
        municipalities,
        counties,
        municipality_index,
    }
});

/// Rows after the header, split on `separator`, with a BOM and CR line ends tolerated.
fn data_rows(csv: &str, separator: char) -> impl Iterator<Item = Vec<&str>> {
    csv.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(move |line| line.trim_end_matches('\r').split(separator).collect::<Vec<_>>())
}

/// SCB's export: `"0114 Upplands Väsby";45543` rows, then footnotes. Parsing stops at the first
/// row that does not start with a four-digit code.
fn parse_population(csv: &str) -> HashMap<String, i64> {
    data_rows(csv, ';')
        .map_while(|fields| {
            let region = fields.first()?.trim_matches('"');
            let code = region.get(..4).filter(|c| c.chars().all(|ch| ch.is_ascii_digit()))?;
            let count = fields.get(1)?.trim().parse().ok()?;
            Some((code.to_string(), count))
        })
        .collect()
}

/// All 290 municipalities, in SCB code order.
pub fn municipalities() -> &'static [Municipality] {
    &REFERENCE.municipalities
}

/// All 21 counties, in code order.
pub fn counties() -> &'static [County] {
    &REFERENCE.counties
}

/// The municipality with this SCB code.
pub fn municipality(code: &str) -> Result<&'static Municipality, ReferenceError> {
    let code = code.trim();
    REFERENCE
        .municipality_index
        .get(code)
        .map(|i| &REFERENCE.municipalities[*i])
        .ok_or_else(|| ReferenceError::UnknownMunicipality(code.to_string()))
}

/// The county with this code.
pub fn county(code: &str) -> Result<&'static County, ReferenceError> {
    let code = code.trim();
    REFERENCE
        .counties
        .iter()
        .find(|c| c.code == code)
        .ok_or_else(|| ReferenceError::UnknownCounty(code.to_string()))
}

/// The municipalities of one county, in code order.
pub fn municipalities_in_county(county_code: &str) -> impl Iterator<Item = &'static Municipality> + '_ {
    municipalities().iter().filter(move |m| m.county_code == county_code)
}

#[cfg(test)]
mod tests {
    use samverkan_domain::{BodyId, CostShare, CostShareKey, Money};

    #[test]
    fn population_split_between_the_eight_jamtland_municipalities_is_exact() {
        let codes: Vec<&str> = municipalities_in_county("23").map(|m| m.code.as_str()).collect();
        assert_eq!(codes.len(), 8);
        let key = population_key(&codes, 2018).unwrap();
        for total in [
            Money::from_kronor(1),
            Money(7),
            Money::from_kronor(10_000_000),
            Money(999_999_999),
        ] {
            let share = CostShare::split(
                BodyId(1),
                "Gemensam tjänst",
                total,
                CostShareKey::Population { year: 2018 },
                &key,
            )
            .unwrap();
            assert_eq!(share.parts.iter().map(|p| p.amount).sum::<Money>(), total);
            assert_eq!(share.parts.len(), 8);
        }
        let ten_million = CostShare::split(
            BodyId(1),
            "x",
            Money::from_kronor(10_000_000),
            CostShareKey::Population { year: 2018 },
            &key,
        )
        .unwrap();
        let ostersund = ten_million
            .parts
            .iter()
            .find(|p| p.payer.starts_with("Östersund"))
            .unwrap();
        let biggest = ten_million.parts.iter().map(|p| p.amount).max().unwrap();
        assert_eq!(ostersund.amount, biggest, "the largest municipality pays the most");
        assert_eq!(
            population_key(&codes, 2023).unwrap_err().to_string(),
            "befolkningssiffror finns för 2018, inte för 2023"
        );
    }

    use super::*;

    #[test]
    fn has_every_municipality_and_county() {
        assert_eq!(municipalities().len(), 290);
        assert_eq!(counties().len(), 21);
        assert_eq!(municipalities_in_county("23").count(), 8);
        assert_eq!(municipalities_in_county("10").count(), 5);
    }

    #[test]
    fn every_municipality_has_population() {
        assert!(municipalities().iter().all(|m| m.population > 0));
        let total: i64 = municipalities().iter().map(|m| m.population).sum();
        assert_eq!(total, 10_230_185, "SCB's population of Sweden on 2018-12-31");
    }

    #[test]
    fn looks_up_by_code_with_leading_zero() {
        let vasby = municipality("0114").unwrap();
        assert_eq!(vasby.name, "Upplands Väsby kommun");
        assert_eq!(vasby.population, 45_543);
        let ostersund = municipality("2380").unwrap();
        assert_eq!(ostersund.short_name, "Östersund");
        assert_eq!(county("23").unwrap().region_name, "Region Jämtland Härjedalen");
    }

    #[test]
    fn unknown_codes_are_clear_errors() {
        let err = municipality("9999").unwrap_err();
        assert!(err.to_string().starts_with("unknown municipality code \"9999\""));
        assert!(county("02").is_err());
    }
}

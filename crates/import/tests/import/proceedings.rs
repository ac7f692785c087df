//! Proceedings of complete municipal protocols in the corpus (read, never copied): motions,
//! the order of propositions, votes, reservations, protocol notes and the documents decided on.

use samverkan_import::Imported;

use crate::item;

fn corpus(prefix: &str) -> Imported {
    crate::imported("corpus/protocols", prefix)
}

fn persons(statements: &[samverkan_domain::Statement]) -> Vec<String> {
    statements.iter().flat_map(|s| s.persons.iter().cloned()).collect()
}

#[test]
fn a_budget_item_keeps_its_motions_vote_reservations_and_protocol_notes() {
    let imported = corpus("01_");
    let p = &item(&imported, "35").proceedings;
    assert_eq!(p.basis.len(), 2, "{:?}", p.basis);
    assert!(p.basis[0].starts_with("Tjänsteskrivelse"));
    assert_eq!(persons(&p.motions), ["Susanne Borgelius (M)", "Oscar Sedira (SD)"]);
    // The amendment's dashed point belongs to the motion that introduces it.
    assert!(p.motions[1].text.contains("hemtjänst"), "{:?}", p.motions[1]);
    assert_eq!(p.votes.len(), 1);
    let vote = &p.votes[0];
    assert_eq!((vote.yes, vote.no, vote.abstained), (10, 1, 0));
    assert!(vote.proposition.as_deref().is_some_and(|t| t.contains("röstar ja")));
    assert!(p.procedure.iter().any(|t| t.contains("proposition")));
    assert_eq!(persons(&p.reservations), ["Oscar Sedira (SD)", "Carina Ericsson (FB)"]);
    assert_eq!(
        persons(&p.protocol_notes),
        ["Karin Everlund (S)", "Carina Ericsson (FB)"]
    );
    // A note's own text follows its announcement.
    assert!(p.protocol_notes[0].text.contains("Socialdemokrater"));
    // None of it is left behind in the notes, and the page head is not taken as procedure.
    let item = item(&imported, "35");
    assert!(
        !item
            .notes
            .iter()
            .any(|n| n.contains("reserverar") || n.contains("yrkar")),
        "{:?}",
        item.notes
    );
    assert!(
        !p.procedure.iter().any(|t| t.contains("SAMMANTRÄDESPROTOKOLL")),
        "{:?}",
        p.procedure
    );
    // The decision is still the decision.
    assert!(item
        .decision
        .as_ref()
        .is_some_and(|d| d.clauses.iter().any(|c| c.text.contains("godkänna"))));
}

#[test]
fn reservations_of_several_members_and_written_ones_are_each_kept() {
    let imported = corpus("05_");
    let item = imported
        .protocol
        .items
        .iter()
        .find(|i| !i.proceedings.reservations.is_empty())
        .expect("an item with reservations");
    let p = &item.proceedings;
    let who = persons(&p.reservations);
    for name in [
        "Per Bengtsson (S)",
        "Rune Netterlid (S)",
        "Lennart Nilsson (S)",
        "Sandra Pilemalm (L)",
        "Jenny Morau (F)",
    ] {
        assert!(who.iter().any(|w| w == name), "{name} in {who:?}");
    }
    assert_eq!(persons(&p.protocol_notes), ["Oscar Sedira (SD)"]);
    assert!(p.motions.len() >= 2, "{:?}", p.motions);
    assert!(p.votes.is_empty(), "no vote was taken: {:?}", p.votes);
}

#[test]
fn the_canonical_text_carries_the_proceedings() {
    let text = corpus("01_").protocol.canonical_text();
    assert!(text.contains("Omröstning: Ja 10, nej 1, avstår 0"), "{text}");
    assert!(text.contains("Reservationer: Oscar Sedira (SD) reserverar sig"));
    assert!(text.contains("Beslutsunderlag: Tjänsteskrivelse"));
}

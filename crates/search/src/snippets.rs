//! The words of the index (lower-cased, Swedish-stemmed) and the snippets of a page of hits:
//! the text around the query's words, found by reading the hit's whole text with a stemmer
//! that stems only the words a query term could have come from.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer as Snowball};
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TextAnalyzerBuilder, Token, TokenFilter,
    TokenStream, Tokenizer,
};
use tantivy::{Score, Searcher, Term};

/// How the index reads a text: words, at most 60 bytes, lower-cased, stemmed.
pub fn analyzer() -> TextAnalyzer {
    words()
        .filter(Stemmer::new(tantivy::tokenizer::Language::Swedish))
        .build()
}

/// The index's words before stemming.
fn words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
}

/// A snippet generator for the query's terms in one field, as tantivy's own would make it
/// (each term weighted 1 / (1 + its document frequency)), but reading texts with
/// [`analyzer_for`] those terms. Stemming every word of 20 hits' texts was a fifth of a
/// search's time.
pub fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    max_chars: usize,
) -> tantivy::Result<SnippetGenerator> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut weighted: BTreeMap<String, Score> = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            weighted.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    let analyzer = analyzer_for(weighted.keys().cloned().collect());
    Ok(SnippetGenerator::new(weighted, analyzer, field, max_chars))
}

/// The index's analyzer for finding these terms: the Swedish Snowball stemmer only removes or
/// shortens endings, so a word's stem is always a beginning of the word, and a word that
/// starts with no term can neither be nor stem to one. Such words are left as they are.
fn analyzer_for(terms: Vec<String>) -> TextAnalyzer {
    words().filter(StemIfTermPrefix { terms: terms.into() }).build()
}

#[derive(Clone)]
struct StemIfTermPrefix {
    terms: Arc<[String]>,
}

impl TokenFilter for StemIfTermPrefix {
    type Tokenizer<T: Tokenizer> = StemIfTermPrefixFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemIfTermPrefixFilter<T> {
        StemIfTermPrefixFilter {
            terms: self.terms,
            inner,
        }
    }
}

#[derive(Clone)]
struct StemIfTermPrefixFilter<T> {
    terms: Arc<[String]>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemIfTermPrefixFilter<T> {
    type TokenStream<'a> = StemIfTermPrefixStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemIfTermPrefixStream {
            terms: &self.terms,
            tail: self.inner.token_stream(text),
            stemmer: Snowball::create(Algorithm::Swedish),
        }
    }
}

struct StemIfTermPrefixStream<'a, S> {
    terms: &'a [String],
    tail: S,
    stemmer: Snowball,
}

impl<S: TokenStream> TokenStream for StemIfTermPrefixStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if self.terms.iter().any(|term| token.text.starts_with(term.as_str())) {
            let stem = self.stemmer.stem(&token.text).into_owned();
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word's stem as the index's analyzer makes it.
    fn stems(mut analyzer: TextAnalyzer, text: &str) -> Vec<(usize, String)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().offset_from, stream.token().text.clone()));
        }
        out
    }

    const TEXTS: &[&str] = &[
        "Nämnden beslutade att godkänna överenskommelsen om hemsjukvården och lösta frågor.",
        "Fullt ut: vårdförbundets hjälpmedelsverksamhet, rehabiliteringen, RAPPORTERNA, Löst.",
        "Kommunerna och regionen ansvarar gemensamt för uppföljningen av barnens hälsa 2024.",
    ];

    /// For each term that a word of the texts stems to, the gated analyzer finds it in the
    /// same places as the full one; no other word becomes that term.
    #[test]
    fn the_gated_stemmer_finds_every_term_the_full_one_finds() {
        for text in TEXTS {
            let full = stems(analyzer(), text);
            let mut terms: Vec<String> = full.iter().map(|(_, s)| s.clone()).collect();
            terms.push("saknas".to_string());
            for term in &terms {
                let gated = stems(analyzer_for(vec![term.clone()]), text);
                let at = |words: &[(usize, String)]| -> Vec<usize> {
                    words.iter().filter(|(_, s)| s == term).map(|(o, _)| *o).collect()
                };
                assert_eq!(at(&gated), at(&full), "term {term:?} in {text:?}");
            }
        }
    }

    /// The snippets themselves, of short texts and of a long one with several candidate
    /// fragments, are the ones the full analyzer gives.
    #[test]
    fn snippets_are_those_of_the_full_analyzer() {
        let field = Field::from_field_id(0);
        let long = TEXTS.join(" ").repeat(5);
        for terms in [
            &["hemsjukvård", "beslut"][..],
            &["rapport"],
            &["kommun", "ansvar"],
            &["saknas"],
        ] {
            let weighted: BTreeMap<String, Score> = terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.to_string(), 1.0 / (2.0 + i as Score)))
                .collect();
            let gated = analyzer_for(weighted.keys().cloned().collect());
            let full = SnippetGenerator::new(weighted.clone(), analyzer(), field, 80);
            let gated = SnippetGenerator::new(weighted, gated, field, 80);
            let mut highlighted = 0;
            for text in TEXTS.iter().copied().chain([long.as_str()]) {
                let (a, b) = (full.snippet(text), gated.snippet(text));
                assert_eq!(
                    (a.fragment(), a.highlighted()),
                    (b.fragment(), b.highlighted()),
                    "{terms:?}"
                );
                highlighted += a.highlighted().len();
            }
            assert_eq!(
                highlighted == 0,
                terms == ["saknas"],
                "{terms:?} found {highlighted} times"
            );
        }
    }

    /// A word starting with no term is left unstemmed, which is where the time goes.
    #[test]
    fn words_no_term_begins_are_not_stemmed() {
        let words = stems(analyzer_for(vec!["hemsjukvård".into()]), "hemsjukvården beslutade");
        assert_eq!(words[0].1, "hemsjukvård");
        assert_eq!(words[1].1, "beslutade");
    }
}

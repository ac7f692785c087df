//! Persons in attendance lists: "Name (Party), role", "Name, Title, §§ 61-65", "X (M) ersätter
//! Y (M)", bare names run together when a column was flattened, and presence marks ("X").

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// Common first names, to tell where one name ends and the next begins in a run of names.
static FIRST_NAMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("first_names.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(fold)
        .collect()
});

/// Capitalised words that are never part of a person's name in a protocol head: labels, roles,
/// weekdays, months, words of places and organisations.
const NOT_NAMES: &[&str] = &[
    "ordförande",
    "ordf",
    "vice",
    "ledamot",
    "ledamöter",
    "ersättare",
    "ers",
    "tjg",
    "sekreterare",
    "justerare",
    "justerande",
    "tjänstgörande",
    "beslutande",
    "närvarande",
    "frånvarande",
    "övriga",
    "deltagare",
    "deltagande",
    "ordinarie",
    "adjungerade",
    "adjungerad",
    "inbjudna",
    "inbjuden",
    "tjänstemän",
    "tjänsteman",
    "föredragande",
    "förhinder",
    "anmält",
    "utses",
    "utsedd",
    "justering",
    "justeringens",
    "underskrift",
    "underskrifter",
    "paragrafer",
    "paragraf",
    "anslag",
    "anslaget",
    "bevis",
    "organ",
    "plats",
    "tid",
    "datum",
    "sammanträdesdatum",
    "protokoll",
    "protokollet",
    "sammanträdesprotokoll",
    "sida",
    "bilaga",
    "bilagor",
    "kl",
    "klockan",
    "och",
    "samt",
    "se",
    "enligt",
    "ja",
    "nej",
    "avstår",
    "summa",
    "digital",
    "digitalt",
    "mötet",
    "möte",
    "sammanträde",
    "sammanträdet",
    "ärende",
    "ärenden",
    "punkt",
    "punkten",
    "via",
    "teams",
    "zoom",
    "region",
    "regionen",
    "landstinget",
    "landsting",
    "kommun",
    "kommunen",
    "stad",
    "staden",
    "län",
    "läns",
    "måndag",
    "tisdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lördag",
    "söndag",
    "måndagen",
    "tisdagen",
    "onsdagen",
    "torsdagen",
    "fredagen",
    "lördagen",
    "söndagen",
    "ej",
    "icke",
    "för",
    "från",
    "till",
    "med",
    "vid",
    "under",
    "efter",
    "dnr",
    "diarienummer",
    "ordföranden",
    "hotell",
    "omedelbart",
    "justerade",
    "justerat",
    "förvaringsplats",
    "utdragsbestyrkande",
    "program",
    "kaffe",
    "lunch",
    "paus",
    "närvaro",
    "votering",
    "voteringslista",
    "närvarolista",
    "tjänstgör",
    "kansli",
    "kansliet",
    "förvaltningen",
    "förvaltning",
    "nämnden",
    "nämnd",
    "styrelsen",
    "styrelse",
    "stadshuset",
    "kommunhuset",
    "rådhuset",
    "landstingshuset",
    "förvaltningshuset",
    "regionhuset",
    "observatör",
    "observatörer",
    "gäster",
    "gäst",
    "insynsplats",
    "revisorer",
    "revisor",
];

/// Word endings of titles and organisations ("förbundschef", "Socialförvaltningen").
const NOT_NAME_ENDINGS: &[&str] = &[
    "chef",
    "sekreterare",
    "direktör",
    "samordnare",
    "ekonom",
    "strateg",
    "controller",
    "handläggare",
    "ansvarig",
    "sjuksköterska",
    "utvecklare",
    "ledare",
    "assistent",
    "jurist",
    "konsult",
    "representant",
    "kommunikatör",
    "inspektör",
    "arkitekt",
    "ingenjör",
    "rådgivare",
    "koordinator",
    "sakkunnig",
    "utredare",
    "specialist",
    "pedagog",
    "planerare",
    "förvaltare",
    "registrator",
    "kanslist",
    "notarie",
    "ombud",
    "ombudsman",
    "läkare",
    "expert",
    "kommun",
    "kommuns",
    "nämnd",
    "nämnden",
    "nämndens",
    "styrelsen",
    "styrelsens",
    "förvaltningen",
    "förvaltningens",
    "regionen",
    "regionens",
    "landsting",
    "landstinget",
    "huset",
    "rummet",
    "salen",
    "enheten",
    "avdelningen",
    "kontoret",
    "förbund",
    "förbundet",
    "förbundets",
    "bolag",
    "bolaget",
    "centrum",
    "centret",
    "skolan",
    "gruppen",
    "rådet",
    "utskottet",
    "utskott",
    "fullmäktige",
    "myndigheten",
    "kassan",
    "förmedlingen",
    "verket",
    "gatan",
    "vägen",
    "torget",
    "sjukhuset",
    "staden",
    "partiet",
    "förening",
    "föreningen",
    "protokoll",
];

const PARTICLES: &[&str] = &[
    "von", "van", "af", "de", "der", "da", "di", "du", "la", "le", "al", "el", "bin",
];

/// One person found in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub name: String,
    /// The party or organisation in brackets after the name: "S", "Skaraborg".
    pub party: Option<String>,
    /// The words after the name up to the next person: role, title, partial presence.
    pub after: String,
    /// A presence mark ("X") right after the name, as in a presence table.
    pub marked: bool,
    /// Named as the one replaced: "X ersätter Y", "X för Y", "tjg ers för Y".
    pub replaced: bool,
    /// Byte range of the name in the text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
enum Token {
    Word {
        text: String,
        start: usize,
        end: usize,
        newline_before: bool,
    },
    Paren {
        inner: String,
        start: usize,
        end: usize,
    },
    Break {
        text: String,
        start: usize,
        end: usize,
    },
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\([^()\n]{0,60}\)|[\p{L}][\p{L}'’´-]*\.?|\d+(?:[-–]\d+)?|\n|[^\s\p{L}\d(]+|\(").unwrap()
});

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut newline = false;
    for m in TOKEN.find_iter(text) {
        let t = m.as_str();
        if t == "\n" {
            newline = true;
            continue;
        }
        let (start, end) = (m.start(), m.end());
        if t.starts_with('(') && t.ends_with(')') && t.len() > 1 {
            out.push(Token::Paren {
                inner: t[1..t.len() - 1].trim().to_string(),
                start,
                end,
            });
        } else if t.starts_with(|c: char| c.is_alphabetic()) {
            out.push(Token::Word {
                text: t.to_string(),
                start,
                end,
                newline_before: newline,
            });
        } else {
            out.push(Token::Break {
                text: t.to_string(),
                start,
                end,
            });
        }
        newline = false;
    }
    out
}

/// Lower-cased, accents folded: the key for the lexicons.
fn fold(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ë' => 'e',
            'á' | 'à' => 'a',
            'ü' => 'u',
            'í' => 'i',
            'ó' => 'o',
            other => other,
        })
        .collect()
}

/// A known first name, also hyphenated ("Carl-Magnus", "Ann-Christin").
pub fn is_first_name(word: &str) -> bool {
    let folded = fold(word.trim_end_matches('.'));
    FIRST_NAMES.contains(&folded) || (folded.contains('-') && folded.split('-').all(|p| FIRST_NAMES.contains(p)))
}

/// A word that may be part of a person's name.
pub fn is_name_word(word: &str) -> bool {
    let w = word.trim_end_matches(['.', '’', '\'']);
    let mut chars = w.chars();
    let Some(first) = chars.next() else { return false };
    if !first.is_uppercase() || w.chars().count() < 2 {
        return false;
    }
    if !w.chars().skip(1).any(char::is_lowercase) || word.ends_with('.') {
        return false;
    }
    let folded = fold(w);
    if NOT_NAMES.contains(&folded.as_str()) || crate::dates::is_month_name(&folded) {
        return false;
    }
    let lower = w.to_lowercase();
    if NOT_NAME_ENDINGS.iter().any(|e| lower.ends_with(e)) && !is_first_name(w) {
        return false;
    }
    w.chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
}

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word)
}

/// Splits a run of name words into names, preferring names that begin with a known first name,
/// do not put a known first name in the middle, and end where a line ends.
fn split_run(words: &[(String, bool)]) -> Vec<std::ops::Range<usize>> {
    let n = words.len();
    let mut best: Vec<Option<(i32, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 2..=n {
        for len in 2..=4.min(end) {
            let start = end - len;
            let Some((score, _)) = best[start] else { continue };
            let chunk = &words[start..end];
            let mut s = 0;
            s += if is_first_name(&chunk[0].0) { 3 } else { -2 };
            for (k, (w, newline)) in chunk.iter().enumerate().skip(1) {
                if *newline {
                    s -= 3;
                }
                if is_first_name(w) && !(k == 1 && len == 3) {
                    s -= 3;
                }
            }
            if len == 3 && !is_first_name(&chunk[1].0) {
                s -= 1;
            }
            if len == 4 {
                s -= 3;
            }
            if words.get(end).is_none_or(|(_, newline)| *newline) {
                s += 1;
            }
            let total = score + s;
            if best[end].is_none_or(|(b, _)| total > b) {
                best[end] = Some((total, start));
            }
        }
    }
    let mut ranges = Vec::new();
    let mut end = n;
    while end > 0 {
        let Some((_, start)) = best[end] else {
            return Vec::new();
        };
        ranges.push(start..end);
        end = start;
    }
    ranges.reverse();
    ranges
}

/// Every person named in `text`, in order.
pub fn people(text: &str) -> Vec<Found> {
    let toks = tokens(text);
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    // Words between the last person and the next, lower-cased: "ersätter", "tjg ers för".
    let mut between: Vec<String> = Vec::new();
    while i < toks.len() {
        let Token::Word { text: w, .. } = &toks[i] else {
            if let Token::Break { text, .. } = &toks[i] {
                between.push(text.clone());
            }
            i += 1;
            continue;
        };
        if !is_name_word(w) {
            between.push(w.to_lowercase());
            i += 1;
            continue;
        }
        // A run of name words (particles allowed inside).
        let mut run: Vec<(String, bool, usize, usize)> = Vec::new();
        let mut j = i;
        while j < toks.len() {
            match &toks[j] {
                Token::Word {
                    text,
                    start,
                    end,
                    newline_before,
                } if is_name_word(text) => {
                    run.push((text.trim_end_matches('.').to_string(), *newline_before, *start, *end));
                    j += 1;
                }
                Token::Word { text, start, .. } if is_particle(text) && !run.is_empty() => {
                    // Glue the particle to the next word: "von Bergen".
                    let next = toks
                        .get(j + 1)
                        .filter(|t| matches!(t, Token::Word { text, .. } if is_name_word(text)));
                    let Some(Token::Word {
                        text: next,
                        end,
                        newline_before,
                        ..
                    }) = next
                    else {
                        break;
                    };
                    run.push((format!("{text} {next}"), *newline_before, *start, *end));
                    j += 2;
                }
                _ => break,
            }
        }
        let words: Vec<(String, bool)> = run
            .iter()
            .enumerate()
            .map(|(k, (w, nl, _, _))| (w.clone(), k > 0 && *nl))
            .collect();
        let ranges = if run.len() >= 2 { split_run(&words) } else { Vec::new() };
        if ranges.is_empty() {
            between.extend(run.iter().map(|r| r.0.to_lowercase()));
            i = j;
            continue;
        }
        for (k, range) in ranges.iter().enumerate() {
            let name = run[range.clone()]
                .iter()
                .map(|r| r.0.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let replaced = k == 0 && replaces_next(&between);
            between.clear();
            found.push(Found {
                name,
                party: None,
                after: String::new(),
                marked: false,
                replaced,
                start: run[range.start].2,
                end: run[range.end - 1].3,
            });
        }
        i = j;
        // The party, a presence mark and the words up to the next name belong to the last one.
        if let Some(Token::Paren { inner, .. }) = toks.get(i) {
            if let Some(last) = found.last_mut() {
                last.party = Some(inner.clone());
            }
            i += 1;
        }
        if let Some(Token::Word {
            text,
            newline_before: false,
            ..
        }) = toks.get(i)
        {
            if text == "X" || text == "x" {
                if let Some(last) = found.last_mut() {
                    last.marked = true;
                }
                i += 1;
            }
        }
        // The words up to the next name, as written: role, title, partial presence.
        let from = i.checked_sub(1).map_or(0, |p| token_end(&toks[p]));
        let mut k = i;
        while k < toks.len() && !matches!(&toks[k], Token::Word { text, .. } if is_name_word(text)) {
            k += 1;
        }
        let to = toks.get(k).map_or(text.len(), token_start);
        if let Some(last) = found.last_mut() {
            let after = text.get(from.max(last.end)..to.max(from)).unwrap_or("");
            last.after = after
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_matches([',', ' ', ';'])
                .to_string();
        }
    }
    found
}

fn token_start(t: &Token) -> usize {
    match t {
        Token::Word { start, .. } | Token::Paren { start, .. } | Token::Break { start, .. } => *start,
    }
}

fn token_end(t: &Token) -> usize {
    match t {
        Token::Word { end, .. } | Token::Paren { end, .. } | Token::Break { end, .. } => *end,
    }
}

/// Whether a text, meant as the name of a body, names a person instead ("Anna Berg (KD)").
pub fn looks_like_person(text: &str) -> bool {
    !people(text).is_empty()
}

/// Whether the words before a name make it the one replaced.
fn replaces_next(between: &[String]) -> bool {
    let words: Vec<&str> = between
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "," | ";" | ":"))
        .collect();
    matches!(words.last(), Some(&"ersätter") | Some(&"för")) || words.ends_with(&["i", "stället", "för"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        people(text).into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn parties_roles_and_replacements() {
        let found = people("Rune Ekholm (S) ersätter Pia Lundin (S)\nIda Berg (L), Ledamot");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].party.as_deref(), Some("S"));
        assert!(!found[0].replaced);
        assert!(found[1].replaced);
        assert_eq!(found[2].after, "Ledamot");
    }

    #[test]
    fn runs_of_bare_names_split_at_first_names() {
        assert_eq!(
            names("Anna Karin Ekbacken Bengt Holmlund Charlotte Rosén Lindqvist Staffan Norrby"),
            [
                "Anna Karin Ekbacken",
                "Bengt Holmlund",
                "Charlotte Rosén Lindqvist",
                "Staffan Norrby"
            ]
        );
        assert_eq!(
            names("Gunilla von Ekstam\nLotta Brink"),
            ["Gunilla von Ekstam", "Lotta Brink"]
        );
    }

    #[test]
    fn titles_places_and_marks_are_not_names() {
        assert_eq!(names("Region Halland, Stadshuset Varberg"), Vec::<String>::new());
        let found = people("Per-Olof Brant (C)X\nFrida Brant (M)");
        assert!(found[0].marked);
        assert!(!found[1].marked);
    }
}

//! The query language: a small, lenient, hand-written parser.
//!
//! ```text
//! query   := item ( [AND|OR|NOT] item )*
//! item    := [+|-] ( "phrase words" | name:value | word )
//! name    := title | source | doc | date
//! date    := YYYY[-MM[-DD]] | FROM..TO | FROM.. | ..TO
//! ```
//!
//! Bare words are analyzed and ranked (passages matching more of them rank higher); `"…"` is an
//! exact phrase (stop words count); `+` makes an item required, `-` excludes it. Filters restrict
//! the passages searched; several filters of the same kind are alternatives (`doc:a doc:b`).
//! The upper-case operators work as in Lucene: `a AND b` requires both, `NOT a` excludes it, `a
//! OR b` is what bare words mean anyway; they are never searched as words.
//!
//! Parsing never fails: an unbalanced quote, a stray colon, an unknown filter or a bad date is
//! dropped or reinterpreted, and a line describing what happened is added to
//! [`ParsedQuery::warnings`] for the command to print on stderr.

use time::Date;

/// Whether an item may, must or must not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    /// Ranks higher when it matches (a bare item).
    Should,
    /// Required (`+item`).
    Must,
    /// Excluded (`-item`).
    MustNot,
}

/// A word or phrase to match against the passage text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// One bare word, as typed.
    Word(String),
    /// An exact phrase, as typed (without the quotes).
    Phrase(String),
}

/// One text item with its occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// May, must or must not.
    pub occur: Occur,
    /// What to match.
    pub term: Term,
}

/// A restriction on which passages are searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    /// `title:word`: the document title contains the word (stemmed match).
    Title(String),
    /// `source:word`: the outlet name contains the word.
    Source(String),
    /// `doc:ID`: the passage belongs to document `ID` (exact id).
    Doc(String),
    /// `date:FROM..TO`: published on a day in the inclusive range; `None` is open-ended.
    Date {
        /// First day included.
        from: Option<Date>,
        /// Last day included.
        to: Option<Date>,
    },
}

impl Filter {
    /// The filter's name as typed before the colon.
    pub fn name(&self) -> &'static str {
        match self {
            Filter::Title(_) => "title",
            Filter::Source(_) => "source",
            Filter::Doc(_) => "doc",
            Filter::Date { .. } => "date",
        }
    }
}

/// A filter, possibly negated (`-source:x`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterClause {
    /// `true` for `-name:value`.
    pub negated: bool,
    /// The restriction.
    pub filter: Filter,
}

/// The parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Words and phrases, in the order typed.
    pub clauses: Vec<Clause>,
    /// Filters, in the order typed.
    pub filters: Vec<FilterClause>,
    /// What was ignored or reinterpreted, one human-readable line each.
    pub warnings: Vec<String>,
}

impl ParsedQuery {
    /// The bare and required words (not phrases, not exclusions), in order.
    pub fn positive_words(&self) -> impl Iterator<Item = &str> {
        self.clauses
            .iter()
            .filter_map(|c| match (&c.term, c.occur) {
                (Term::Word(w), Occur::Should | Occur::Must) => Some(w.as_str()),
                _ => None,
            })
    }
}

/// Filter names the parser knows.
pub const FILTER_NAMES: [&str; 4] = ["title", "source", "doc", "date"];

/// Longest query searched, in characters: a long paragraph pasted to find its source fits,
/// and a query of megabytes (a hostile topics line) costs no more than this. Longer queries are
/// cut at the last space before the bound, with a warning. Single words are bounded by the
/// analyzer ([`crate::analysis::chain::MAX_WORD_BYTES`]), which keeps the spelling variants
/// and transliterations of a word, quadratic in its length, small.
pub const MAX_QUERY_CHARS: usize = 4000;

/// `input` cut to [`MAX_QUERY_CHARS`] characters at a space when it can be; whether it was cut.
fn bounded(input: &str) -> (&str, bool) {
    let Some((end, _)) = input.char_indices().nth(MAX_QUERY_CHARS) else {
        return (input, false);
    };
    let head = &input[..end];
    let at_space = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(end, |(i, _)| i);
    (&input[..at_space], true)
}

/// Parses `input` leniently; see the module documentation.
pub fn parse(input: &str) -> ParsedQuery {
    let mut query = ParsedQuery::default();
    let (input, cut) = bounded(input);
    if cut {
        query.warnings.push(format!(
            "the query is longer than {MAX_QUERY_CHARS} characters: only its first {} are searched",
            input.chars().count()
        ));
    }
    let chars: Vec<char> = input.chars().collect();
    let mut operator: Option<Operator> = None;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let before = (query.clauses.len(), query.filters.len());
        i = parse_item(&chars, i, &mut query, &mut operator);
        if let Some(op) = operator.take_if(|_| before != (query.clauses.len(), query.filters.len()))
        {
            op.apply(&mut query, before);
        }
    }
    if let Some(op) = operator {
        query
            .warnings
            .push(format!("`{}` with nothing after it ignored", op.as_str()));
    }
    query
}

/// A boolean operator between items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    And,
    Or,
    Not,
}

impl Operator {
    /// The operator a token spells (upper case only: `and` is a word).
    fn from_token(token: &str) -> Option<Operator> {
        match token {
            "AND" | "&&" => Some(Operator::And),
            "OR" | "||" => Some(Operator::Or),
            "NOT" => Some(Operator::Not),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Operator::And => "AND",
            Operator::Or => "OR",
            Operator::Not => "NOT",
        }
    }

    /// Applies the operator to the items added since `before` (clauses, filters), and for AND
    /// to the item before them. An explicit `+`/`-` on an item wins.
    fn apply(self, query: &mut ParsedQuery, before: (usize, usize)) {
        let (clauses, filters) = before;
        match self {
            Operator::Or => {}
            Operator::Not => {
                for c in &mut query.clauses[clauses..] {
                    if c.occur == Occur::Should {
                        c.occur = Occur::MustNot;
                    }
                }
                for f in &mut query.filters[filters..] {
                    f.negated = true;
                }
            }
            Operator::And => {
                let from = clauses.saturating_sub(1);
                for c in &mut query.clauses[from..] {
                    if c.occur == Occur::Should {
                        c.occur = Occur::Must;
                    }
                }
            }
        }
    }
}

/// Parses the item starting at `chars[i]` (not whitespace) into `query`; an operator token
/// sets `operator` instead. Returns the index after the item.
fn parse_item(
    chars: &[char],
    mut i: usize,
    query: &mut ParsedQuery,
    operator: &mut Option<Operator>,
) -> usize {
    // Occurrence prefix: only when followed by something that is not space.
    let mut occur = Occur::Should;
    if matches!(chars[i], '+' | '-') && chars.get(i + 1).is_some_and(|c| !c.is_whitespace()) {
        occur = if chars[i] == '+' {
            Occur::Must
        } else {
            Occur::MustNot
        };
        i += 1;
    }
    if chars[i] == '"' {
        let (text, next, closed) = read_quoted(chars, i);
        if !closed {
            query.warnings.push(format!(
                "unbalanced quote: searching «{}» as separate words",
                text.trim()
            ));
            for word in text.split_whitespace() {
                push_word(query, occur, word);
            }
        } else if text.split_whitespace().count() > 0 {
            query.clauses.push(Clause {
                occur,
                term: Term::Phrase(text.split_whitespace().collect::<Vec<_>>().join(" ")),
            });
        } else {
            query.warnings.push("empty phrase \"\" ignored".to_string());
        }
        return next;
    }
    // A bare token up to whitespace or a quote.
    let start = i;
    while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
        i += 1;
    }
    let token: String = chars[start..i].iter().collect();
    if let Some(op) = Operator::from_token(&token).filter(|_| occur == Occur::Should) {
        if let Some(previous) = operator.replace(op) {
            query.warnings.push(format!(
                "`{}` followed by `{}`: the first ignored",
                previous.as_str(),
                op.as_str()
            ));
        } else if query.clauses.is_empty() && query.filters.is_empty() && op != Operator::Not {
            query
                .warnings
                .push(format!("`{}` with nothing before it ignored", op.as_str()));
            *operator = None;
        }
        return i;
    }
    match token.split_once(':') {
        None => push_word(query, occur, &token),
        Some((name, value)) => {
            // `name:"quoted value"`
            let value = if value.is_empty() && chars.get(i) == Some(&'"') {
                let (text, next, closed) = read_quoted(chars, i);
                i = next;
                if !closed {
                    query
                        .warnings
                        .push(format!("unbalanced quote after `{name}:`"));
                }
                text.trim().to_string()
            } else {
                value.to_string()
            };
            push_filter(query, occur, name, &value, &token);
        }
    }
    i
}

/// Reads a quoted string starting at the quote `chars[open]`: (contents, index after, closed?).
fn read_quoted(chars: &[char], open: usize) -> (String, usize, bool) {
    let mut j = open + 1;
    while j < chars.len() && chars[j] != '"' {
        j += 1;
    }
    let text: String = chars[open + 1..j].iter().collect();
    if j < chars.len() {
        (text, j + 1, true)
    } else {
        (text, j, false)
    }
}

fn push_word(query: &mut ParsedQuery, occur: Occur, word: &str) {
    let word = word.trim_matches(|c: char| c == '+' || c == '-' || c == ':');
    if !word.is_empty() {
        query.clauses.push(Clause {
            occur,
            term: Term::Word(word.to_string()),
        });
    }
}

fn push_filter(query: &mut ParsedQuery, occur: Occur, name: &str, value: &str, token: &str) {
    let value = value.trim();
    let lower = name.to_lowercase();
    if value.is_empty() && FILTER_NAMES.contains(&lower.as_str()) {
        // `title:` alone restricts nothing; searching the word «title» would be a surprise.
        query
            .warnings
            .push(format!("empty filter `{name}:` ignored"));
        return;
    }
    if name.is_empty() || value.is_empty() {
        query.warnings.push(format!(
            "stray colon in `{token}`: searching the rest as words"
        ));
        for part in token.split(':').filter(|p| !p.is_empty()) {
            push_word(query, occur, part);
        }
        return;
    }
    if !FILTER_NAMES.contains(&lower.as_str()) {
        query.warnings.push(format!(
            "unknown filter `{name}:` (known: {}): searching `{value}` as words",
            FILTER_NAMES.join(", ")
        ));
        for part in value.split(':').filter(|p| !p.is_empty()) {
            push_word(query, occur, part);
        }
        return;
    }
    let filter = match lower.as_str() {
        "title" => Filter::Title(value.to_string()),
        "source" => Filter::Source(value.to_string()),
        "doc" => Filter::Doc(value.to_string()),
        _ => match parse_date_range(value) {
            Some((from, to)) => Filter::Date { from, to },
            None => {
                query.warnings.push(format!(
                    "bad date filter `{token}` ignored: use date:YYYY-MM-DD..YYYY-MM-DD"
                ));
                return;
            }
        },
    };
    query.filters.push(FilterClause {
        negated: occur == Occur::MustNot,
        filter,
    });
}

/// `FROM..TO`, `FROM..`, `..TO` or a single `DAY`, `YYYY-MM` or `YYYY` (the whole period).
fn parse_date_range(value: &str) -> Option<(Option<Date>, Option<Date>)> {
    if let Some((from, to)) = value.split_once("..") {
        let from = if from.is_empty() {
            None
        } else {
            Some(crate::date::parse_query_bound(from, false)?)
        };
        let to = if to.is_empty() {
            None
        } else {
            Some(crate::date::parse_query_bound(to, true)?)
        };
        if from.is_none() && to.is_none() {
            return None;
        }
        return Some((from, to));
    }
    Some((
        Some(crate::date::parse_query_bound(value, false)?),
        Some(crate::date::parse_query_bound(value, true)?),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_queries_are_cut_at_a_space_with_a_warning() {
        let long = "ab ".repeat(MAX_QUERY_CHARS);
        let q = parse(&long);
        assert_eq!(q.clauses.len(), MAX_QUERY_CHARS / 3);
        assert!(q.warnings[0].contains("longer than"), "{:?}", q.warnings);
        let word = "ب".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(bounded(&word).0.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(bounded("عين الأسد"), ("عين الأسد", false));
    }

    fn word(occur: Occur, w: &str) -> Clause {
        Clause {
            occur,
            term: Term::Word(w.to_string()),
        }
    }

    #[test]
    fn upper_case_operators_are_operators_not_words() {
        let q = parse("Erbil AND Mosul NOT Kirkuk OR Basra");
        let got: Vec<(Occur, &str)> = q
            .clauses
            .iter()
            .map(|c| match &c.term {
                Term::Word(w) => (c.occur, w.as_str()),
                Term::Phrase(p) => (c.occur, p.as_str()),
            })
            .collect();
        assert_eq!(
            got,
            [
                (Occur::Must, "Erbil"),
                (Occur::Must, "Mosul"),
                (Occur::MustNot, "Kirkuk"),
                (Occur::Should, "Basra"),
            ]
        );
        assert!(q.warnings.is_empty(), "{:?}", q.warnings);
        // Lower case is a word; an explicit sign wins; NOT negates a filter.
        let q = parse("war and peace AND -Tehran NOT source:x");
        assert_eq!(q.clauses.len(), 4);
        assert_eq!(q.clauses[1].term, Term::Word("and".into()));
        assert_eq!(q.clauses[3].occur, Occur::MustNot);
        assert!(q.filters[0].negated);
    }

    #[test]
    fn dangling_operators_are_ignored_with_a_warning() {
        for input in ["AND Erbil", "Erbil OR", "Erbil AND OR Mosul"] {
            let q = parse(input);
            assert!(!q.warnings.is_empty(), "{input}");
            assert!(
                q.clauses
                    .iter()
                    .all(|c| !matches!(&c.term, Term::Word(w) if w == "AND" || w == "OR")),
                "{input}"
            );
        }
        assert_eq!(parse("NOT Erbil").clauses[0].occur, Occur::MustNot);
    }

    #[test]
    fn bare_words_phrases_and_prefixes() {
        let q = parse("عين \"قاعدة عين الأسد\" +بغداد -طهران");
        assert_eq!(
            q.clauses,
            [
                word(Occur::Should, "عين"),
                Clause {
                    occur: Occur::Should,
                    term: Term::Phrase("قاعدة عين الأسد".into())
                },
                word(Occur::Must, "بغداد"),
                word(Occur::MustNot, "طهران"),
            ]
        );
        assert!(q.warnings.is_empty());
    }

    #[test]
    fn required_and_excluded_phrases() {
        let q = parse("+\"عين الأسد\" -\"في العراق\"");
        assert_eq!(q.clauses[0].occur, Occur::Must);
        assert_eq!(q.clauses[1].occur, Occur::MustNot);
        assert_eq!(q.clauses[1].term, Term::Phrase("في العراق".into()));
    }

    #[test]
    fn filters() {
        let q =
            parse("title:العراق source:الجزيرة doc:000_a.txt date:2024-01-01..2024-12-31 -doc:x");
        let filters: Vec<_> = q.filters.iter().map(|f| f.filter.clone()).collect();
        let day =
            |y, m, d| Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
        assert_eq!(
            filters,
            [
                Filter::Title("العراق".into()),
                Filter::Source("الجزيرة".into()),
                Filter::Doc("000_a.txt".into()),
                Filter::Date {
                    from: Some(day(2024, 1, 1)),
                    to: Some(day(2024, 12, 31))
                },
                Filter::Doc("x".into()),
            ]
        );
        assert!(q.filters[4].negated);
        assert!(q.clauses.is_empty());
        assert!(q.warnings.is_empty(), "{:?}", q.warnings);
    }

    #[test]
    fn partial_and_open_dates() {
        let day =
            |y, m, d| Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
        let q = parse("date:2024 date:2024-02 date:..٢٠٢٣-٠٥-٠١ date:2020-01-01..");
        let filters: Vec<_> = q.filters.iter().map(|f| f.filter.clone()).collect();
        assert_eq!(
            filters,
            [
                Filter::Date {
                    from: Some(day(2024, 1, 1)),
                    to: Some(day(2024, 12, 31))
                },
                Filter::Date {
                    from: Some(day(2024, 2, 1)),
                    to: Some(day(2024, 2, 29))
                },
                Filter::Date {
                    from: None,
                    to: Some(day(2023, 5, 1))
                },
                Filter::Date {
                    from: Some(day(2020, 1, 1)),
                    to: None
                },
            ]
        );
    }

    #[test]
    fn quoted_filter_value() {
        let q = parse("source:\"وكالة الأنباء\" عين");
        assert_eq!(q.filters[0].filter, Filter::Source("وكالة الأنباء".into()));
        assert_eq!(q.clauses, [word(Occur::Should, "عين")]);
    }

    #[test]
    fn unbalanced_quote_becomes_words_with_a_warning() {
        let q = parse("\"عين الأسد");
        assert_eq!(
            q.clauses,
            [word(Occur::Should, "عين"), word(Occur::Should, "الأسد")]
        );
        assert_eq!(q.warnings.len(), 1);
        assert!(q.warnings[0].contains("unbalanced"));
    }

    #[test]
    fn stray_colons_and_unknown_filters_are_searched_as_words() {
        let q = parse(": عين: :الأسد foo:بغداد");
        assert_eq!(
            q.clauses,
            [
                word(Occur::Should, "عين"),
                word(Occur::Should, "الأسد"),
                word(Occur::Should, "بغداد"),
            ]
        );
        assert!(q.filters.is_empty());
        assert_eq!(q.warnings.len(), 4, "{:?}", q.warnings);
        assert!(q.warnings[3].contains("unknown filter `foo:`"));
    }

    #[test]
    fn empty_filters_are_ignored_with_a_note() {
        let q = parse("title: عين source:\"\" DATE:");
        assert_eq!(q.clauses, [word(Occur::Should, "عين")]);
        assert!(q.filters.is_empty());
        assert_eq!(
            q.warnings,
            [
                "empty filter `title:` ignored",
                "empty filter `source:` ignored",
                "empty filter `DATE:` ignored"
            ]
        );
    }

    #[test]
    fn bad_dates_are_ignored_with_a_warning() {
        let q = parse("date:yesterday date:2024-13-01 date:..");
        assert!(q.filters.is_empty());
        assert_eq!(q.warnings.len(), 3);
    }

    #[test]
    fn lone_signs_and_empty_input() {
        assert_eq!(parse("").clauses, []);
        assert_eq!(parse("   ").clauses, []);
        let q = parse("- + عين \"\"");
        assert_eq!(q.clauses, [word(Occur::Should, "عين")]);
        assert_eq!(q.warnings.len(), 1);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "\"",
            "\"\"\"",
            "+",
            "-\"",
            "a:\"",
            ":::",
            "date:",
            "title:\"x",
            "+-x",
            "x\"y\"z",
            "date:2024-02-30",
            "doc::",
            "\u{200F}\"",
        ] {
            let _ = parse(input);
        }
    }
}

//! A Latin word's Arabic spellings as a byte automaton over the Arabic output.
//!
//! The rule table read as a nondeterministic transducer: a *thread* is "the Latin letters up to
//! `pos` are spelled, and `out` is what the last rule still has to write"; a [`State`] is every
//! thread alive after some Arabic prefix, each with its cheapest cost. Feeding Arabic bytes
//! determinizes it on the fly. A vocabulary intersects it with its terms in one pass (an FST term
//! dictionary walks its own nodes alongside it, see `search::vocab`), instead of answering one
//! prefix probe per partial spelling: the probes were the whole cost of transliteration.
//!
//! Threads whose next output is a space ("Hezbollah" → حزب الله) end a term there; the caller
//! continues from [`Speller::after_space`] with a second walk for the next term.

use std::sync::OnceLock;

use super::rules::{is_vowel, F, I, M, RULES};
use super::{DOUBLE_SPELLED, ENGLISH_LONG_A, HIATUS, SPLIT_DIGRAPH};

/// One way to spell the Latin letters from a position: write `out`, continue at `end`.
#[derive(Clone, Copy)]
struct Edge {
    end: usize,
    out: &'static [u8],
    cost: u32,
}

/// One live reading: Latin letters before `pos` spelled, `out` still to write.
#[derive(Clone, Copy, Debug)]
struct Thread {
    pos: usize,
    out: &'static [u8],
    cost: u32,
}

/// The automaton's state after some Arabic prefix.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Live threads, each with a non-empty `out`; unique by (`pos`, `out`).
    threads: Vec<Thread>,
    /// Cheapest cost of spelling the whole Latin word with exactly this prefix.
    done: Option<u32>,
}

impl State {
    /// Can more bytes lead to a match?
    pub fn is_alive(&self) -> bool {
        !self.threads.is_empty()
    }

    /// Cost of the whole word spelled as exactly this prefix, if it is a spelling.
    pub fn done(&self) -> Option<u32> {
        self.done
    }

    /// Does some reading end a term here and continue after a space?
    pub fn at_space(&self) -> bool {
        self.threads.iter().any(|t| t.out[0] == b' ')
    }

    /// Does this prefix end a term: a whole spelling, or the first word of a two-word one?
    pub fn is_match(&self) -> bool {
        self.done.is_some() || self.at_space()
    }

    /// The bytes the automaton accepts next (sorted, unique; never a space).
    pub fn next_bytes(&self) -> Vec<u8> {
        let mut b: Vec<u8> = self
            .threads
            .iter()
            .map(|t| t.out[0])
            .filter(|&b| b != b' ')
            .collect();
        b.sort_unstable();
        b.dedup();
        b
    }

    /// Every reading of every state, each at its cheapest cost: accepts whatever one of them
    /// accepts.
    pub fn union<'a>(states: impl IntoIterator<Item = &'a State>) -> State {
        let mut u = State::default();
        for s in states {
            for &t in &s.threads {
                u.add(t);
            }
            if let Some(d) = s.done {
                u.done = Some(u.done.map_or(d, |e| e.min(d)));
            }
        }
        u
    }

    fn add(&mut self, t: Thread) {
        // Same remaining output = same slice of the same rule string (a pointer compare: two
        // equal strings from different rules just stay two threads).
        match self.threads.iter_mut().find(|u| {
            u.pos == t.pos && u.out.len() == t.out.len() && u.out.as_ptr() == t.out.as_ptr()
        }) {
            Some(u) => u.cost = u.cost.min(t.cost),
            None => self.threads.push(t),
        }
    }
}

/// The compiled rules for one normalized Latin word (no article, no hyphens).
pub struct Speller {
    /// Spelling edges out of each Latin position.
    edges: Vec<Vec<Edge>>,
    /// Costlier readings are never produced (the search ceiling).
    limit: u32,
    start: State,
}

impl Speller {
    /// `starts`: Arabic the spelling may begin with, at a cost (the optional article).
    pub fn new(word: &[u8], starts: &[(&'static str, u32)], limit: u32) -> Speller {
        let mut sp = Speller {
            edges: (0..word.len()).map(|pos| edges_at(word, pos)).collect(),
            limit,
            start: State::default(),
        };
        let mut start = State::default();
        for &(prefix, cost) in starts {
            if prefix.is_empty() {
                sp.reach(0, cost, &mut start);
            } else if cost <= limit {
                start.add(Thread {
                    pos: 0,
                    out: prefix.as_bytes(),
                    cost,
                });
            }
        }
        sp.start = start;
        sp
    }

    /// The state before any Arabic byte.
    pub fn start(&self) -> State {
        self.start.clone()
    }

    /// The state after `state` then `byte`.
    pub fn accept(&self, state: &State, byte: u8) -> State {
        let mut next = State::default();
        for t in &state.threads {
            if t.out[0] != byte {
                continue;
            }
            if t.out.len() == 1 {
                self.reach(t.pos, t.cost, &mut next);
            } else {
                next.add(Thread {
                    out: &t.out[1..],
                    ..*t
                });
            }
        }
        next
    }

    /// The state after `bytes` from `state`.
    pub fn run(&self, state: &State, bytes: &[u8]) -> State {
        let mut s = state.clone();
        for &b in bytes {
            if !s.is_alive() {
                return State::default(); // bytes left and no reading wants them
            }
            s = self.accept(&s, b);
        }
        s
    }

    /// The readings of `state` that continue after a space: the start of the next term's walk.
    pub fn after_space(&self, state: &State) -> State {
        self.accept(state, b' ')
    }

    /// Threads for every rule firing at Latin position `pos`, reached at `cost`; rules that write
    /// nothing (a dropped short vowel) are followed at once.
    fn reach(&self, pos: usize, cost: u32, into: &mut State) {
        if pos == self.edges.len() {
            into.done = Some(into.done.map_or(cost, |d| d.min(cost)));
            return;
        }
        for e in &self.edges[pos] {
            let c = cost + e.cost;
            if c > self.limit {
                continue;
            }
            if e.out.is_empty() {
                self.reach(e.end, c, into);
            } else {
                into.add(Thread {
                    pos: e.end,
                    out: e.out,
                    cost: c,
                });
            }
        }
    }
}

/// The rules that fire at `pos` of `word`, with their positional class and the doubled-consonant
/// handling: Arabic writes a doubled consonant once (Mossul, Hillah, Abbas), so the second letter
/// may write nothing, or be spelled again at a penalty.
fn edges_at(word: &[u8], pos: usize) -> Vec<Edge> {
    let mut out = Vec::new();
    let ch = word[pos];
    let doubled = pos > 0 && word[pos - 1] == ch && !is_vowel(ch) && ch != b'\'';
    if doubled {
        out.push(Edge {
            end: pos + 1,
            out: b"",
            cost: 0,
        });
    }
    // An h read apart from the consonant before it (Ishaq → اسحاق, not ش) is the rare reading
    // of a digraph: without a price, Shia reads صحيه.
    let split = ch == b'h' && pos > 0 && matches!(word[pos - 1], b's' | b'k' | b't' | b'd' | b'g');
    let penalty = if doubled { DOUBLE_SPELLED } else { 0 } + if split { SPLIT_DIGRAPH } else { 0 };
    for &ri in &rules_by_first_byte()[usize::from(ch & 0x7f)] {
        let rule = &RULES[ri];
        let p = rule.pat.as_bytes();
        if !word[pos..].starts_with(p) {
            continue;
        }
        let end = pos + p.len();
        let class = if pos == 0 {
            I
        } else if end == word.len() {
            F
        } else {
            M
        };
        if rule.pos & class == 0 {
            continue;
        }
        // A vowel beside another is a long vowel, a diphthong or a hidden ع between them, not
        // a short vowel Arabic leaves unwritten: dropped, Lausanne reads لسان and Shiite شتي.
        let in_hiatus = class == M
            && p.len() == 1
            && is_vowel(ch)
            && (is_vowel(word[pos - 1]) || is_vowel(word[end]));
        let english_long_a = english_long_a(word, pos, p);
        if english_long_a {
            out.push(Edge {
                end,
                out: "ي".as_bytes(),
                cost: ENGLISH_LONG_A + penalty,
            });
        }
        for &(arabic, c) in rule.alts {
            let hiatus = if in_hiatus && arabic.is_empty() {
                HIATUS
            } else {
                0
            };
            out.push(Edge {
                end,
                out: arabic.as_bytes(),
                cost: c + penalty + hiatus,
            });
        }
    }
    out
}

/// Is the `a` at `pos` English's long a, said "ay" and written ي (Facebook → فيسبوك, David →
/// ديفيد, Blake → بليك): inside the word, before one consonant and an e or i?
fn english_long_a(word: &[u8], pos: usize, pat: &[u8]) -> bool {
    pat == b"a"
        && pos > 0
        && !is_vowel(word[pos - 1])
        && word.len() > pos + 2
        && !is_vowel(word[pos + 1])
        && matches!(word[pos + 2], b'e' | b'i')
}

/// Indices into [`RULES`] grouped by the first byte of the pattern (ASCII only).
fn rules_by_first_byte() -> &'static [Vec<usize>; 128] {
    static INDEX: OnceLock<[Vec<usize>; 128]> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut idx: [Vec<usize>; 128] = std::array::from_fn(|_| Vec::new());
        for (i, r) in RULES.iter().enumerate() {
            idx[usize::from(r.pat.as_bytes()[0] & 0x7f)].push(i);
        }
        idx
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(word: &str, arabic: &str) -> Option<u32> {
        let sp = Speller::new(word.as_bytes(), &[("", 0), ("ال", 30)], 200);
        sp.run(&sp.start(), arabic.as_bytes()).done()
    }

    #[test]
    fn costs_are_the_cheapest_reading() {
        assert_eq!(spell("erbil", "اربيل"), Some(10 + 20)); // initial e → ا, i → ي
        assert_eq!(spell("anbar", "الانبار"), Some(30 + 10 + 30)); // implied article, long a
        assert_eq!(spell("erbil", "اربي"), None); // a prefix, not a spelling
        assert_eq!(spell("erbil", "بغداد"), None);
        assert_eq!(spell("erbil", "اربيلي"), None); // a spelling followed by more letters
    }

    #[test]
    fn a_space_ends_a_term_and_the_walk_continues() {
        let sp = Speller::new(b"hezbollah", &[("", 0)], 300);
        let first = sp.run(&sp.start(), "حزب".as_bytes());
        assert!(first.is_match() && first.at_space() && first.done().is_none());
        let second = sp.run(&sp.after_space(&first), "الله".as_bytes());
        assert!(second.done().is_some());
        assert!(!first.next_bytes().contains(&b' '));
    }
}

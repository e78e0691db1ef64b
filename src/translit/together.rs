//! The words of a name of several words read together.
//!
//! A name's words stand side by side wherever the corpus names it, so among each word's readings
//! the one the corpus writes next to a neighbour's reading is likely the name's spelling: Nawaf
//! al-Abed is نواف العابد, not نواف الأبد ("eternity", more frequent, but never after نواف);
//! Agence France-Presse's France is فرانس before برس, not the exonym فرنسا. English puts an
//! institution's head noun last and Arabic first (Quds Force → فيلق القدس), so the words are
//! ordered as Arabic writes them before their neighbours are asked.

use super::{fixed, ReadingPrior, Vocabulary, WordExpansion};

/// How many of each word's best readings are paired with its neighbours': enough for a right
/// spelling that a frequent common word outranks on its own.
pub(super) const POOL: usize = 8;

/// Longest run of Latin words read as one name: a longer run is a sentence ("Saudi Arabia oil
/// prices fall as…"), whose neighbours say nothing of a name, and each pair costs up to
/// `POOL²` phrase counts.
const MAX_NAME_WORDS: usize = 6;

/// Moves each institution head noun ("University", "Force") of `words` (one expansion per word,
/// in Latin order; `norm` the normalized Latin tokens) before the words preceding it.
pub(super) fn head_nouns_first(words: &mut [WordExpansion], norm: &[Option<String>]) {
    for k in 1..words.len() {
        let tokens = &words[k].tokens;
        let head = tokens.len() == 1
            && norm[tokens.start]
                .as_deref()
                .and_then(|w| fixed::lookup(&[w]))
                .is_some_and(|f| f.head_noun);
        if head {
            words[..=k].rotate_right(1);
        }
    }
}

/// Raises the evidence of each reading of `words` (in Arabic order) by
/// [`ReadingPrior::adjacency_weight`] `· ln(1 + n)` per neighbour, `n` the passages in which it
/// stands next to the neighbour's reading it is most often found with, and sorts each word's
/// readings again, best first.
pub(super) fn read_together(
    words: &mut [WordExpansion],
    vocab: &dyn Vocabulary,
    prior: &ReadingPrior,
) {
    if prior.adjacency_weight == 0.0 || !(2..=MAX_NAME_WORDS).contains(&words.len()) {
        return;
    }
    let mut bonus: Vec<Vec<f32>> = words
        .iter()
        .map(|w| vec![0.0; w.candidates.len().min(POOL)])
        .collect();
    for i in 1..words.len() {
        let (left, right) = (&words[i - 1], &words[i]);
        let mut left_best = vec![0.0f32; bonus[i - 1].len()];
        let mut right_best = vec![0.0f32; bonus[i].len()];
        for (a, before) in left.candidates.iter().take(POOL).enumerate() {
            let last = before.arabic.rsplit(' ').next().unwrap_or_default();
            for (b, after) in right.candidates.iter().take(POOL).enumerate() {
                let first = after.arabic.split(' ').next().unwrap_or_default();
                let together = vocab.adjacent(last, first);
                if together == 0 {
                    continue;
                }
                let evidence = prior.adjacency_weight * (1.0 + together as f32).ln();
                left_best[a] = left_best[a].max(evidence);
                right_best[b] = right_best[b].max(evidence);
            }
        }
        add(&mut bonus[i - 1], &left_best);
        add(&mut bonus[i], &right_best);
    }
    for (word, bonus) in words.iter_mut().zip(bonus) {
        let paired = bonus.iter().any(|b| *b > 0.0);
        for (c, b) in word.candidates.iter_mut().zip(bonus) {
            if paired && c.fixed {
                // A translation's own frequency says nothing of this name (Force is قوة far
                // more often than فيلق): once the word pairs with a neighbour, the pairs decide.
                c.evidence -= prior.frequency_exponent * (1.0 + c.doc_freq as f32).ln();
            }
            c.evidence += b;
        }
        word.candidates
            .sort_by(|a, b| b.evidence.total_cmp(&a.evidence));
    }
}

fn add(total: &mut [f32], more: &[f32]) {
    for (t, m) in total.iter_mut().zip(more) {
        *t += m;
    }
}

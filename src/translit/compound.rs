//! Latin compounds the corpus writes as two Arabic words: Snapchat → سناب شات, WhatsApp → واتس
//! اب, flydubai → فلاي دبي. Each split of the word into two parts is read part by part, and a
//! pair of the parts' best readings counts when the corpus has them side by side, its frequency
//! that of the pair.

use super::{search, Candidate, Reader};

/// Fewest letters in either part: shorter parts read as almost anything.
const MIN_PART: usize = 3;
/// Readings of each part paired with the other part's.
const PART_READINGS: usize = 3;
/// Extra cost for reading one Latin word as two Arabic words.
const SPLIT_PENALTY: u32 = 30;

impl Reader<'_> {
    /// The two-word readings of `word` (normalized Latin, no article) that the corpus writes.
    pub(super) fn compounds(&self, word: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        if !word.is_ascii() || word.len() < 2 * MIN_PART {
            return out;
        }
        for split in MIN_PART..=word.len() - MIN_PART {
            let (left, right) = word.split_at(split);
            let firsts = self.part_readings(left);
            if firsts.is_empty() {
                continue;
            }
            let seconds = self.part_readings(right);
            for first in &firsts {
                for second in &seconds {
                    let together = self.vocab.adjacent(&first.arabic, &second.arabic);
                    if together > 0 {
                        out.push(Candidate {
                            arabic: format!("{} {}", first.arabic, second.arabic),
                            cost: first.cost + second.cost + SPLIT_PENALTY as f32 / 100.0,
                            doc_freq: together,
                            evidence: 0.0,
                            fixed: false,
                        });
                    }
                }
            }
        }
        out
    }

    /// The best one-word readings of a part, by evidence.
    fn part_readings(&self, part: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        search(part.as_bytes(), &[("", 0)], 0, self.vocab, &mut found);
        found.retain(|c| !c.arabic.contains(' '));
        let evidence = |c: &Candidate| self.prior.log_evidence(c.cost, c.doc_freq);
        found.sort_by(|a, b| evidence(b).total_cmp(&evidence(a)));
        found.truncate(PART_READINGS);
        found
    }
}

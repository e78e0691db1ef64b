//! Near-duplicate fingerprints of passages: the set of a passage's `ar_exact` terms as sorted,
//! deduplicated 64-bit hashes, and a small [`Sketch`] of that set kept in the index.
//!
//! Search collapses passages whose term sets have a Jaccard similarity of at least a threshold.
//! Comparing two full sets means analysing both passages, so the index keeps, per passage, the
//! size of its set and how many of its hashes fall in each of [`BUCKETS`] buckets: two sets share
//! at most the sum over buckets of the smaller count, which bounds their similarity from above.
//! Most candidate pairs are ruled out by that bound alone; only the others are analysed and
//! compared exactly, so the decisions are those of the full comparison.

/// Buckets of a [`Sketch`]: 32 one-byte counts, four `u64` values.
pub(crate) const BUCKETS: usize = 32;
/// How many `u64` values a sketch is stored as: the set size, then the packed bucket counts.
pub(crate) const SKETCH_VALUES: usize = 1 + BUCKETS / 8;

/// The hash of one `ar_exact` term in a fingerprint.
pub(crate) fn term_hash(term: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(term.as_bytes())
}

/// Sorts and deduplicates `hashes` into a fingerprint.
pub(crate) fn finish(hashes: &mut Vec<u64>) {
    hashes.sort_unstable();
    hashes.dedup();
}

/// The size of a fingerprint and its hashes counted per bucket (saturating at 255).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sketch {
    size: u64,
    counts: [u8; BUCKETS],
}

impl Sketch {
    /// The sketch of a fingerprint (sorted, deduplicated hashes).
    pub(crate) fn of(fingerprint: &[u64]) -> Sketch {
        let mut counts = [0u8; BUCKETS];
        for &hash in fingerprint {
            let bucket = &mut counts[(hash % BUCKETS as u64) as usize];
            *bucket = bucket.saturating_add(1);
        }
        Sketch {
            size: fingerprint.len() as u64,
            counts,
        }
    }

    /// The values the index stores for this sketch.
    pub(crate) fn to_values(self) -> [u64; SKETCH_VALUES] {
        let mut values = [0u64; SKETCH_VALUES];
        values[0] = self.size;
        for (word, chunk) in values[1..].iter_mut().zip(self.counts.chunks_exact(8)) {
            *word = u64::from_le_bytes(chunk.try_into().expect("8 counts"));
        }
        values
    }

    /// The sketch stored as `values`, or `None` when they are not one.
    pub(crate) fn from_values(values: &[u64]) -> Option<Sketch> {
        let [size, packed @ ..] = values else {
            return None;
        };
        if packed.len() != BUCKETS / 8 {
            return None;
        }
        let mut counts = [0u8; BUCKETS];
        for (chunk, word) in counts.chunks_exact_mut(8).zip(packed) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        Some(Sketch {
            size: *size,
            counts,
        })
    }

    /// Whether the sets sketched by `self` and `other` may have a Jaccard similarity of at least
    /// `min`: false only when the bound rules it out, so every pair that reaches `min` passes.
    pub(crate) fn may_reach(&self, other: &Sketch, min: f64) -> bool {
        let (a, b) = (self.size, other.size);
        if a == 0 && b == 0 {
            return true;
        }
        let shared: u64 = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(&x, &y)| match (x, y) {
                // Both saturated: the bucket may share up to the smaller set.
                (u8::MAX, u8::MAX) => a.min(b),
                _ => u64::from(x.min(y)),
            })
            .sum::<u64>()
            .min(a.min(b));
        // Similarity grows with the intersection, so the bound's similarity bounds the real one.
        shared as f64 / (a + b - shared) as f64 >= min
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn jaccard(a: &[u64], b: &[u64]) -> f64 {
        if a.is_empty() && b.is_empty() {
            return 1.0;
        }
        let common = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
        common as f64 / (a.len() + b.len() - common) as f64
    }

    fn fingerprint(terms: &[u16]) -> Vec<u64> {
        let mut hashes: Vec<u64> = terms.iter().map(|t| term_hash(&t.to_string())).collect();
        finish(&mut hashes);
        hashes
    }

    #[test]
    fn a_sketch_survives_its_stored_values() {
        let sketch = Sketch::of(&fingerprint(&(0..700).collect::<Vec<_>>()));
        assert_eq!(Sketch::from_values(&sketch.to_values()), Some(sketch));
        assert_eq!(Sketch::from_values(&[1, 2]), None);
    }

    proptest! {
        #[test]
        fn the_bound_never_rules_out_a_similar_pair(
            a in proptest::collection::vec(0u16..120, 0..80),
            b in proptest::collection::vec(0u16..120, 0..80),
            min in 0.5f64..1.0,
        ) {
            let (fa, fb) = (fingerprint(&a), fingerprint(&b));
            if jaccard(&fa, &fb) >= min {
                prop_assert!(Sketch::of(&fa).may_reach(&Sketch::of(&fb), min));
            }
        }
    }

    #[test]
    fn unrelated_passages_are_ruled_out() {
        let a = fingerprint(&(0..60).collect::<Vec<_>>());
        let b = fingerprint(&(1000..1060).collect::<Vec<_>>());
        assert!(!Sketch::of(&a).may_reach(&Sketch::of(&b), 0.8));
        assert!(Sketch::of(&a).may_reach(&Sketch::of(&a), 0.8));
    }
}

//! Relevance measures as pure functions over a ranked list of grades, with trec_eval semantics.
//!
//! `ranked` is the grade of each retrieved item in rank order (rank 1 first), as produced by
//! [`super::spans::judge_ranked`]; an item is relevant iff its grade is > 0 (trec_eval's default
//! relevance level 1). `num_relevant` is the number of relevant judged units for the topic,
//! retrieved or not. Each function mirrors one trec_eval measure so figures can be checked
//! against it (see the parity test in `report.rs`):
//!
//! | here | trec_eval |
//! | --- | --- |
//! | [`ndcg_at`] | `ndcg_cut.k` |
//! | [`reciprocal_rank_at`] | `recip_rank` on the run truncated to its top k |
//! | [`average_precision_at`] | `map_cut.k` |
//! | [`precision_at`] | `P.k` |
//! | [`recall_at`] | `recall.k` |
//!
//! A cutoff `k` larger than the list behaves as if non-relevant items filled the rest (so P@5 of
//! a 3-item list divides by 5), and `k == 0` or no relevant units gives 0, never NaN.

/// nDCG@k: `DCG@k / IDCG@k` with gain = grade (only grades > 0 count) and discount
/// `log2(rank + 1)`. The ideal ranks the positive grades of `judged_grades` (all judged units of
/// the topic, in any order) best-first — trec_eval's `ndcg_cut`, whose ideal comes from the qrels,
/// not from what was retrieved.
pub fn ndcg_at(ranked: &[i32], judged_grades: &[i32], k: usize) -> f64 {
    let mut ideal: Vec<i32> = judged_grades.iter().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg = dcg_at(&ideal, k);
    if idcg > 0.0 {
        dcg_at(ranked, k) / idcg
    } else {
        0.0
    }
}

/// Discounted cumulative gain of the first `k` grades; non-positive grades add nothing.
fn dcg_at(grades: &[i32], k: usize) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        .filter(|&(_, &g)| g > 0)
        .map(|(i, &g)| f64::from(g) / ((i + 2) as f64).log2())
        .sum()
}

/// MRR@k for one topic: `1 / rank` of the first relevant item within the top `k`, else 0.
/// trec_eval's `recip_rank` has no cutoff; this equals it computed on the top `k` only.
pub fn reciprocal_rank_at(ranked: &[i32], k: usize) -> f64 {
    ranked
        .iter()
        .take(k)
        .position(|&g| g > 0)
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// MAP@k for one topic (trec_eval's `map_cut.k`): the sum of precision at the rank of each
/// relevant item within the top `k`, divided by **all** `num_relevant` units — relevant units
/// not retrieved in the top `k` count as precision 0.
pub fn average_precision_at(ranked: &[i32], num_relevant: usize, k: usize) -> f64 {
    if num_relevant == 0 {
        return 0.0;
    }
    let mut hits = 0usize;
    let mut sum = 0.0;
    for (i, _) in ranked.iter().take(k).enumerate().filter(|&(_, &g)| g > 0) {
        hits += 1;
        sum += hits as f64 / (i + 1) as f64;
    }
    sum / num_relevant as f64
}

/// P@k: relevant items in the top `k`, divided by `k` (not by the number retrieved).
pub fn precision_at(ranked: &[i32], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    relevant_in_top(ranked, k) as f64 / k as f64
}

/// Recall@k: relevant items in the top `k`, divided by `num_relevant`.
pub fn recall_at(ranked: &[i32], num_relevant: usize, k: usize) -> f64 {
    if num_relevant == 0 {
        return 0.0;
    }
    relevant_in_top(ranked, k) as f64 / num_relevant as f64
}

fn relevant_in_top(ranked: &[i32], k: usize) -> usize {
    ranked.iter().take(k).filter(|&&g| g > 0).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn ndcg_matches_hand_computation() {
        // ranked gains 0,2,1 ; ideal 2,1,1 (one relevant unit not retrieved)
        let dcg = 2.0 / 3f64.log2() + 1.0 / 4f64.log2();
        let idcg = 2.0 + 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!(close(
            ndcg_at(&[0, 2, 1], &[1, 0, 2, 1, -1], 10),
            dcg / idcg
        ));
        // Cutoff applies to the ideal as well: at k=1 the ideal is just the grade 2.
        assert!(close(ndcg_at(&[2, 0], &[1, 2], 1), 1.0));
        assert!(close(ndcg_at(&[1, 2], &[1, 2], 1), 0.5));
        assert_eq!(ndcg_at(&[1], &[0, -1], 10), 0.0);
        assert_eq!(ndcg_at(&[1], &[1], 0), 0.0);
    }

    #[test]
    fn reciprocal_rank_is_cut_at_k() {
        assert_eq!(reciprocal_rank_at(&[0, 0, 1], 10), 1.0 / 3.0);
        assert_eq!(reciprocal_rank_at(&[0, 0, 1], 2), 0.0);
        assert_eq!(reciprocal_rank_at(&[], 10), 0.0);
    }

    #[test]
    fn average_precision_divides_by_all_relevant() {
        // relevant at ranks 1 and 3 of 4 relevant units: (1/1 + 2/3) / 4
        assert!(close(
            average_precision_at(&[1, 0, 2, 0], 4, 100),
            (1.0 + 2.0 / 3.0) / 4.0
        ));
        assert!(close(average_precision_at(&[1, 0, 2, 0], 4, 2), 1.0 / 4.0));
        assert_eq!(average_precision_at(&[1], 0, 10), 0.0);
    }

    #[test]
    fn precision_divides_by_k_even_for_short_lists() {
        assert_eq!(precision_at(&[1, 0, 1], 5), 0.4);
        assert_eq!(precision_at(&[1, 1, 1, 1, 1, 1], 5), 1.0);
        assert_eq!(precision_at(&[1], 0), 0.0);
    }

    #[test]
    fn recall_counts_relevant_in_top_k() {
        assert_eq!(recall_at(&[1, 0, 2, 1], 4, 3), 0.5);
        assert_eq!(recall_at(&[1], 0, 3), 0.0);
    }
}

//! The Mann-Whitney U test: are two samples (response times) from one distribution?
//!
//! Rank-based, so it needs no normality and shrugs off the long tail of a noisy
//! machine. The p-value uses the normal approximation with tie and continuity
//! corrections, good from about 8 samples a side; the effect size is the rank-biserial
//! correlation `r = 2·U₁/(n₁n₂) − 1`, the probability that a value of the first sample
//! is larger than one of the second minus the reverse (−1 to 1, 0 = no difference).

#![expect(
    clippy::cast_precision_loss,
    reason = "sample sizes and ranks are far below 2^52"
)]

/// The outcome of one test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MannWhitney {
    /// U of the first sample.
    pub u: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Rank-biserial correlation, positive when the first sample is larger.
    pub effect: f64,
    /// Sample sizes.
    pub n: (usize, usize),
}

/// Tests whether `first` and `second` differ in location; `None` if a sample is empty.
pub fn mann_whitney(first: &[f64], second: &[f64]) -> Option<MannWhitney> {
    let (n1, n2) = (first.len(), second.len());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let mut all: Vec<(f64, bool)> = first
        .iter()
        .map(|&v| (v, true))
        .chain(second.iter().map(|&v| (v, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = all.len();
    let mut rank_sum_first = 0.0;
    let mut tie_term = 0.0;
    let mut start = 0;
    while start < n {
        let mut end = start;
        while end + 1 < n && all[end + 1].0.total_cmp(&all[start].0).is_eq() {
            end += 1;
        }
        // Ranks are 1-based; a run of ties shares the mean of its ranks.
        let mean_rank = (start + end) as f64 / 2.0 + 1.0;
        let ties = (end - start + 1) as f64;
        tie_term += ties * ties * ties - ties;
        rank_sum_first += mean_rank * all[start..=end].iter().filter(|(_, f)| *f).count() as f64;
        start = end + 1;
    }
    let (n1f, n2f, nf) = (n1 as f64, n2 as f64, n as f64);
    let u = rank_sum_first - n1f * (n1f + 1.0) / 2.0;
    let mean = n1f * n2f / 2.0;
    let variance = n1f * n2f / 12.0 * ((nf + 1.0) - tie_term / (nf * (nf - 1.0)).max(1.0));
    let p_value = if variance <= 0.0 {
        1.0
    } else {
        let z = ((u - mean).abs() - 0.5).max(0.0) / variance.sqrt();
        libm::erfc(z / std::f64::consts::SQRT_2).min(1.0)
    };
    Some(MannWhitney {
        u,
        p_value,
        effect: 2.0 * u / (n1f * n2f) - 1.0,
        n: (n1, n2),
    })
}

/// The median of `values` (`0` when empty).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        f64::midpoint(sorted[mid - 1], sorted[mid])
    } else {
        sorted[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separated_samples_are_distinguishable() {
        let slow: Vec<f64> = (0..30).map(|i| 20.0 + f64::from(i % 7)).collect();
        let fast: Vec<f64> = (0..30).map(|i| 1.0 + f64::from(i % 5) / 10.0).collect();
        let test = mann_whitney(&slow, &fast).unwrap();
        assert!((test.u - 900.0).abs() < f64::EPSILON);
        assert!((test.effect - 1.0).abs() < f64::EPSILON);
        assert!(test.p_value < 1e-9, "{}", test.p_value);
    }

    #[test]
    fn same_distribution_is_not() {
        let a: Vec<f64> = (0..40).map(|i| f64::from((i * 7) % 13)).collect();
        let b: Vec<f64> = (0..40).map(|i| f64::from((i * 5 + 3) % 13)).collect();
        let test = mann_whitney(&a, &b).unwrap();
        assert!(test.p_value > 0.2, "{}", test.p_value);
        assert!(test.effect.abs() < 0.2);
        let constant = mann_whitney(&[1.0; 5], &[1.0; 5]).unwrap();
        assert!((constant.p_value - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn matches_a_hand_computed_value() {
        // Ranks of the first sample: 1, 2, 3.5, 5, 8, 8 (sum 27.5), so U1 = 27.5 - 21 = 4.5;
        // ties (3,3) and (5,5,5) give a variance of 3 * (13 - 30/132) = 38.318..., and with
        // the continuity correction z = (18 - 4.5 - 0.5) / 6.19 = 2.1001, p = 0.03572.
        let first = [1.0, 2.0, 3.0, 4.0, 5.0, 5.0];
        let second = [3.0, 5.0, 6.0, 7.0, 8.0, 9.0];
        let test = mann_whitney(&first, &second).unwrap();
        assert!((test.u - 4.5).abs() < 1e-9, "{}", test.u);
        assert!((test.p_value - 0.035_72).abs() < 1e-4, "{}", test.p_value);
        assert!((test.effect - (2.0 * 4.5 / 36.0 - 1.0)).abs() < 1e-9);
        assert!((median(&first) - 3.5).abs() < f64::EPSILON);
    }
}

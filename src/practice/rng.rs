//! The exercises' random numbers: SplitMix64 (Steele, Lea and Flood, 2014), written here on purpose.
//! "The same seed always gives the same set" is a promise to instructors who hand out a link, across
//! versions and machines; a library's generator may change its sequence between releases (`rand`'s
//! `StdRng` says so), and this one is twelve lines that never will.

/// A small deterministic generator. Never used for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator for `seed`, and for item `index` of a set: each item draws from its own stream,
    /// so an item does not change when another one's kind does.
    pub fn new(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.bits();
        r
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            // Multiply-shift: no modulo bias worth a classroom's notice, and no loop.
            ((u128::from(self.bits()) * u128::from(n)) >> 64) as u64
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// One of `items` (`None` when there are none).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `items` in a random order (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_sequence_is_fixed() {
        // SplitMix64's published first output for state 0 after one step is 0xE220A8397B1DCDAF; this
        // generator starts one step in, so seed 0, item 0 gives the second output.
        let mut r = Rng(0);
        assert_eq!(r.bits(), 0xE220_A839_7B1D_CDAF);
        let a: Vec<u64> = (0..5).map(|_| Rng::new(42, 3).below(1000)).collect();
        assert!(
            a.windows(2).all(|w| w[0] == w[1]),
            "the same seed and item give the same numbers"
        );
        let mut r = Rng::new(7, 0);
        for _ in 0..1000 {
            assert!(r.below(10) < 10);
            let x = r.between(5, 9);
            assert!((5..=9).contains(&x));
        }
        assert_eq!(Rng::new(1, 1).below(0), 0);
    }
}

//! A small seeded generator (xorshift64*), so a failing case replays from
//! its seed alone.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// A size, usually small, sometimes near `max`.
    pub fn size(&mut self, max: u64) -> u64 {
        match self.below(10) {
            0 => max.saturating_sub(self.below(max / 10 + 1)),
            1..=3 => self.below(max / 100 + 2),
            _ => self.below(16),
        }
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Flips `count` random bytes of `bytes` (from `from` on).
    pub fn flip(&mut self, bytes: &mut [u8], from: usize, count: usize) {
        if bytes.len() <= from {
            return;
        }
        for _ in 0..count {
            let at = from + self.below((bytes.len() - from) as u64) as usize;
            bytes[at] = self.next() as u8;
        }
    }

    /// Text of `len` characters drawn from `alphabet`.
    pub fn text(&mut self, alphabet: &[&str], len: usize) -> String {
        (0..len).map(|_| *self.pick(alphabet)).collect()
    }
}

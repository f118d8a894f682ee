//! How many Asterisk processes one test binary runs at once.

use std::time::Duration;

use super::PARALLEL;

/// One of [`PARALLEL`] slots for a running Asterisk, given back on drop.
pub struct Slot(());

static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Slot {
    pub(super) fn take() -> Slot {
        use std::sync::atomic::Ordering;
        loop {
            let now = RUNNING.load(Ordering::SeqCst);
            if now < PARALLEL
                && RUNNING
                    .compare_exchange(now, now + 1, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
            {
                return Slot(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

//! Browser tests: headless Chromium driven through chromedriver (started
//! here on a free port) against the real router served on port 0 with a
//! fresh SQLite database and the demo data. Skips only when chromedriver is
//! absent and `PBX_REQUIRE_BROWSER` is not `1`. Screenshots go to
//! `target/browser-screenshots/`.

mod harness;
mod import_story;
mod scenarios;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_can_do_everything_the_extensions_pages_offer_in_a_real_browser() {
    let Some(mut harness) = harness::Harness::start().await else {
        return;
    };
    let result = scenarios::run_all(&mut harness).await;
    harness.stop().await;
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

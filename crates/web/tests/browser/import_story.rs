//! The CSV/XLS Upload and call-flow story: a file with an error is refused
//! with its line and column, a good file is previewed and applied, the new
//! extensions are in the list, and a call flow is simulated.

use fantoccini::Locator;

use crate::harness::{Harness, screenshot_dir};

const LIST: &str = "/tenants/CANISTRACCI/extensions";

/// Writes `csv` beside the screenshots and returns its absolute path.
fn csv_file(name: &str, csv: &str) -> Result<String, String> {
    let path = screenshot_dir().join(name);
    std::fs::write(&path, csv).map_err(|e| e.to_string())?;
    let path = path.canonicalize().map_err(|e| e.to_string())?;
    Ok(path.display().to_string())
}

async fn upload(h: &Harness, name: &str, csv: &str) -> Result<(), String> {
    let path = csv_file(name, csv)?;
    h.client
        .find(Locator::Css("#f-file"))
        .await
        .map_err(|e| format!("find #f-file: {e}"))?
        .send_keys(&path)
        .await
        .map_err(|e| format!("choose {path}: {e}"))?;
    h.click("#upload").await?;
    h.wait_for("#preview").await
}

pub async fn a_csv_is_uploaded_applied_and_a_call_flow_simulated(
    h: &Harness,
) -> Result<(), String> {
    h.go(LIST).await?;
    h.click("#import").await?;
    h.wait_for("#upload-form").await?;
    h.screenshot("13-import-form").await?;
    let bad = "kind,number,name,ring_timeout\npjsip,610,Nora Quinn,30\nsip,611,Owen Price,9999\n";
    upload(h, "import-bad.csv", bad).await?;
    let errors = h.text("#import-errors").await?;
    if !errors.contains("3 ring_timeout") {
        return Err(format!("error without line and column: {errors}"));
    }
    if h.source().await?.contains("id=\"apply\"") {
        return Err("Apply offered for a file with errors".into());
    }
    h.screenshot("14-import-errors").await?;
    let good = "kind,number,name,description\npjsip,610,Nora Quinn,Imported\nsip,611,Owen Price,Imported\n";
    upload(h, "import-good.csv", good).await?;
    h.wait_for("#apply").await?;
    h.screenshot("15-import-preview").await?;
    h.click("#apply").await?;
    h.wait_for("#applied").await?;
    h.screenshot("16-import-applied").await?;
    h.click("#back").await?;
    h.fill("#search", "imported").await?;
    h.click("#search-button").await?;
    h.wait_text("Nora Quinn").await?;
    h.wait_text("Owen Price").await?;
    h.go(&format!("{LIST}?search=sales")).await?;
    h.click("a[data-flow][href$='/108/call-flow']").await?;
    h.wait_for("#flow").await?;
    h.screenshot("17-call-flow").await?;
    h.client
        .execute(
            "document.getElementById('f-at').value = '2026-11-26T10:00';",
            vec![],
        )
        .await
        .map_err(|e| format!("set the time: {e}"))?;
    h.client
        .find(Locator::Css("#f-state"))
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("busy")
        .await
        .map_err(|e| e.to_string())?;
    h.click("#simulate").await?;
    h.wait_for("#simulate-result").await?;
    h.wait_for("[data-branch=busy][data-state=taken]").await?;
    h.screenshot("18-call-flow-simulated").await?;
    h.client
        .execute(
            "document.getElementById('branches').scrollIntoView();",
            vec![],
        )
        .await
        .map_err(|e| format!("scroll: {e}"))?;
    h.screenshot("19-call-flow-busy-branch").await
}

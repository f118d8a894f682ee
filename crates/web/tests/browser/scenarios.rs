//! What a person does on the Extensions pages, one function per story.

use fantoccini::Locator;

use crate::harness::Harness;
use crate::import_story::a_csv_is_uploaded_applied_and_a_call_flow_simulated;

const LIST: &str = "/tenants/CANISTRACCI/extensions";

pub async fn run_all(h: &mut Harness) -> Result<(), String> {
    h.service
        .create_tenant(
            &pbx_service::Actor::cli(),
            &serde_json::json!({"code": "SECOND", "name": "Second Co", "extension_limit": 5}),
        )
        .await
        .map_err(|e| e.to_string())?;
    macro_rules! step {
        ($name:ident) => {
            $name(h)
                .await
                .map_err(|e| format!("{}: {e}", stringify!($name)))?
        };
    }
    step!(signing_in_and_picking_the_tenant_opens_its_extensions);
    step!(the_table_searches_and_sorts);
    step!(a_password_is_fetched_when_its_eye_is_opened);
    step!(grid_mode_filters_a_column_from_the_api);
    step!(a_hidden_column_stays_hidden_after_reload);
    step!(two_selected_rows_change_to_pjsip);
    step!(one_extension_of_each_kind_is_created);
    step!(virtual_members_are_picked_and_removed);
    step!(a_pjsip_endpoint_field_is_saved);
    step!(twenty_sip_peers_are_bulk_created);
    step!(delete_asks_for_confirmation_then_deletes);
    step!(a_validation_error_keeps_the_typed_values);
    step!(a_csv_is_uploaded_applied_and_a_call_flow_simulated);
    step!(a_phone_is_set_up_from_its_qr_code);
    step!(a_tenant_is_created_from_the_tenants_page);
    step!(a_user_without_delete_permission_has_no_delete_buttons);
    Ok(())
}

async fn signing_in_and_picking_the_tenant_opens_its_extensions(h: &Harness) -> Result<(), String> {
    h.go("/").await?;
    h.wait_for("#username").await?;
    h.screenshot("01-login").await?;
    h.sign_in("admin").await?;
    // Pick the tenant in the top bar (the selector submits itself).
    h.client
        .find(Locator::Css("#tenant-select"))
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("SECOND")
        .await
        .map_err(|e| e.to_string())?;
    h.wait_text("Second Co").await?;
    h.client
        .find(Locator::Css("#tenant-select"))
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("CANISTRACCI")
        .await
        .map_err(|e| e.to_string())?;
    h.wait_text("Alex Reed").await?;
    h.go("/").await?;
    h.wait_text("Canistracci Oil").await?;
    h.screenshot("02-table").await
}

async fn the_table_searches_and_sorts(h: &Harness) -> Result<(), String> {
    h.go(LIST).await?;
    h.fill("#search", "sales").await?;
    h.click("#search-button").await?;
    h.wait_text("Showing 1–3 of 3").await?;
    h.click("th.c-name a").await?;
    h.wait_for("th.c-name[aria-sort=ascending]").await?;
    h.click("th.c-name a").await?;
    h.wait_for("th.c-name[aria-sort=descending]").await?;
    let body = h.text("#rows-body").await?;
    let (carl, bella) = (body.find("Carl Hughes"), body.find("Bella Stone"));
    if !(carl.is_some() && bella.is_some() && carl < bella) {
        return Err(format!("not sorted by name descending: {body}"));
    }
    h.screenshot("03-table-search-sort").await
}

async fn a_password_is_fetched_when_its_eye_is_opened(h: &Harness) -> Result<(), String> {
    let (_, stored) = h
        .service
        .get_extension(&pbx_service::Actor::cli(), "CANISTRACCI", "101")
        .await
        .map_err(|e| e.to_string())?;
    let secret = stored
        .extension
        .secret
        .map(|s| s.expose().to_owned())
        .unwrap_or_default();
    h.go(LIST).await?;
    h.wait_for("#extensions").await?;
    if h.source().await?.contains(&secret) {
        return Err("the secret is in the page before any reveal".into());
    }
    h.click("tr[data-number='101'] details[data-secret] summary")
        .await?;
    for _ in 0..50 {
        if h.text("tr[data-number='101'] [data-secret-value]").await? == secret {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err("the password was not shown after opening its eye".into())
}

async fn grid_mode_filters_a_column_from_the_api(h: &Harness) -> Result<(), String> {
    h.go(LIST).await?;
    h.click("#mode-toggle").await?;
    h.wait_for("tr.filter-row").await?;
    h.fill("input[name=name][form=filters]", "bella").await?;
    for _ in 0..50 {
        let body = h.text("#rows-body").await?;
        if body.contains("Bella Stone") && !body.contains("Alex Reed") {
            // The row came from the API, and so did its device-state dot
            // (painted with the row, before any timed refresh).
            let source = h.source().await?;
            let row = source.find("data-number=\"101\"").map_or("", |at| {
                &source[at..at + source[at..].find("</tr>").unwrap_or(0)]
            });
            if !row.contains("status-slot status-in_use") || !row.contains("In a call") {
                return Err(format!("no device-state dot in the grid row: {row}"));
            }
            return h.screenshot("04-grid-filter").await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err("the grid did not filter by name".into())
}

async fn a_hidden_column_stays_hidden_after_reload(h: &Harness) -> Result<(), String> {
    h.go(LIST).await?;
    h.click("#columns summary").await?;
    h.click("input[data-column=description]").await?;
    h.wait_for("table[data-columns-saved=yes]").await?;
    h.go(LIST).await?;
    h.wait_for("table.hide-description").await?;
    let shown = h
        .client
        .find(Locator::Css("tbody td.c-description"))
        .await
        .map_err(|e| e.to_string())?
        .is_displayed()
        .await
        .map_err(|e| e.to_string())?;
    if shown {
        return Err("the description column is visible after reload".into());
    }
    h.screenshot("05-grid-hidden-column").await?;
    // Back to table mode for the next stories.
    h.click("#mode-toggle").await?;
    h.wait_for("table.list:not(.grid)").await
}

async fn two_selected_rows_change_to_pjsip(h: &Harness) -> Result<(), String> {
    h.go(LIST).await?;
    h.click("input[name=numbers][value='100']").await?;
    h.click("input[name=numbers][value='103']").await?;
    h.click("#to-pjsip").await?;
    h.wait_for("#outcomes").await?;
    let text = h.text("#outcomes").await?;
    if !(text.contains("100: changed to PJSIP") && text.contains("103: changed to PJSIP")) {
        return Err(format!("unexpected results: {text}"));
    }
    h.screenshot("06-change-to-pjsip").await
}

async fn one_extension_of_each_kind_is_created(h: &Harness) -> Result<(), String> {
    for (kind, number, extra) in [
        ("sip", "401", None),
        ("pjsip", "402", None),
        (
            "custom",
            "403",
            Some(("#f-custom_dial_target", "PJSIP/403@carrier")),
        ),
        ("virtual", "404", Some(("#f-virtual_members", "100,101"))),
    ] {
        h.go(&format!("{LIST}/new?kind={kind}")).await?;
        h.fill("#f-number", number).await?;
        h.fill("#f-name", &format!("New {kind}")).await?;
        if let Some((css, value)) = extra {
            h.fill(css, value).await?;
        }
        if kind == "sip" {
            h.screenshot("07-new-sip-form").await?;
        }
        h.click("#save").await?;
        h.wait_for("#saved")
            .await
            .map_err(|e| format!("{kind}: {e}"))?;
    }
    h.go(LIST).await?;
    let body = h.text("#rows-body").await?;
    for n in ["401", "402", "403", "404"] {
        if !body.contains(n) {
            return Err(format!("{n} missing from the list"));
        }
    }
    Ok(())
}

async fn virtual_members_are_picked_and_removed(h: &Harness) -> Result<(), String> {
    h.go(&format!("{LIST}/404")).await?;
    h.wait_for(".member-chips li").await?;
    let chips = h.text(".member-chips").await?;
    if !(chips.contains("100") && chips.contains("101")) {
        return Err(format!("the members are not shown as chips: {chips}"));
    }
    h.click("button[aria-label='Remove member 101']").await?;
    // Typed and confirmed with Enter (a suggestion picked does the same).
    h.fill(".member-search", "402\u{E007}").await?;
    h.screenshot("07b-virtual-members").await?;
    h.click("#save").await?;
    h.wait_for("#saved").await?;
    let (_, stored) = h
        .service
        .get_extension(&pbx_service::Actor::cli(), "CANISTRACCI", "404")
        .await
        .map_err(|e| e.to_string())?;
    let members: Vec<String> = stored
        .extension
        .settings
        .information
        .virtual_members
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    if members != ["100", "402"] {
        return Err(format!("stored members: {members:?}"));
    }
    Ok(())
}

async fn a_pjsip_endpoint_field_is_saved(h: &Harness) -> Result<(), String> {
    h.go(&format!("{LIST}/101")).await?;
    h.click("#endpoint-link").await?;
    h.fill("#f-media_address", "198.51.100.7").await?;
    h.screenshot("08-pjsip-endpoint").await?;
    h.click("#save").await?;
    h.wait_for("#saved").await?;
    h.go(&format!("{LIST}/101/pjsip/endpoint")).await?;
    let value = h
        .client
        .find(Locator::Css("#f-media_address"))
        .await
        .map_err(|e| e.to_string())?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?;
    if value.as_deref() != Some("198.51.100.7") {
        return Err(format!("media address not saved: {value:?}"));
    }
    Ok(())
}

async fn twenty_sip_peers_are_bulk_created(h: &Harness) -> Result<(), String> {
    h.go(LIST).await?;
    h.click("#bulk").await?;
    h.fill("#f-first", "500").await?;
    h.fill("#f-last", "519").await?;
    h.fill("#f-name-pattern", "Room {n}").await?;
    h.click("#preview").await?;
    h.wait_for("#preview-table").await?;
    h.wait_text("519-CANISTRACCI").await?;
    h.screenshot("09-bulk-preview").await?;
    h.click("#create").await?;
    h.wait_text("Created 20 extensions").await
}

async fn delete_asks_for_confirmation_then_deletes(h: &Harness) -> Result<(), String> {
    h.go(&format!("{LIST}?search=Room 519")).await?;
    h.click("input[name=numbers][value='519']").await?;
    h.click("#delete-selected").await?;
    h.wait_for("#confirm-delete").await?;
    h.screenshot("10-delete-confirm").await?;
    h.click("#confirm-delete").await?;
    h.wait_text("519</strong>: deleted").await
}

async fn a_validation_error_keeps_the_typed_values(h: &Harness) -> Result<(), String> {
    h.go(&format!("{LIST}/new?kind=sip")).await?;
    h.fill("#f-number", "450").await?;
    h.fill("#f-name", "Typed Name").await?;
    h.fill("#f-ring_timeout", "9999").await?;
    h.click("#save").await?;
    h.wait_for("#form-errors").await?;
    h.wait_text("must be between 5 and 600").await?;
    let name = h
        .client
        .find(Locator::Css("#f-name"))
        .await
        .map_err(|e| e.to_string())?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?;
    if name.as_deref() != Some("Typed Name") {
        return Err(format!("typed name lost: {name:?}"));
    }
    h.screenshot("11-validation-error").await
}

async fn a_phone_is_set_up_from_its_qr_code(h: &Harness) -> Result<(), String> {
    h.service
        .update_tenant(
            &pbx_service::Actor::cli(),
            "CANISTRACCI",
            &serde_json::json!({"sip_domain": "sip.canistracci.example"}),
        )
        .await
        .map_err(|e| e.to_string())?;
    h.go(LIST).await?;
    h.click("#rows-body a[data-provision]").await?;
    h.click("#issue-qr").await?;
    h.wait_for("#provisioning-qr svg").await?;
    let link = h.text("#provisioning-link").await?;
    if !link.contains("/provision/") {
        return Err(format!("no provisioning link under the QR code: {link}"));
    }
    h.screenshot("12-provisioning-qr").await
}

async fn a_tenant_is_created_from_the_tenants_page(h: &Harness) -> Result<(), String> {
    h.go("/tenants").await?;
    h.click("#new-tenant").await?;
    h.fill("#t-code", "THIRD").await?;
    h.fill("#t-name", "Third Party").await?;
    h.fill("#t-domain", "sip.third.example").await?;
    h.click("#save-tenant").await?;
    h.wait_for("tr[data-code='THIRD']").await?;
    h.screenshot("13-tenants").await
}

async fn a_user_without_delete_permission_has_no_delete_buttons(h: &Harness) -> Result<(), String> {
    h.sign_in("viewer").await?;
    h.go(LIST).await?;
    h.wait_for("#extensions").await?;
    let source = h.source().await?;
    for id in [
        "id=\"delete-selected\"",
        "id=\"grid-delete\"",
        "id=\"new-preferred\"",
    ] {
        if source.contains(id) {
            return Err(format!("viewer sees {id}"));
        }
    }
    h.screenshot("14-viewer").await?;
    h.go(&format!("{LIST}/100")).await?;
    if h.source().await?.contains("id=\"delete\"") {
        return Err("viewer sees Delete on the form".into());
    }
    Ok(())
}

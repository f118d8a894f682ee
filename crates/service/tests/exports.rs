//! Exports through the service: the byte-for-byte round trip through a
//! fresh database, formula neutralisation, filters, selections and who may
//! export what.

mod support;

use pbx_service::exports::{ExportFormat, ExportRequest};
use pbx_service::extensions::ExtensionInput;
use pbx_service::{Actor, Permission, Role, Service, ServiceError};
use pbx_store::extensions::{ColumnFilters, ListQuery};

const NO_PROGRESS: &(dyn Fn(u64) + Send + Sync) = &|_| {};

fn request(format: ExportFormat) -> ExportRequest {
    ExportRequest {
        format,
        query: ListQuery::default(),
        numbers: None,
    }
}

async fn export(service: &Service, actor: &Actor, request: ExportRequest) -> Vec<u8> {
    service
        .export_extensions(actor, "ACME", request)
        .await
        .unwrap()
        .bytes
}

async fn add(service: &Service, kind: &str, number: &str, name: &str, settings: &[(&str, &str)]) {
    let input = ExtensionInput {
        kind: Some(kind.into()),
        number: Some(number.into()),
        name: Some(name.into()),
        settings_text: settings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Default::default()
    };
    service
        .create_extension(&Actor::cli(), "ACME", &input)
        .await
        .unwrap();
}

async fn sample_tenant(service: &Service) {
    support::tenant(service, "ACME", 100).await;
    add(
        service,
        "sip",
        "100",
        "=SUM(A1)",
        &[("ring_timeout", "45"), ("nat", "comedia")],
    )
    .await;
    add(
        service,
        "pjsip",
        "101",
        "Bob, \"the\" builder",
        &[("max_contacts", "3"), ("caller_id_regex", "-1+")],
    )
    .await;
    add(
        service,
        "custom",
        "102",
        "Carrier",
        &[("custom_dial_target", "PJSIP/99@carrier")],
    )
    .await;
    add(
        service,
        "virtual",
        "103",
        "Team",
        &[("virtual_members", "100,101")],
    )
    .await;
}

#[tokio::test]
async fn an_export_imported_into_a_fresh_database_exports_the_same_bytes() {
    for (backend, service, _dir) in support::backends().await {
        sample_tenant(&service).await;
        let cli = Actor::cli();
        let exporter = support::actor(
            &service,
            "eve",
            Role::TenantAdmin,
            &[Permission::Export],
            &[],
        )
        .await;
        for (who, format) in [
            (&cli, ExportFormat::Csv),
            (&exporter, ExportFormat::Csv),
            (&cli, ExportFormat::Xlsx),
        ] {
            let first = export(&service, who, request(format)).await;
            let (_, fresh, _fresh_dir) = support::backends().await.swap_remove(0);
            support::tenant(&fresh, "ACME", 100).await;
            let name = format!("export.{}", format.extension());
            let outcome = fresh
                .import_file(&cli, "ACME", &first, &name, NO_PROGRESS)
                .await
                .unwrap();
            assert!(outcome.applied, "{backend}: {:?}", outcome.report.errors);
            assert_eq!(outcome.report.creates, 4, "{backend}");
            let again = export(&fresh, who, request(format)).await;
            if format == ExportFormat::Csv {
                assert_eq!(
                    String::from_utf8_lossy(&first),
                    String::from_utf8_lossy(&again),
                    "{backend}"
                );
            } else {
                let a = export(&service, &cli, request(ExportFormat::Csv)).await;
                let b = export(&fresh, &cli, request(ExportFormat::Csv)).await;
                assert_eq!(
                    a, b,
                    "{backend}: the XLSX carried everything, secrets included"
                );
            }
        }
    }
}

#[tokio::test]
async fn formulas_are_neutralised_in_csv_and_read_back_as_typed() {
    for (backend, service, _dir) in support::backends().await {
        sample_tenant(&service).await;
        let csv =
            String::from_utf8(export(&service, &Actor::cli(), request(ExportFormat::Csv)).await)
                .unwrap();
        assert!(csv.contains(",'=SUM(A1),"), "{backend}: {csv}");
        assert!(csv.contains(",'-1+,"), "{backend}");
        let outcome = service
            .import_file(&Actor::cli(), "ACME", csv.as_bytes(), "e.csv", NO_PROGRESS)
            .await
            .unwrap();
        assert_eq!(
            outcome.report.unchanged, 4,
            "{backend}: {:?}",
            outcome.report.errors
        );
        let (_, first) = service
            .get_extension(&Actor::cli(), "ACME", "100")
            .await
            .unwrap();
        assert_eq!(first.extension.name.as_str(), "=SUM(A1)", "{backend}");
    }
}

#[tokio::test]
async fn filters_and_selections_choose_the_rows_in_list_order() {
    for (backend, service, _dir) in support::backends().await {
        sample_tenant(&service).await;
        let numbers = |csv: Vec<u8>| -> Vec<String> {
            String::from_utf8(csv)
                .unwrap()
                .lines()
                .skip(1)
                .map(|l| l.split(',').nth(1).unwrap().to_owned())
                .collect()
        };
        let mut filtered = request(ExportFormat::Csv);
        filtered.query = ListQuery {
            filters: ColumnFilters {
                name: Some("b".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(
            numbers(export(&service, &Actor::cli(), filtered).await),
            ["101"],
            "{backend}"
        );
        let mut by_name = request(ExportFormat::Csv);
        by_name.query.sort = pbx_store::extensions::SortColumn::Name;
        by_name.numbers = Some(vec!["103".into(), "102".into()]);
        assert_eq!(
            numbers(export(&service, &Actor::cli(), by_name).await),
            ["102", "103"],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn exports_need_the_permission_and_show_secrets_only_to_who_may_see_them() {
    for (backend, service, _dir) in support::backends().await {
        sample_tenant(&service).await;
        let tina = support::actor(&service, "tina", Role::TenantAdmin, &[], &[]).await;
        let refused = service
            .export_extensions(&tina, "ACME", request(ExportFormat::Csv))
            .await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden(_))),
            "{backend}"
        );
        let (_, stored) = service
            .get_extension(&Actor::cli(), "ACME", "100")
            .await
            .unwrap();
        let secret = stored.extension.secret.unwrap().expose().to_owned();
        let full =
            String::from_utf8(export(&service, &Actor::cli(), request(ExportFormat::Csv)).await)
                .unwrap();
        assert!(full.contains(&secret), "{backend}");
        let rita = support::actor(
            &service,
            "rita",
            Role::RestrictedAdmin,
            &[Permission::Export],
            &[("ACME", "101")],
        )
        .await;
        let mine =
            String::from_utf8(export(&service, &rita, request(ExportFormat::Csv)).await).unwrap();
        assert!(
            !mine.contains(&secret) && !mine.lines().next().unwrap().contains("secret"),
            "{backend}"
        );
        assert_eq!(
            mine.lines().count(),
            2,
            "{backend}: the header and extension 101"
        );
    }
}

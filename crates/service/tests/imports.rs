//! Imports through the service on every backend: each kind of error, the
//! all-or-nothing guarantee, idempotence, FreePBX files and permissions.

mod support;

use pbx_service::imports::ImportReport;
use pbx_service::{Actor, Permission, Role, Service, ServiceError};
use pbx_store::extensions::ListQuery;

const NO_PROGRESS: &(dyn Fn(u64) + Send + Sync) = &|_| {};

async fn preview(service: &Service, actor: &Actor, file: &[u8]) -> ImportReport {
    service
        .preview_import(actor, "ACME", file, "upload.csv")
        .await
        .unwrap()
        .report
}

/// `(line, column, message)` of every error.
fn errors(report: &ImportReport) -> Vec<(usize, String, String)> {
    report
        .errors
        .iter()
        .map(|e| (e.line, e.column.clone(), e.message.clone()))
        .collect()
}

async fn count(service: &Service) -> i64 {
    let query = ListQuery {
        limit: 10,
        ..Default::default()
    };
    service
        .list_extensions(&Actor::cli(), "ACME", query)
        .await
        .unwrap()
        .total
}

fn unreadable(result: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match result {
        Err(ServiceError::Invalid(e)) if e.0[0].field == "file" => e.0[0].message.clone(),
        other => panic!("expected an unreadable file, got {other:?}"),
    }
}

#[tokio::test]
async fn every_problem_of_a_file_is_reported_with_its_line_and_column() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        service
            .create_extension(
                &Actor::cli(),
                "ACME",
                &pbx_service::extensions::ExtensionInput {
                    kind: Some("sip".into()),
                    number: Some("100".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let file = b"kind,number,ring_timeout,username\n\
            sip,101,9999,\n\
            pjsip,100,,\n\
            pjsip,102,,\n\
            custom,102,,\n\
            ,103,,\n\
            pjsip,104,,100-ACME\n";
        let report = preview(&service, &Actor::cli(), file).await;
        let errors = errors(&report);
        let at = |line: usize| errors.iter().find(|e| e.0 == line).cloned();
        assert_eq!(at(2).unwrap().1, "ring_timeout", "{backend}: {errors:?}");
        assert_eq!(
            at(3).unwrap().2,
            "number already taken by a sip extension",
            "{backend}"
        );
        assert_eq!(
            at(5).unwrap().2,
            "number 102 is also on line 4",
            "{backend}"
        );
        assert_eq!(at(6).unwrap().1, "kind", "{backend}");
        assert_eq!(at(7).unwrap().1, "username", "{backend}");
        assert_eq!(report.creates, 1, "{backend}: only the first 102 is valid");
        assert_eq!(
            count(&service).await,
            1,
            "{backend}: a preview writes nothing"
        );
    }
}

#[tokio::test]
async fn an_unknown_header_and_the_tenant_limit_are_errors() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 2).await;
        let report = preview(&service, &Actor::cli(), b"kind,number,colour\nsip,1,red\n").await;
        assert_eq!(report.errors[0].line, 1, "{backend}");
        assert!(report.errors[0].message.contains("colour") || report.errors[0].column == "colour");
        let report = preview(
            &service,
            &Actor::cli(),
            b"kind,number\nsip,1\nsip,2\nsip,3\n",
        )
        .await;
        let errors = errors(&report);
        assert_eq!(errors.len(), 1, "{backend}: {errors:?}");
        assert_eq!(errors[0].0, 4, "{backend}");
        assert!(errors[0].2.contains("limit of 2"), "{backend}");
    }
}

#[tokio::test]
async fn empty_binary_and_truncated_files_are_refused_with_one_message() {
    for (_backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        let empty = service.preview_import(&cli, "ACME", b"", "x.csv").await;
        assert!(unreadable(empty).contains("empty"));
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
        let binary = service
            .preview_import(&cli, "ACME", &garbage, "x.csv")
            .await;
        assert!(!unreadable(binary).is_empty());
        let xlsx = pbx_interchange::export_xlsx([], Default::default()).unwrap();
        let truncated = service
            .preview_import(&cli, "ACME", &xlsx[..xlsx.len() / 2], "x.xlsx")
            .await;
        assert!(unreadable(truncated).contains("XLSX"));
    }
}

#[tokio::test]
async fn one_bad_row_in_ten_thousand_changes_nothing() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "BENCH", 20_000).await;
        let mut file = pbx_interchange::bench_support::generate_csv(9_999);
        file.extend_from_slice(b"bogus,99999\r\n");
        let cli = Actor::cli();
        let preview = service
            .preview_import(&cli, "BENCH", &file, "big.csv")
            .await
            .unwrap();
        assert_eq!(preview.report.errors.len(), 1, "{backend}");
        assert_eq!(preview.report.errors[0].line, 10_001, "{backend}");
        assert_eq!(preview.report.creates, 9_999, "{backend}");
        let outcome = service
            .apply_import(&cli, "BENCH", &preview.id)
            .await
            .unwrap();
        assert!(!outcome.applied, "{backend}");
        let tenant = service.get_tenant(&cli, "BENCH").await.unwrap();
        assert_eq!(tenant.extension_count, 0, "{backend}");
        let all = service.all_extensions(&cli, "BENCH").await.unwrap().1;
        assert!(all.is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn an_apply_that_meets_a_changed_database_writes_nothing() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        let file = b"kind,number,name\nsip,100,Ann\npjsip,101,Bob\n";
        let first = service
            .preview_import(&cli, "ACME", file, "a.csv")
            .await
            .unwrap();
        assert!(first.report.errors.is_empty(), "{backend}");
        let second = service
            .preview_import(&cli, "ACME", file, "a.csv")
            .await
            .unwrap();
        // Someone takes 101 as a virtual extension before the apply.
        service
            .create_extension(
                &cli,
                "ACME",
                &pbx_service::extensions::ExtensionInput {
                    kind: Some("virtual".into()),
                    number: Some("101".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let outcome = service.apply_import(&cli, "ACME", &first.id).await.unwrap();
        assert!(!outcome.applied, "{backend}");
        assert_eq!(
            errors(&outcome.report),
            [(
                3,
                "kind".into(),
                "number already taken by a virtual extension".into()
            )],
            "{backend}"
        );
        assert_eq!(count(&service).await, 1, "{backend}: 100 was not created");
        // The limit shrinks below what the file needs.
        service
            .delete_extension(&cli, "ACME", "101", false)
            .await
            .unwrap();
        service
            .update_tenant(&cli, "ACME", &serde_json::json!({"extension_limit": 1}))
            .await
            .unwrap();
        let outcome = service
            .apply_import(&cli, "ACME", &second.id)
            .await
            .unwrap();
        assert!(!outcome.applied, "{backend}");
        assert!(
            outcome.report.errors[0].message.contains("limit of 1"),
            "{backend}"
        );
        assert_eq!(count(&service).await, 0, "{backend}");
    }
}

#[tokio::test]
async fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        let file = b"kind,number,name,ring_timeout,virtual_members\n\
            sip,100,Ann,45,\n\
            virtual,200,Team,,100\n";
        let done = service
            .import_file(&cli, "ACME", file, "a.csv", NO_PROGRESS)
            .await
            .unwrap();
        assert!(done.applied, "{backend}: {:?}", done.report.errors);
        assert_eq!(done.report.creates, 2, "{backend}");
        match service.delete_extension(&cli, "ACME", "100", false).await {
            Err(ServiceError::Referenced { referrers, .. }) => {
                assert_eq!(referrers[0].number, "200", "{backend}: the member index");
            }
            other => panic!("{backend}: {other:?}"),
        }
        let before = service.all_extensions(&cli, "ACME").await.unwrap().1;
        let again = service
            .preview_import(&cli, "ACME", file, "a.csv")
            .await
            .unwrap();
        assert_eq!(
            (again.report.creates, again.report.updates),
            (0, 0),
            "{backend}"
        );
        assert_eq!(again.report.unchanged, 2, "{backend}");
        let applied = service.apply_import(&cli, "ACME", &again.id).await.unwrap();
        assert!(applied.applied, "{backend}");
        let after = service.all_extensions(&cli, "ACME").await.unwrap().1;
        let versions = |all: &[pbx_store::extensions::StoredExtension]| {
            all.iter().map(|s| s.extension.version).collect::<Vec<_>>()
        };
        assert_eq!(versions(&before), versions(&after), "{backend}");
        assert_eq!(
            after[0]
                .extension
                .settings
                .get_text("ring_timeout")
                .unwrap(),
            "45"
        );
        let audit = pbx_store::audit::of_tenant(
            &mut service.store().conn().await.unwrap(),
            "ACME",
            None,
            10,
        )
        .await
        .unwrap();
        let imported: Vec<_> = audit.iter().filter(|a| a.source == "import").collect();
        assert_eq!(
            imported.len(),
            2,
            "{backend}: one entry per created extension"
        );
        assert!(imported.iter().all(|a| a.action == "create"), "{backend}");
        assert!(
            audit
                .iter()
                .all(|a| a.source == "import" || a.action == "tenant_create"),
            "{backend}: the second apply wrote no audit entry"
        );
        let twice = service.apply_import(&cli, "ACME", &again.id).await;
        assert!(matches!(twice, Err(ServiceError::NotFound(_))), "{backend}");
    }
}

#[tokio::test]
async fn a_freepbx_bulk_handler_export_is_imported_end_to_end() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        let file = include_bytes!("../../interchange/tests/fixtures/freepbx_bulkhandler.csv");
        let outcome = service
            .import_file(&cli, "ACME", file, "bulkhandler.csv", NO_PROGRESS)
            .await
            .unwrap();
        assert!(outcome.applied, "{backend}: {:?}", outcome.report.errors);
        assert_eq!(
            outcome.report.unmapped,
            ["password", "voicemail", "context"]
        );
        let (_, dana) = service.get_extension(&cli, "ACME", "200").await.unwrap();
        assert_eq!(dana.extension.name.as_str(), "Dana Fox", "{backend}");
        assert_eq!(dana.extension.username.unwrap().as_str(), "200-ACME");
        assert_eq!(dana.extension.secret.unwrap().expose(), "Fx9-kq2!Lm7vZ");
        let (_, eli) = service.get_extension(&cli, "ACME", "201").await.unwrap();
        assert_eq!(
            eli.extension.kind,
            pbx_domain::ExtensionKind::Sip,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn importing_needs_the_import_permission_and_restricted_admins_only_update() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        let setup = b"kind,number\nsip,100\nsip,101\n";
        assert!(
            service
                .import_file(&cli, "ACME", setup, "s.csv", NO_PROGRESS)
                .await
                .unwrap()
                .applied
        );
        let tina = support::actor(&service, "tina", Role::TenantAdmin, &[], &[]).await;
        let refused = service.preview_import(&tina, "ACME", setup, "s.csv").await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden(_))),
            "{backend}"
        );
        let rita = support::actor(
            &service,
            "rita",
            Role::RestrictedAdmin,
            &[Permission::Import],
            &[("ACME", "100")],
        )
        .await;
        let file = b"number,name\n100,Mine\n101,Not mine\n102,New\n";
        let report = preview(&service, &rita, file).await;
        let lines: Vec<usize> = report.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4], "{backend}: {:?}", report.errors);
        assert_eq!(report.updates, 1, "{backend}");
        let ok = service
            .import_file(
                &rita,
                "ACME",
                b"number,name\n100,Mine\n",
                "m.csv",
                NO_PROGRESS,
            )
            .await
            .unwrap();
        assert!(ok.applied, "{backend}");
        let (_, mine) = service.get_extension(&cli, "ACME", "100").await.unwrap();
        assert_eq!(mine.extension.name.as_str(), "Mine", "{backend}");
    }
}

//! Rating through the service: rate tables as tenant objects, rates
//! replaced and imported all or nothing, the extension's `call_rate` (or the
//! tenant default) choosing the table, and who may change rates.

mod support;

use pbx_domain::rating::Money;
use pbx_domain::values::ObjectKind;
use pbx_service::rating::RateInput;
use pbx_service::{Actor, Role, ServiceError};
use serde_json::json;

const RATES: &[u8] = b"prefix,description,per_minute,connection_fee,billing\n44,UK,0.0125,0.05,60/60\n4479,UK mobile,0.10,0,30/6\n";

fn fields(error: ServiceError) -> Vec<String> {
    match error {
        ServiceError::Invalid(errors) => errors.0.into_iter().map(|e| e.field).collect(),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[tokio::test]
async fn a_call_is_priced_with_the_extensions_rate_table_by_longest_prefix() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let table = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "Retail", "")
            .await
            .unwrap();
        let rates = service
            .import_rates_csv(&cli, "ACME", table.id, RATES)
            .await
            .unwrap();
        assert_eq!(rates.len(), 2, "{backend}");
        let mut input = support::input("sip", "100", "Ann");
        input.settings_json = Some(json!({"call_rate": table.id}));
        service
            .create_extension(&cli, "ACME", &input)
            .await
            .unwrap();
        service
            .create_extension(&cli, "ACME", &support::input("sip", "101", "Bob"))
            .await
            .unwrap();

        let mobile = service
            .price_call(&cli, "ACME", "100", "+447911123456", 31)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (mobile.prefix.as_str(), mobile.amount),
            ("4479", Money::parse("0.06").unwrap()),
            "{backend}"
        );
        let fixed = service
            .price_call(&cli, "ACME", "100", "00442079460000", 61)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(fixed.amount, Money::parse("0.075").unwrap(), "{backend}");
        assert_eq!(
            service
                .price_call(&cli, "ACME", "101", "4420", 61)
                .await
                .unwrap(),
            None,
            "{backend}: no call_rate"
        );

        let book = service.rate_book(&cli, "ACME").await.unwrap();
        assert_eq!(
            book.price("100", "4479", 31).unwrap().amount,
            Money::parse("0.06").unwrap()
        );
        assert_eq!(
            book.max_seconds_within("100", Money::parse("0.10").unwrap(), "4420"),
            Some(240)
        );
        assert_eq!(book.table_id_for("101"), None, "{backend}");
    }
}

#[tokio::test]
async fn the_tenant_default_call_rate_prices_extensions_without_their_own() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let table = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "Default", "")
            .await
            .unwrap();
        service
            .import_rates_csv(&cli, "ACME", table.id, RATES)
            .await
            .unwrap();
        service
            .update_tenant(&cli, "ACME", &json!({"defaults": {"call_rate": table.id}}))
            .await
            .unwrap();
        service
            .create_extension(&cli, "ACME", &support::input("sip", "101", "Bob"))
            .await
            .unwrap();
        let priced = service
            .price_call(&cli, "ACME", "101", "4420", 60)
            .await
            .unwrap();
        assert_eq!(
            priced.unwrap().amount,
            Money::parse("0.0625").unwrap(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_call_rate_that_is_no_rate_table_is_refused() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let list = service
            .create_object(&cli, "ACME", ObjectKind::CallList, "Blocked", "+1900")
            .await
            .unwrap();
        for value in [json!(list.id), json!(9999)] {
            let mut input = support::input("sip", "100", "Ann");
            input.settings_json = Some(json!({"call_rate": value}));
            let refused = service
                .create_extension(&cli, "ACME", &input)
                .await
                .unwrap_err();
            assert_eq!(
                fields(refused),
                ["settings.outbound.call_rate"],
                "{backend}"
            );
        }
    }
}

#[tokio::test]
async fn a_file_with_one_bad_row_changes_nothing_and_names_row_and_field() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let table = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "Retail", "")
            .await
            .unwrap();
        service
            .import_rates_csv(&cli, "ACME", table.id, RATES)
            .await
            .unwrap();
        let bad = b"prefix,per_minute\n1,0.5\n1x,0.5\n33,-1\n";
        let refused = service
            .import_rates_csv(&cli, "ACME", table.id, bad)
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            ["rows[3].prefix", "rows[4].per_minute"],
            "{backend}"
        );
        let (_, rates) = service.rate_table(&cli, "ACME", table.id).await.unwrap();
        assert_eq!(rates.len(), 2, "{backend}: the earlier rates stay");
    }
}

#[tokio::test]
async fn replaced_rates_export_as_the_csv_they_import_from() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let table = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "Retail", "")
            .await
            .unwrap();
        let inputs = vec![
            RateInput {
                prefix: "+1".into(),
                per_minute: "0.01".into(),
                billing: "6/6".into(),
                ..Default::default()
            },
            RateInput {
                prefix: "1".into(),
                per_minute: "x".into(),
                ..Default::default()
            },
        ];
        let refused = service
            .replace_rates(&cli, "ACME", table.id, &inputs)
            .await
            .unwrap_err();
        assert_eq!(fields(refused), ["rates[1].per_minute"], "{backend}");
        let twice = vec![inputs[0].clone(), inputs[0].clone()];
        let refused = service
            .replace_rates(&cli, "ACME", table.id, &twice)
            .await
            .unwrap_err();
        assert_eq!(fields(refused), ["rates[1].prefix"], "{backend}");
        service
            .replace_rates(&cli, "ACME", table.id, &inputs[..1])
            .await
            .unwrap();
        let (name, csv) = service
            .export_rates_csv(&cli, "ACME", table.id)
            .await
            .unwrap();
        assert_eq!(name, "ACME-rates-Retail.csv");
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.contains("1,,0.01,0.00,6/6"), "{backend}: {text}");
        service
            .import_rates_csv(&cli, "ACME", table.id, &csv)
            .await
            .unwrap();
        let audit = service.audit_entries(&cli, "ACME", None).await.unwrap();
        let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
        assert!(
            actions.contains(&"rates_replace") && actions.contains(&"rates_import"),
            "{backend}: {actions:?}"
        );
    }
}

#[tokio::test]
async fn a_referenced_rate_table_cannot_be_deleted_and_an_unreferenced_one_takes_its_rates_along() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let used = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "Used", "")
            .await
            .unwrap();
        let spare = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "Spare", "")
            .await
            .unwrap();
        service
            .import_rates_csv(&cli, "ACME", spare.id, RATES)
            .await
            .unwrap();
        let mut input = support::input("sip", "100", "Ann");
        input.settings_json = Some(json!({"call_rate": used.id}));
        service
            .create_extension(&cli, "ACME", &input)
            .await
            .unwrap();
        assert_eq!(
            fields(
                service
                    .delete_object(&cli, "ACME", used.id)
                    .await
                    .unwrap_err()
            ),
            ["id"],
            "{backend}"
        );
        service.delete_object(&cli, "ACME", spare.id).await.unwrap();
        let tables = service.list_rate_tables(&cli, "ACME").await.unwrap();
        assert_eq!(tables.len(), 1, "{backend}");
        assert!(matches!(
            service.rate_table(&cli, "ACME", spare.id).await,
            Err(ServiceError::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn only_administrators_of_the_tenant_change_rates() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        support::tenant(&service, "OTHER", 10).await;
        let table = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "Retail", "")
            .await
            .unwrap();
        service
            .create_extension(&cli, "ACME", &support::input("sip", "100", "Ann"))
            .await
            .unwrap();
        let restricted = support::actor(
            &service,
            "rita",
            Role::RestrictedAdmin,
            &[],
            &[("ACME", "100")],
        )
        .await;
        let refused = service
            .import_rates_csv(&restricted, "ACME", table.id, RATES)
            .await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden(_))),
            "{backend}: {refused:?}"
        );
        service
            .create_user(
                "olga",
                "a long password 1",
                Role::TenantAdmin,
                &[],
                &["OTHER"],
                &[],
            )
            .await
            .unwrap();
        let token = service
            .login("olga", "a long password 1", "api")
            .await
            .unwrap();
        let other = service
            .authenticate(&token.token, pbx_service::Source::Api)
            .await
            .unwrap()
            .0;
        let refused = service
            .import_rates_csv(&other, "ACME", table.id, RATES)
            .await;
        assert!(
            matches!(
                refused,
                Err(ServiceError::NotFound(_) | ServiceError::Forbidden(_))
            ),
            "{backend}: {refused:?}"
        );
        let own = support::actor(&service, "tara", Role::TenantAdmin, &[], &[]).await;
        service
            .import_rates_csv(&own, "ACME", table.id, RATES)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_tenant_default_call_rate_must_be_a_rate_table_of_the_tenant() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let refused = service
            .update_tenant(&cli, "ACME", &json!({"defaults": {"call_rate": 4242}}))
            .await
            .unwrap_err();
        assert_eq!(fields(refused), ["defaults.call_rate"], "{backend}");
    }
}

#[tokio::test]
async fn the_call_rate_column_of_imports_and_exports_holds_the_rate_tables_name() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        support::tenant(&service, "ACME", 10).await;
        let gold = service
            .create_object(&cli, "ACME", ObjectKind::RateTable, "GOLD", "")
            .await
            .unwrap();
        let file = b"kind,number,name,call_rate\nsip,100,Ann,GOLD\nsip,101,Bob,\n";
        let report = service
            .import_file(&cli, "ACME", file, "x.csv", &|_| {})
            .await
            .unwrap()
            .report;
        assert!(report.errors.is_empty(), "{backend}: {:?}", report.errors);
        let priced = service.rate_book(&cli, "ACME").await.unwrap();
        assert_eq!(priced.table_id_for("100"), Some(gold.id), "{backend}");
        let request = pbx_service::exports::ExportRequest {
            format: pbx_service::exports::ExportFormat::Csv,
            query: Default::default(),
            numbers: None,
        };
        let export = service
            .export_extensions(&cli, "ACME", request)
            .await
            .unwrap();
        let text = String::from_utf8(export.bytes).unwrap();
        let ann = text.lines().find(|l| l.contains("Ann")).unwrap();
        assert!(ann.contains(",GOLD,"), "{backend}: {ann}");

        let unknown = b"kind,number,name,call_rate\nsip,102,Cy,SILVER\n";
        let report = service
            .import_file(&cli, "ACME", unknown, "x.csv", &|_| {})
            .await
            .unwrap()
            .report;
        assert_eq!(report.errors.len(), 1, "{backend}");
        assert!(
            report.errors[0].message.contains("SILVER"),
            "{:?}",
            report.errors
        );
    }
}

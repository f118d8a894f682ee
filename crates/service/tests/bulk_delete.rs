//! Bulk delete: a bounded list, deleted in one transaction (one change for
//! the projector), with a result per number.

mod support;

use pbx_service::extensions::BulkCreate;
use pbx_service::{Actor, ServiceError};

async fn outbox_rows(service: &pbx_service::Service) -> i64 {
    let mut conn = service.store().conn().await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM projection_outbox")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_thousand_numbers_go_in_one_transaction_and_more_are_refused() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 2000).await;
        let cli = Actor::cli();
        let bulk = BulkCreate {
            first: "1000".into(),
            last: "1999".into(),
            kind: "sip".into(),
            name_pattern: "Room {n}".into(),
        };
        service.bulk_create(&cli, "ACME", &bulk).await.unwrap();
        let too_many: Vec<String> = (0..1001).map(|i| (1000 + i).to_string()).collect();
        match service.bulk_delete(&cli, "ACME", &too_many, false).await {
            Err(ServiceError::Invalid(e)) => assert_eq!(
                (e.0[0].field.as_str(), e.0[0].message.as_str()),
                ("numbers", "at most 1000 numbers at a time (1001 were sent)"),
                "{backend}"
            ),
            other => panic!("{backend}: {other:?}"),
        }
        let before = outbox_rows(&service).await;
        let mut numbers: Vec<String> = (0..999).map(|i| (1000 + i).to_string()).collect();
        numbers.push("5555".into());
        let results = service
            .bulk_delete(&cli, "ACME", &numbers, false)
            .await
            .unwrap();
        assert_eq!(
            results.iter().filter(|(_, r)| r.is_ok()).count(),
            999,
            "{backend}"
        );
        assert!(matches!(&results[999], (n, Err(ServiceError::NotFound(_))) if n == "5555"));
        assert_eq!(
            outbox_rows(&service).await - before,
            1,
            "{backend}: one change"
        );
        let left = service
            .list_extensions(
                &cli,
                "ACME",
                pbx_store::extensions::ListQuery {
                    limit: 5,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(left.total, 1, "{backend}");
    }
}

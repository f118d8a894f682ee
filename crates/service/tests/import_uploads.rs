//! Uploads kept between preview and apply: sealed at rest, a few per
//! account and tenant, purged when their hour is over, and a huge header
//! cell is not echoed back.

mod support;

use pbx_service::{Actor, Permission, Role, ServiceError};
use sqlx::Row;

#[tokio::test]
async fn an_upload_is_stored_sealed_so_its_secrets_never_rest_in_plaintext() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        let file = b"number,kind,secret\n100,pjsip,Upl0aded-Secret-Value-42\n";
        let preview = service
            .preview_import(&Actor::cli(), "ACME", file, "export.csv")
            .await
            .unwrap();
        assert!(preview.report.errors.is_empty(), "{backend}");
        let mut conn = service.store().conn().await.unwrap();
        let mut stored: Vec<Vec<u8>> = Vec::new();
        for row in sqlx::query("SELECT content FROM imports")
            .fetch_all(&mut *conn)
            .await
            .unwrap()
        {
            stored.push(row.try_get("content").unwrap());
        }
        for row in sqlx::query("SELECT data FROM import_chunks")
            .fetch_all(&mut *conn)
            .await
            .unwrap()
        {
            stored.push(row.try_get("data").unwrap());
        }
        drop(conn);
        assert!(
            stored.iter().map(Vec::len).sum::<usize>() > file.len(),
            "{backend}: nothing stored"
        );
        let needle = b"Upl0aded-Secret";
        assert!(
            !stored
                .iter()
                .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle)),
            "{backend}: the secret is stored in plaintext"
        );
        let outcome = service
            .apply_import(&Actor::cli(), "ACME", &preview.id)
            .await
            .unwrap();
        assert!(outcome.applied, "{backend}: the sealed upload applies");
    }
}

#[tokio::test]
async fn an_account_keeps_three_uploads_per_tenant_and_a_tenant_ten() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        let file = b"number,kind,name\n100,pjsip,Alex\n";
        let mut first = Vec::new();
        for _ in 0..5 {
            let preview = service
                .preview_import(&Actor::cli(), "ACME", file, "a.csv")
                .await
                .unwrap();
            first.push(preview.id);
        }
        for (i, id) in first.iter().enumerate() {
            let result = service.apply_import(&Actor::cli(), "ACME", id).await;
            match (i, result) {
                (0 | 1, Err(ServiceError::NotFound(_))) => {}
                (2..=4, Ok(outcome)) => assert!(outcome.applied, "{backend}: upload {i}"),
                (i, other) => panic!("{backend}: upload {i}: {other:?}"),
            }
        }
        let mut ids = Vec::new();
        for name in ["ann", "ben", "cat", "dan"] {
            let actor = support::actor(
                &service,
                name,
                Role::TenantAdmin,
                &[Permission::Import],
                &[],
            )
            .await;
            for _ in 0..3 {
                let id = service
                    .preview_import(&actor, "ACME", file, "a.csv")
                    .await
                    .unwrap()
                    .id;
                ids.push((actor.clone(), id));
            }
        }
        let mut kept = 0;
        for (actor, id) in &ids {
            if service.apply_import(actor, "ACME", id).await.is_ok() {
                kept += 1;
            }
        }
        assert_eq!(kept, 10, "{backend}");
        let (oldest_actor, oldest) = &ids[0];
        assert!(matches!(
            service.apply_import(oldest_actor, "ACME", oldest).await,
            Err(ServiceError::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn expired_uploads_are_purged_without_waiting_for_another_upload() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        let mut conn = service.store().conn().await.unwrap();
        let tenant = pbx_store::tenants::by_code(&mut conn, "ACME")
            .await
            .unwrap();
        pbx_store::imports::insert(&mut conn, "old", tenant.id, 0, "a.csv", b"number\n100\n", 1)
            .await
            .unwrap();
        drop(conn);
        assert_eq!(
            service.purge_expired_imports().await.unwrap(),
            1,
            "{backend}"
        );
        let mut conn = service.store().conn().await.unwrap();
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_chunks")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(left, 0, "{backend}");
    }
}

#[tokio::test]
async fn a_huge_header_cell_is_not_echoed_back() {
    let (_, service, _dir) = support::backends().await.remove(0);
    support::tenant(&service, "ACME", 100).await;
    let header = "h".repeat(1 << 20);
    let file = format!("number,{header}\n100,x\n");
    let report = service
        .check_import(&Actor::cli(), "ACME", file.as_bytes(), "a.csv", &|_| {})
        .await
        .unwrap();
    let unknown = report
        .errors
        .iter()
        .find(|e| e.message.starts_with("unknown column"))
        .unwrap();
    assert_eq!(unknown.column, format!("{}…", "h".repeat(64)));
    let freepbx = format!("extension,tech,{header}\n100,pjsip,x\n");
    let report = service
        .check_import(&Actor::cli(), "ACME", freepbx.as_bytes(), "a.csv", &|_| {})
        .await
        .unwrap();
    assert_eq!(report.unmapped, [format!("{}…", "h".repeat(64))]);
}

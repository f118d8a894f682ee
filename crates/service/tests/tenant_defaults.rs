//! A tenant's defaults never hold a web password: one shared by every new
//! extension is no password, and the tenant's answer would carry its hash.

mod support;

use pbx_service::{Actor, ServiceError};
use serde_json::json;

#[tokio::test]
async fn a_web_password_is_refused_as_a_tenant_default_and_nothing_changes() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let body = json!({"defaults": {"web_password": "A long web password 7", "dnd": true}});
        let refused = service
            .update_tenant(&Actor::cli(), "ACME", &body)
            .await
            .expect_err("a default web password is refused");
        let ServiceError::Invalid(errors) = refused else {
            panic!("{backend}: {refused:?}");
        };
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["defaults.web_password"], "{backend}");
        let stored = service.get_tenant(&Actor::cli(), "ACME").await.unwrap();
        assert!(
            !stored.tenant.defaults.information.dnd,
            "{backend}: nothing changed"
        );
        let accepted = json!({"defaults": {"dnd": true}});
        service
            .update_tenant(&Actor::cli(), "ACME", &accepted)
            .await
            .unwrap();
    }
}
